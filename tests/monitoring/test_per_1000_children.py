"""The indicators "per 1,000 children" with the CBS population figures (population.py):
the denominator is the children 0-17 of the municipalities with a figure, the latest of
the period's year or before; a measure in a municipality without a figure does not
count, so numerator and denominator cover the same area."""

from datetime import date

import pytest

from netwerkdossier.monitoring import periods
from netwerkdossier.monitoring.data import Data, Row
from netwerkdossier.monitoring.indicators import get
from netwerkdossier.monitoring.refresh import compute

H1 = periods.parse("2026-H1")


def measure(on, area, household, code="ots"):
    return Row("measure", code, date.fromisoformat(on), 1, area, 100, household, None,
               None, None, None)


EVENTS = [measure("2026-02-01", 10, "h1"), measure("2026-03-01", 10, "h2"),
          measure("2026-04-01", 11, "h3"), measure("2026-05-01", 12, "h4"),
          measure("2026-05-02", 10, "h5", code="machtiging_uithuisplaatsing"),
          measure("2025-12-31", 10, "h6")]  # before the period
# 2025: areas 10 and 11; 2024 only for area 12 (its latest figure); 2027 is later.
POPULATION = {2024: {(1, 12): 999, (1, 10): 1}, 2025: {(1, 10): 4000, (1, 11): 1000},
              2027: {(1, 10): 1}}


def totals(key, population):
    found = get(key).compute(Data(EVENTS, population=population), H1)
    return (sum(v[0] for v in found.values()), sum(v[1] for v in found.values()))


def test_ots_per_1000_children_of_the_population():
    assert totals("ots_per_1000_kinderen", POPULATION) == (4, 5999)
    assert get("ots_per_1000_kinderen").value(4, 5999) == pytest.approx(4000 / 5999)
    assert totals("uithuisplaatsingen_per_1000_kinderen", POPULATION) == (1, 5999)


def test_a_municipality_without_a_figure_counts_in_neither():
    only_10 = {2025: {(1, 10): 4000}}
    assert totals("ots_per_1000_kinderen", only_10) == (2, 4000)
    assert totals("ots_per_1000_kinderen", {}) == (0, 0)
    assert get("ots_per_1000_kinderen").value(0, 0) is None


def test_the_figures_add_up_to_municipality_and_region():
    rows = {(r.indicator, r.level, r.unit): (r.numerator, r.denominator)
            for r in compute(Data(EVENTS, population=POPULATION), H1, pilot_regions={1})}
    key = "ots_per_1000_kinderen"
    assert rows[(key, "gemeente", "10")] == (2, 4000)
    assert rows[(key, "gemeente", "12")] == (1, 999)
    assert rows[(key, "regio", "1")] == (4, 5999)
    assert rows[(key, "organisatie", "100")] == (4, 0)  # no population: no value
