from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "netwerkdossier.audit"
    label = "audit"
    verbose_name = "Toegangslog"
