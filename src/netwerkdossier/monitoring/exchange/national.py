"""The national picture from imported regional exports: the region-level cells of every
imported region, and their sums. A hidden cell (<5 or x) adds nothing to a sum and is
counted as hidden, so a total never rests on a figure the region did not publish."""

from collections import defaultdict

from . import region_file
from .models import ImportedCell, ImportedRegion


def region_cells(period_keys) -> dict:
    """(indicator, period, region code) -> (numerator, denominator), or the mark."""
    return {(c.indicator, c.period, c.region_code):
            c.mark or (c.numerator, c.denominator)
            for c in ImportedCell.objects.filter(period__in=list(period_keys),
                                                 level=region_file.REGION_LEVEL)}


def regions(period_keys) -> list[ImportedRegion]:
    """The newest import of every region with figures for these periods, by name."""
    sources = ImportedCell.objects.filter(period__in=list(period_keys)).values_list(
        "source_id", flat=True).distinct()
    newest = {}
    for source in ImportedRegion.objects.filter(pk__in=sources).order_by("imported_at"):
        newest[source.code] = source
    return sorted(newest.values(), key=lambda s: s.name)


def totals(period_keys) -> dict:
    """(indicator, period) -> [numerator, denominator, hidden regions]: the sum of the
    imported regions' published figures."""
    found = defaultdict(lambda: [0, 0, 0])
    for (indicator, period, _code), value in region_cells(period_keys).items():
        cell = found[(indicator, period)]
        if isinstance(value, str):
            cell[2] += 1
        else:
            cell[0] += value[0]
            cell[1] += value[1]
    return dict(found)
