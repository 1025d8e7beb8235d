"""The half-yearly progress report (voortgangsrapportage) of a pilot region or of all
pilot regions together: the indicators of the half year and the three before it, with
suppression exactly as on the dashboards (dashboard.build), and the questionnaire
answers of that year and the year before, ordered by the four principles
(principles.py): each indicator and question under the principle it serves.

One builder for the HTML page and the PDF (report_pdf.py), so the two cannot differ.
Reads only aggregates and questionnaire answers: nothing here knows a household."""

from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.dashboards import Choice
from netwerkdossier.organisations.models import Region

from . import areas, dashboard, periods, principles, questionnaire
from .suppression import MIN_CELL, PRIMARY, SECONDARY


def section_titles() -> list[str]:
    """Every section heading of the report, in order (tests and the guide name them)."""
    return [_("Over deze rapportage"),
            *[f"{n}. {principles.title(k)}" for n, k in enumerate(principles.KEYS, start=1)],
            _("Verantwoording")]


def half_years(today) -> list:
    """The half years to choose from, newest first (as on the dashboards)."""
    return dashboard.period_options("H", today)


def default_half_year(today):
    """The last half year that is over: a report looks back."""
    return periods.containing(today, "H").previous()


def choice_for(scope) -> Choice:
    if scope.region is None:
        return Choice(areas.PILOTS, areas.ALL_PILOTS, str(areas.LABELS[areas.PILOTS]))
    return Choice(areas.REGION, str(scope.region.pk), scope.region.name)


def build(scope, period) -> dict:
    """The report of `scope` (access.reports.Scope) for half year `period`."""
    choice = choice_for(scope)
    built = dashboard.build(choice, period)
    tables = [t for section in built["sections"] for t in section["tables"]]
    regions = ([scope.region] if scope.region is not None
               else list(Region.objects.filter(is_pilot=True).order_by("name")))
    years = [period.year - 1, period.year]
    answers = {s["key"]: s["tables"] for s in questionnaire.compare(regions, years)}
    sections = []
    for number, key in enumerate(principles.KEYS, start=1):
        title, about = principles.PRINCIPLES[key]
        sections.append({
            "key": key, "title": f"{number}. {title}", "about": str(about),
            "tables": [t for t in tables if t["indicator"].principle == key],
            "answers": answers.get(key, [])})
    return {
        "title": _("Voortgangsrapportage %(area)s, %(period)s") % {
            "area": scope.label, "period": period.label},
        "scope": scope, "choice": choice, "period": period, "periods": built["periods"],
        "years": years, "regions": regions, "sections": sections,
        "made_on": timezone.localdate(), "min_cell": MIN_CELL,
        "marks": {"primary": PRIMARY, "secondary": SECONDARY},
        "intro": _("Deze rapportage is gemaakt uit de cijfers van Netwerkdossier en de "
                   "antwoorden op de vragenlijst voor de proeftuinen, niet met de hand. De "
                   "cijfers gaan over het %(period)s en de drie perioden ervoor; de "
                   "vragenlijst over %(first)s en %(last)s. Per principe van het "
                   "Toekomstscenario staan de indicatoren en de vragen die erbij horen.") % {
            "period": period.label, "first": years[0], "last": years[1]},
        "suppression": _("Een cel die rust op minder dan %(n)s gezinnen of gebeurtenissen "
                         "toont %(primary)s. Waar cellen optellen tot een totaal, is een "
                         "tweede cel afgeschermd (%(secondary)s), zodat de eerste niet is "
                         "terug te rekenen. – betekent: geen gegevens.") % {
            "n": MIN_CELL, "primary": PRIMARY, "secondary": SECONDARY},
        "accountability": [
            _("Indicatoren: berekend uit de monitoringsgebeurtenissen (codes, datums en "
              "aantallen, zonder namen, BSN of vrije tekst); de definities staan in de "
              "indicatorendocumentatie (docs/monitoring/indicatoren.md)."),
            _("Per 1.000 kinderen: met de CBS-bevolkingscijfers van 0 tot 18 jaar per "
              "gemeente (CBS StatLine), het laatste cijfer van het jaar of ervoor."),
            _("Vragenlijst: de antwoorden van de proeftuinregio's per jaar. De formulering "
              "van de vragen is synthetisch waar dat bij de vraag staat."),
            _("Deze rapportage bevat alleen aantallen: geen gezin, geen naam en geen "
              "traject."),
        ],
    }
