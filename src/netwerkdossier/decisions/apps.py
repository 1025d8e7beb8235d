from django.apps import AppConfig
from django.core import checks


class DecisionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "netwerkdossier.decisions"
    verbose_name = "Besluiten en verzoekschriften"

    def ready(self):
        checks.register(check_request_rules)


def check_request_rules(app_configs=None, **kwargs):
    """`manage.py check` names every problem in rules/measure_requests.toml."""
    from .request_rules import RequestRulesError, request_rules

    try:
        request_rules()
    except RequestRulesError as exc:
        return [checks.Error(str(exc), id="decisions.E001")]
    return []
