from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "netwerkdossier.cases"
    label = "cases"
    verbose_name = "Trajecten"
