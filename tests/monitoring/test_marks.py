"""Suppression marks decided once over areas and periods (monitoring/marks.py): a quarter
hidden as "<5" cannot be recomputed as its half year minus the other quarter, and every
page and export shows the same mark for the same cell."""

import random

import pytest

from netwerkdossier.access.dashboards import Choice
from netwerkdossier.monitoring import areas, dashboard, marks, periods
from netwerkdossier.monitoring.data import Data
from netwerkdossier.monitoring.exchange import region_export
from netwerkdossier.monitoring.indicators import all_indicators, get
from netwerkdossier.monitoring.models import Aggregate, Area
from netwerkdossier.organisations.models import Region

from .test_indicators import EVENTS

H1 = periods.parse("2021-H1")
K1, K2 = H1.quarters()
REPORTS = get("nieuwe_meldingen")  # events in the period: adds up over quarters
HOUSEHOLDS = get("huishoudens_ondersteund")  # families running: does not


def quarter_cells(unit, h, k1, k2):
    return {(*unit, H1.key): (h, 0), (*unit, K1.key): (k1, 0), (*unit, K2.key): (k2, 0)}


def test_a_small_quarter_is_not_given_away_by_its_half_year():
    # 12 = 3 + 9: with only "3" hidden, the half year minus the other quarter gives it.
    cells = quarter_cells((areas.ORGANISATION, "7"), 12, 3, 9)
    assert marks.decide(REPORTS, cells, [H1], []) == {
        (areas.ORGANISATION, "7", K1.key): "<5", (areas.ORGANISATION, "7", K2.key): "x"}


def test_an_indicator_that_does_not_add_up_over_quarters_hides_only_the_small_one():
    # A family running in both quarters counts once in the half year: 12 is no sum.
    cells = quarter_cells((areas.ORGANISATION, "7"), 12, 3, 9)
    assert marks.decide(HOUSEHOLDS, cells, [H1], []) == {
        (areas.ORGANISATION, "7", K1.key): "<5"}


def test_no_group_is_ever_left_with_a_single_hidden_cell():
    """Random figures for two regions of three municipalities, the country and the
    pilots, a half year and its quarters: after marking, no area or period group has
    exactly one hidden cell, and every small cell is hidden."""
    rng = random.Random(15)
    regions = {"1": ["a", "b", "c"], "2": ["d", "e", "f"]}
    groups = [((areas.REGION, r), [(areas.MUNICIPALITY, m) for m in ms])
              for r, ms in regions.items()]
    groups += [((areas.COUNTRY, areas.NETHERLANDS), [(areas.REGION, r) for r in regions]),
               ((areas.PILOTS, areas.ALL_PILOTS), [(areas.REGION, "1")]),
               ((areas.COUNTRY, areas.NETHERLANDS),
                [(areas.PILOTS, areas.ALL_PILOTS), (areas.REGION, "2")])]
    for _ in range(300):
        cells = {}
        for ms in regions.values():
            for m in ms:
                k1, k2 = rng.choice([0, 1, 3, 6, 20]), rng.choice([0, 2, 4, 8, 30])
                cells.update(quarter_cells((areas.MUNICIPALITY, m), k1 + k2, k1, k2))
        for period in (H1.key, K1.key, K2.key):
            for r, ms in regions.items():
                cells[(areas.REGION, r, period)] = (
                    sum(cells[(areas.MUNICIPALITY, m, period)][0] for m in ms), 0)
            cells[(areas.COUNTRY, areas.NETHERLANDS, period)] = (
                sum(cells[(areas.REGION, r, period)][0] for r in regions), 0)
            cells[(areas.PILOTS, areas.ALL_PILOTS, period)] = cells[(areas.REGION, "1", period)]
        hidden = marks.decide(REPORTS, cells, [H1], groups)
        assert {k for k, (n, _d) in cells.items() if 0 < n < 5} <= set(hidden)
        units = {key[:2] for key in cells}
        lattice = [[(*total, p), *[(*part, p) for part in parts]]
                   for total, parts in groups for p in (H1.key, K1.key, K2.key)]
        lattice += [[(*u, H1.key), (*u, K1.key), (*u, K2.key)] for u in units]
        for members in lattice:
            assert sum(1 for m in members if m in hidden) != 1, (members, hidden)


def _shown(built, key, name) -> str:
    """The half year's cell of row `name` in indicator `key`'s table of a dashboard."""
    table = next(t for section in built["sections"] for t in section["tables"]
                 if t["indicator"].key == key)
    return next(r for r in table["rows"] if r["name"] == name)["cells"][-1]["text"]


