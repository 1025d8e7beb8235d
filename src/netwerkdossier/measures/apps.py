from django.apps import AppConfig
from django.core import checks


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "netwerkdossier.measures"
    verbose_name = "Maatregelen"

    def ready(self):
        checks.register(check_measure_rules)


def check_measure_rules(app_configs=None, **kwargs):
    """`manage.py check` names every problem in the measure catalogue and in who records
    which measures (rules/measures.toml, rules/measure_recorders.toml)."""
    from .catalogue import MeasureCatalogueError, catalogue
    from .recorders import recorders

    errors = []
    for load in (catalogue, recorders):
        try:
            load()
        except MeasureCatalogueError as exc:
            errors.extend(checks.Error(f"{exc.name}: {p}", id="measures.E001")
                          for p in exc.problems)
    return errors
