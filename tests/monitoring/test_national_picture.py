"""The national picture from imported regional exports (exchange/national.py and the
programme team's dashboard): the figures are the sum of the imported regions, a cell a
region hid adds nothing, and the dashboard shows the imported regions beside the local
ones, each marked by its source."""

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access.context import context_for
from netwerkdossier.access.monitoring_exchange import import_region_context
from netwerkdossier.monitoring import areas, periods, refresh
from netwerkdossier.monitoring.exchange import national, region_import
from netwerkdossier.monitoring.models import Aggregate

from .exchange_helpers import COUNT_KEY, document, keypair, region_cell, signed_bytes
from .test_dashboards import reports

SHARE = "triage_binnen_termijn"


@pytest.fixture
def three_regions(cast, policy):
    """Hand-built exports for one half year: new reports 40, 25 and hidden (<5); triage
    within the term 30 of 40 and 10 of 20 (and none for the third)."""
    period = periods.containing(timezone.localdate(), "H").key
    ctx = import_region_context(context_for(cast.users["nadia"]))
    figures = {"noordkust": [(COUNT_KEY, 40, 0, ""), (SHARE, 30, 40, "")],
               "zuidland": [(COUNT_KEY, 25, 0, ""), (SHARE, 10, 20, "")],
               "middenveld": [(COUNT_KEY, None, None, "<5")]}
    for code, cells in figures.items():
        private, trusted = keypair(code)
        doc = document(code, [region_cell(code, i, period, n, d, mark)
                              for i, n, d, mark in cells], periods=(period,),
                       name=code.title() + " (synthetisch)")
        region_import.import_file(ctx, signed_bytes(doc, private), trusted)
    return period


def test_national_figures_are_the_sum_of_the_imported_regions(three_regions):
    found = national.totals([three_regions])
    assert found[(COUNT_KEY, three_regions)] == [65, 0, 1]  # 40 + 25, one region hidden
    assert found[(SHARE, three_regions)] == [40, 60, 0]  # 30 + 10 of 40 + 20


def test_the_dashboard_shows_imported_regions_beside_the_local_ones(login, cast, ctx_of,
                                                                   three_regions):
    reports(cast, ctx_of, 6)  # six new reports here, this half year
    refresh.refresh()
    local = Aggregate.objects.filter(indicator=COUNT_KEY, period=three_regions,
                                     level=areas.COUNTRY).values_list("numerator", flat=True)
    local_total = sum(local)
    assert local_total >= 6
    html = login("nadia", purpose=None).get(
        reverse("monitoring:dashboard", kwargs={"name": "landelijk"})).content.decode()
    section = html.split('data-indicator="nieuwe_meldingen"')[1].split("</section>")[0]
    assert "Noordkust (synthetisch) (regio-export van" in section
    assert "Regio Waterland-Noord (synthetisch) (deze installatie)" in section
    assert "Nederland: deze installatie en ingelezen regio&#x27;s (totaal)" in section
    rows = {r.split("</th>")[0].split(">")[-1]: r for r in section.split("<tr")[1:]}
    middle = next(r for name, r in rows.items() if name.startswith("Middenveld"))
    assert middle.rstrip().split("<td")[-1].split(">")[1].startswith("&lt;5")
    total = next(r for name, r in rows.items() if name.startswith("Nederland"))
    assert total.split("<td")[-1].split(">")[1].split("<")[0] == str(local_total + 65)
    assert 'data-testid="ingelezen-regios"' in html


def test_secondary_suppression_never_hides_a_figure_a_region_published(cast, policy):
    """Local region 1 report (hidden <5, and so the local country total) + imported 120 =
    total 121. Hiding the imported 120 would protect nothing (it is public in the region's
    own export): the total is hidden, as the local total it would give back is."""
    from netwerkdossier.access.dashboards import Choice
    from netwerkdossier.monitoring import dashboard, marks

    period = "2021-H1"
    here = str(cast.household.region_id)
    for level, unit in ((areas.REGION, here), (areas.COUNTRY, areas.NETHERLANDS)):
        Aggregate.objects.create(indicator=COUNT_KEY, period=period, level=level, unit=unit,
                                 numerator=1, denominator=0)
    marks.apply([period])
    ctx = import_region_context(context_for(cast.users["nadia"]))
    private, trusted = keypair("kust")
    doc = document("kust", [region_cell("kust", COUNT_KEY, period, 120, 0)],
                   periods=(period,), name="Kust (synthetisch)")
    region_import.import_file(ctx, signed_bytes(doc, private), trusted)

    built = dashboard.build(Choice(areas.COUNTRY, areas.NETHERLANDS, "Nederland"),
                            periods.parse(period))
    count = next(t for section in built["sections"] for t in section["tables"]
                 if t["indicator"].key == COUNT_KEY)
    texts = {row["name"].split(" (")[0]: row["cells"][-1]["text"] for row in count["rows"]}
    assert texts["Kust"] == "120"
    assert texts[cast.household.region.name.split(" (")[0]] == "<5"
    assert texts["Nederland: deze installatie en ingelezen regio's"] == "x"
