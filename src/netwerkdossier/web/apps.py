from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "netwerkdossier.web"
    label = "web"
