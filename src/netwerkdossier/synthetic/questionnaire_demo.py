"""The pilots' questionnaire in the demo (issue 15, point 5): answers of the demo's
pilot region and of a second synthetic pilot region for last year and this year, so
the comparison and the progress report show something, and synthetic CBS figures of
children 0-17 for the demo municipalities (statline_kinderen_synthetisch.csv, imported
as `netwerkdossier monitoring import-statline` would). All invented (decision 0011)."""

from pathlib import Path

from django.utils import timezone

from netwerkdossier.monitoring import statline
from netwerkdossier.monitoring.models import QuestionnaireAnswer
from netwerkdossier.organisations.models import Region

STATLINE_FILE = Path(__file__).parent / "statline_kinderen_synthetisch.csv"
SECOND_REGION = ("kustland-synthetisch", "Regio Kustland (synthetisch)")
# question -> (last year's answer, this year's answer), per region: the demo region
# improves on most questions; the second region starts further and changes less.
ANSWERS = {
    "demo": {"gezinsplan_met_gezin": (55, 72), "kinderen_gehoord": ("soms", "meestal"),
             "leerbijeenkomsten": (6, 11), "cijfers_besproken": (0, 1),
             "een_toegang": (1, 1), "samenwerking_rvt": (3, 4),
             "clientondersteuning": (40, 58), "inzage_gezin": ("deels", "ja")},
    "second": {"gezinsplan_met_gezin": (64, 66), "kinderen_gehoord": ("meestal", "meestal"),
               "leerbijeenkomsten": (9, 8), "cijfers_besproken": (1, 1),
               "een_toegang": (0, 1), "samenwerking_rvt": (2, 3),
               "clientondersteuning": (51, 49), "inzage_gezin": ("nee", "deels")},
}


def _store(region, year, answers: dict, which: int) -> None:
    for key, pair in answers.items():
        value = pair[which]
        number, choice = (None, value) if isinstance(value, str) else (value, "")
        QuestionnaireAnswer.objects.update_or_create(
            region=region, year=year, question=key,
            defaults={"number": number, "choice": choice})


def build(region) -> dict:
    """Answers for `region` (the demo's pilot region) and a second pilot region, and
    the CBS figures. The caller refreshes the monitoring figures afterwards."""
    this_year = timezone.localdate().year
    second, _created = Region.objects.get_or_create(
        code=SECOND_REGION[0], defaults={"name": SECOND_REGION[1], "is_pilot": True})
    regions = {"demo": region, "second": second}
    for name, region in regions.items():
        for which, year in enumerate((this_year - 1, this_year)):
            _store(region, year, ANSWERS[name], which)
    statline.import_file(STATLINE_FILE.read_bytes())
    return regions
