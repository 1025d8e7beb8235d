from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "netwerkdossier.api"
    label = "api"
