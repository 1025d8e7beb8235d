from django.apps import AppConfig
from django.core import checks


class AnalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "netwerkdossier.analysis"

    def ready(self):
        checks.register(check_instruments)


def check_instruments(app_configs=None, **kwargs):
    """`manage.py check` (and server start) names every problem in an instrument file."""
    from .instruments import INSTRUMENTS_DIR, InstrumentDefinitionError, load_file

    errors = []
    for path in sorted(INSTRUMENTS_DIR.glob("*.toml")):
        try:
            load_file(path)
        except InstrumentDefinitionError as exc:
            errors.extend(checks.Error(f"{path.name}: {problem}", id="analysis.E001")
                          for problem in exc.problems)
    return errors
