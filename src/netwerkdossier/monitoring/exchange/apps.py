from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "netwerkdossier.monitoring.exchange"
    label = "monitoring_exchange"
    verbose_name = "Monitoring: uitwisseling"
    default_auto_field = "django.db.models.BigAutoField"