def test_the_country_minus_the_pilots_does_not_give_back_a_hidden_region(db):
    """Two pilot regions and one other, whose 3 reports are hidden as "<5": the national
    programme sees the country and the pilots' total, whose difference is that region.
    One of the two totals must be hidden too (area_groups: the country is also the
    pilots plus the other regions)."""
    from netwerkdossier.access.dashboards import Choice

    one = Region.objects.create(code="p1", name="Proef Een", is_pilot=True)
    two = Region.objects.create(code="p2", name="Proef Twee", is_pilot=True)
    small = Region.objects.create(code="klein", name="Kleinland", is_pilot=False)
    figures = {(areas.REGION, str(one.pk)): 40, (areas.REGION, str(two.pk)): 60,
               (areas.REGION, str(small.pk)): 3, (areas.COUNTRY, areas.NETHERLANDS): 103,
               (areas.PILOTS, areas.ALL_PILOTS): 100}
    for (level, unit), n in figures.items():
        Aggregate.objects.create(indicator=REPORTS.key, period=H1.key, level=level,
                                 unit=unit, numerator=n, denominator=0)
    marks.apply([H1.key])
    country = dashboard.build(Choice(areas.COUNTRY, areas.NETHERLANDS, "Nederland"), H1)
    pilots = dashboard.build(Choice(areas.PILOTS, areas.ALL_PILOTS, "Alle proeftuinen"), H1)
    assert _shown(country, REPORTS.key, "Kleinland") == "<5"
    totals = (_shown(country, REPORTS.key, "Nederland"),
              _shown(pilots, REPORTS.key, "Alle proeftuinen"))
    assert "x" in totals, totals


@pytest.mark.parametrize("indicator", [i for i in all_indicators()
                                       if not i.adds_up_over_periods],
                         ids=lambda i: i.key)
def test_an_indicator_said_not_to_add_up_over_quarters_really_does_not(indicator):
    """The safe default is to add up; saying otherwise must be true. On the hand-built
    events of test_indicators (families running across both quarters of 2026-H1), the
    half year is not the sum of its quarters, in the numerator and, where there is one,
    the denominator."""
    data = Data(EVENTS)
    half = periods.parse("2026-H1")
    whole = indicator.compute(data, half)
    parts = [indicator.compute(data, q) for q in half.quarters()]
    units = set(whole) | {u for p in parts for u in p}

    def sums_up(i):
        return all(whole.get(u, [0, 0])[i] == sum(p.get(u, [0, 0])[i] for p in parts)
                   for u in units)

    assert not sums_up(0)
    has_denominator = any(whole.get(u, [0, 0])[1] for u in units)
    assert not has_denominator or not sums_up(1)


@pytest.fixture
def two_municipalities(cast):
    """New reports in 2021 by quarter: Oostdorp 3 + 9 = 12, Westdorp 20 + 20 = 40, the
    region 23 + 29 = 52 (hand-built aggregates, marked as a refresh marks them)."""
    region = Region.objects.create(code="marks", name="Markeerland (synthetisch)")
    east = Area.objects.create(region=region, municipality="Oostdorp")
    west = Area.objects.create(region=region, municipality="Westdorp")
    figures = {east.pk: (12, 3, 9), west.pk: (40, 20, 20)}
    figures_by_level = [(areas.MUNICIPALITY, str(pk), f) for pk, f in figures.items()]
    figures_by_level.append((areas.REGION, str(region.pk), (52, 23, 29)))
    for level, unit, numbers in figures_by_level:
        for period, n in zip((H1, K1, K2), numbers, strict=True):
            Aggregate.objects.create(indicator=REPORTS.key, period=period.key, level=level,
                                     unit=unit, numerator=n, denominator=0)
    marks.apply([K1.key])  # the whole half year is decided together
    return region


def shown(built, name):
    table = next(t for s in built["sections"] for t in s["tables"]
                 if t["indicator"].key == REPORTS.key)
    row = next(r for r in table["rows"] if r["name"] == name)
    return [c["text"] for c in row["cells"]]


def test_every_page_and_export_hides_the_same_cells(two_municipalities):
    region = two_municipalities
    choice = Choice(areas.REGION, str(region.pk), region.name)
    quarters = dashboard.build(choice, K2)
    assert shown(quarters, "Oostdorp")[-2:] == ["<5", "x"]
    # 23 - Westdorp's K1 would give Oostdorp's; hiding Oostdorp's K2 (else 12 - 9) opens
    # the K2 group, so Westdorp's K2 goes too.
    assert shown(quarters, "Westdorp")[-2:] == ["x", "x"]
    assert shown(quarters, region.name)[-2:] == ["23", "29"]
    halves = dashboard.build(choice, H1)
    assert shown(halves, "Oostdorp")[-1] == "12"
    exported = {(c["unit"], c["period"]): c.get("suppressed") or c["numerator"]
                for c in region_export.cells_for(region, [K1.key, K2.key])
                if c["indicator"] == REPORTS.key}
    assert exported[("Oostdorp", K1.key)] == "<5"
    assert exported[("Oostdorp", K2.key)] == "x"
    assert exported[("Westdorp", K2.key)] == "x"
    assert exported[("Westdorp", K1.key)] == "x"
