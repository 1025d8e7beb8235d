from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "netwerkdossier.households"
    label = "households"
    verbose_name = "Huishoudens"
