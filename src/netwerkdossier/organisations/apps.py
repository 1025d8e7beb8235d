from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "netwerkdossier.organisations"
    label = "organisations"
    verbose_name = "Organisaties"
