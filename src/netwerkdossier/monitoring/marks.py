"""Suppression marks on the stored aggregates, decided once over every area and period
(docs/decisions/0045, 0052).

A cell can be recomputed from cells shown elsewhere in two directions: from the area
above (a region minus its other municipalities; the country or the pilots minus their
other regions) and from the period above (a half year minus its other quarter, for an
indicator that adds up over periods). Deciding per table would hide a cell on one page
and show it on another, so the marks are decided here over the whole lattice of a half
year (the half year and its two quarters, for every unit) and stored on the
aggregates; the dashboards, the progress report and the regional export only read them.
"""

from collections import defaultdict

from netwerkdossier.organisations.models import Region

from . import areas, periods, suppression
from .indicators import all_indicators
from .models import Aggregate, Area


def area_groups() -> list[tuple[tuple, list[tuple]]]:
    """(total unit, [part units]) whose parts add up to the total, as (level, unit)."""
    regions = list(Region.objects.values_list("pk", "is_pilot"))
    municipalities = defaultdict(list)
    for pk, region_id in Area.objects.values_list("pk", "region_id"):
        municipalities[region_id].append((areas.MUNICIPALITY, str(pk)))
    groups = [((areas.REGION, str(r)), municipalities[r]) for r, _pilot in regions
              if municipalities[r]]
    pilots = (areas.PILOTS, areas.ALL_PILOTS)
    groups.append(((areas.COUNTRY, areas.NETHERLANDS),
                   [(areas.REGION, str(r)) for r, _pilot in regions]))
    groups.append((pilots, [(areas.REGION, str(r)) for r, pilot in regions if pilot]))
    # Both totals are shown, so the country is also the pilots' total plus the other
    # regions: without this group the country minus the pilots gives back a non-pilot
    # region hidden alone.
    if any(pilot for _r, pilot in regions):
        groups.append(((areas.COUNTRY, areas.NETHERLANDS),
                       [pilots, *((areas.REGION, str(r)) for r, pilot in regions
                                  if not pilot)]))
    return groups


def blocks(period_keys) -> list[periods.Period]:
    """The half years the periods lie in: the unit the marks are decided over."""
    found = {periods.parse(key) for key in period_keys} - {None}
    return sorted({p.half_year() for p in found})


def decide(indicator, cells: dict, half_years: list, groups: list) -> dict:
    """cells: (level, unit, period key) -> (numerator, denominator) for the half years
    and their quarters; returns the cells to hide, each with its mark."""
    sizes = {key: suppression.size(indicator, *nd) for key, nd in cells.items()}
    hidden = {key for key, nd in cells.items() if suppression.primary(indicator, *nd)}
    lattice = []
    for half in half_years:
        for period in (half, *half.quarters()):
            lattice += [((*total, period.key), [(*part, period.key) for part in parts])
                        for total, parts in groups]
        if indicator.adds_up_over_periods:
            units = {key[:2] for key in cells}
            lattice += [((*unit, half.key), [(*unit, q.key) for q in half.quarters()])
                        for unit in units]
    second = suppression.secondary(sizes, lattice, hidden)
    return {**{key: suppression.SECONDARY for key in second},
            **{key: suppression.PRIMARY for key in hidden}}


def apply(period_keys) -> int:
    """Decide and store the marks of every aggregate in the half years of `period_keys`
    (their quarters included); returns how many cells are hidden."""
    half_years = blocks(period_keys)
    keys = [p.key for half in half_years for p in (half, *half.quarters())]
    rows = Aggregate.objects.filter(period__in=keys)
    rows.exclude(mark="").update(mark="")
    by_indicator = defaultdict(dict)
    ids = {}
    for pk, indicator, period, level, unit, n, d in rows.values_list(
            "pk", "indicator", "period", "level", "unit", "numerator", "denominator"):
        by_indicator[indicator][(level, unit, period)] = (n, d)
        ids[(indicator, level, unit, period)] = pk
    groups = area_groups()
    marked = defaultdict(list)
    for indicator in all_indicators():
        cells = by_indicator.get(indicator.key)
        if not cells:
            continue
        for key, mark in decide(indicator, cells, half_years, groups).items():
            if (indicator.key, *key) in ids:  # a missing cell is 0: never hidden
                marked[mark].append(ids[(indicator.key, *key)])
    for mark, pks in marked.items():
        for start in range(0, len(pks), 5000):
            Aggregate.objects.filter(pk__in=pks[start:start + 5000]).update(mark=mark)
    return sum(len(pks) for pks in marked.values())
