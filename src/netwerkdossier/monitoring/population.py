"""Population figures for the indicators "per 1,000 children": the number of children
0-17 per municipality, imported from CBS StatLine (statline.py), matched to the areas
(municipalities) this installation knows by name. Loaded once per refresh."""

from collections import defaultdict

CHILDREN = "kinderen_0_17"


def load() -> dict:
    """year -> {(region id, area id): children}"""
    from .models import Area, ContextFigure

    areas = defaultdict(list)
    for pk, region_id, municipality in Area.objects.values_list("pk", "region_id",
                                                                "municipality"):
        areas[municipality.casefold()].append((region_id, pk))
    found: dict = defaultdict(dict)
    for municipality, year, value in ContextFigure.objects.filter(
            measure=CHILDREN).values_list("municipality", "year", "value"):
        for unit in areas.get(municipality.casefold(), ()):
            found[year][unit] = value
    return dict(found)


def for_year(population: dict, year: int) -> dict:
    """{(region, area): children} from the latest figure of `year` or before, per area
    (CBS publishes the figures of 1 January some months later)."""
    found: dict = {}
    for known in sorted(y for y in population if y <= year):
        found.update(population[known])
    return found
