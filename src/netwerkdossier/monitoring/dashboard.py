"""The figures of one dashboard: for the area chosen, a table per indicator (the area's
parts and its total, over four periods) with suppression applied, and a chart of the
total. Reads only aggregates (refresh.py); nothing here knows a household."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netwerkdossier.organisations.models import Region

from . import areas, periods, suppression
from .chart import bars
from .indicators import COUNT, OUTCOME, OUTPUT, PER_HOUSEHOLD, PERCENT, all_indicators
from .models import Aggregate, Area

SHOWN_PERIODS = 4
IMPORTED = "ingelezen"  # the level of a region imported from another installation
NO_DATA = "–"


def rows_for(choice) -> tuple[list, tuple]:
    """(the parts of the area, each (level, unit, name)), and the area itself."""
    total = (choice.level, choice.unit, choice.label)
    if choice.level == areas.REGION:
        parts = [(areas.MUNICIPALITY, str(a.pk), a.municipality)
                 for a in Area.objects.filter(region_id=choice.unit)]
    elif choice.level == areas.COUNTRY:
        parts = [(areas.REGION, str(r.pk), r.name) for r in Region.objects.order_by("name")]
    elif choice.level == areas.PILOTS:
        parts = [(areas.REGION, str(r.pk), r.name)
                 for r in Region.objects.filter(is_pilot=True).order_by("name")]
    else:
        parts = []
    return parts, total


def dutch_number(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def display(indicator, numerator: int, denominator: int) -> tuple[float | None, str]:
    value = indicator.value(numerator, denominator)
    if value is None:
        return None, NO_DATA
    if indicator.measure == COUNT:
        return value, dutch_number(value, 0)
    if indicator.measure == PERCENT:
        return value, dutch_number(value, 0) + "%"
    return value, dutch_number(value, 2 if indicator.measure == PER_HOUSEHOLD else 1)


def table(indicator, parts, total, shown, found) -> dict:
    """found: (indicator, period, level, unit) -> (numerator, denominator, mark) as
    stored (marks.py), or the mark alone of a cell an imported region hid."""
    rows = [*parts, total]
    cells, hidden, second, given = {}, set(), set(), {}
    for r, (level, unit, _name) in enumerate(rows):
        for period in shown:
            value = found.get((indicator.key, period.key, level, unit), (0, 0, ""))
            if isinstance(value, str):  # hidden by the region that sent it (imported)
                given[(r, period.key)] = value
                continue
            n, d, mark = value
            cells[(r, period.key)] = (n, d)
            if mark == suppression.PRIMARY:
                hidden.add((r, period.key))
            elif mark:
                second.add((r, period.key))
    out_rows = []
    for r, (_level, _unit, name) in enumerate(rows):
        out_cells = []
        for period in shown:
            key = (r, period.key)
            if key in given:
                out_cells.append({"value": None, "text": given[key], "mark": "primary"
                                  if given[key] == suppression.PRIMARY else "secondary"})
            elif key in hidden:
                out_cells.append({"value": None, "text": suppression.PRIMARY, "mark": "primary"})
            elif key in second:
                out_cells.append({"value": None, "text": suppression.SECONDARY,
                                  "mark": "secondary"})
            else:
                value, text = display(indicator, *cells[key])
                out_cells.append({"value": value, "text": text, "mark": ""})
        out_rows.append({"name": name, "cells": out_cells, "is_total": r == len(rows) - 1})
    total_cells = [dict(c, label=p.short_label) for c, p in zip(out_rows[-1]["cells"], shown,
                                                                  strict=True)]
    ceiling = 100 if indicator.measure == PERCENT else None
    return {"indicator": indicator, "rows": out_rows, "chart": bars(total_cells, ceiling),
            "has_parts": bool(parts), "any_hidden": bool(hidden or second or given),
            "unit": indicator.unit_label or ("%" if indicator.measure == PERCENT else "")}


def build(choice, last) -> dict:
    shown = [last]
    while len(shown) < SHOWN_PERIODS:
        shown.insert(0, shown[0].previous())
    parts, total = rows_for(choice)
    units = {(level, unit) for level, unit, _n in (*parts, total)}
    found = {(a.indicator, a.period, a.level, a.unit): (a.numerator, a.denominator, a.mark)
             for a in Aggregate.objects.filter(
                 period__in=[p.key for p in shown], level__in={u[0] for u in units},
                 unit__in={u[1] for u in units})
             if (a.level, a.unit) in units}
    imported = []
    if choice.level == areas.COUNTRY:
        parts, total, imported = with_imported_regions(parts, total, shown, found)
    groups = {OUTPUT: _("Output"), OUTCOME: _("Uitkomst")}
    sections = [{"title": title, "tables": [table(i, parts, total, shown, found)
                                            for i in all_indicators() if i.group == group]}
                for group, title in groups.items()]
    return {"periods": shown, "sections": sections, "parts": parts, "total": total,
            "imported": imported}


def with_imported_regions(parts, total, shown, found) -> tuple[list, tuple, list]:
    """The country beside the regions imported from other installations (exchange/):
    each row marked by its source, the total the local one plus the imported regions'
    published figures (a cell a region hid adds nothing). `found` gains their cells.
    The total is hidden ("x") where the local total is: the imported figures are public,
    so the total minus them gives the local total back. Hiding an imported figure would
    protect nothing, and a local cell is marked as on every other page."""
    from .exchange import national

    keys = [p.key for p in shown]
    sources = national.regions(keys)
    if not sources:
        return parts, total, []
    here = _("deze installatie")
    parts = [(level, unit, f"{name} ({here})") for level, unit, name in parts]
    for source in sources:
        when = date_format(timezone.localtime(source.exported_at), "j F Y")
        parts.append((IMPORTED, source.code, _("%(name)s (regio-export van %(when)s)") % {
            "name": source.name, "when": when}))
    for (indicator, period, code), value in national.region_cells(keys).items():
        if isinstance(value, str):
            found[(indicator, period, IMPORTED, code)] = value
            continue
        found[(indicator, period, IMPORTED, code)] = (*value, "")
        n, d, mark = found.get((indicator, period, total[0], total[1]), (0, 0, ""))
        found[(indicator, period, total[0], total[1])] = (
            n + value[0], d + value[1], suppression.SECONDARY if mark else "")
    total = (total[0], total[1], _("Nederland: deze installatie en ingelezen regio's"))
    return parts, total, sources


def export_rows(built) -> list[list]:
    """One line per indicator, area and period, with the value as shown (suppressed)."""
    lines = []
    for section in built["sections"]:
        for t in section["tables"]:
            for row in t["rows"]:
                for period, cell in zip(built["periods"], row["cells"], strict=True):
                    lines.append([section["title"], t["indicator"].title, row["name"],
                                  period.label, cell["text"], t["unit"]])
    return lines


def period_options(kind: str, today) -> list:
    """The periods to choose from: the last three years, newest first."""
    return list(reversed(periods.recent(today, kind, 3 * periods.KINDS[kind])))
