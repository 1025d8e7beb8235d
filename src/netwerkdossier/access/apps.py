from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "netwerkdossier.access"
    label = "access"
    verbose_name = "Toegang"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from netwerkdossier.organisations.models import Organisation

        from . import catalogue, person_reach  # noqa: F401 - catalogue registers its check
        from .entry_rules import forget_sharing_rules
        from .models import SharingAgreement, SharingRule

        for model in (SharingAgreement, SharingRule, Organisation):
            post_save.connect(forget_sharing_rules, sender=model,
                              dispatch_uid=f"forget_rules_{model.__name__}")
            post_delete.connect(forget_sharing_rules, sender=model,
                                dispatch_uid=f"forget_rules_delete_{model.__name__}")
        person_reach.connect_signals()
