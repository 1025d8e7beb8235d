from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "netwerkdossier.synthetic"
    label = "synthetic"
    verbose_name = "Synthetische gegevens"
