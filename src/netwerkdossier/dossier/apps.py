from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "netwerkdossier.dossier"
    label = "dossier"
    verbose_name = "Dossier"
