from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "netwerkdossier.access"
    label = "access"
    verbose_name = "Toegang"
