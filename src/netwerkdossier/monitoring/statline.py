"""Import of regional context figures from a CBS StatLine CSV export
(`netwerkdossier monitoring import-statline FILE`), e.g. the number of children 0-17
per municipality on 1 January, for the indicators per 1,000 children (population.py).

The format StatLine writes when a table is downloaded as CSV: semicolon-separated,
every field in double quotes, optional title lines before the header (the table's
name), a header row, one row per municipality and year, and optional closing lines
("Bron: CBS"). We read:
- the region column ("Regio's", "RegioS", "Gemeenten" or "Gemeente"): the municipality
  as StatLine names it (matched to the installation's municipalities by name);
- the period column ("Perioden"): a year, "2025" or the open-data code "2025JJ00", with
  CBS's mark for a provisional figure ("2025*", "2025**") allowed;
- the value: the last column, whose header ends in "(aantal)"; a whole number, with
  "." or "" where CBS has no figure (that row is skipped and counted).
Other columns (a subject, an age group) are allowed when they have one value in the
whole file, so a file never mixes two figures. Anything else refuses the whole file
with Dutch messages naming the line; nothing is saved (one transaction).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .population import CHILDREN

MEASURES = {CHILDREN: "kinderen van 0 tot 18 jaar"}
REGION_COLUMNS = ("regio's", "regios", "gemeenten", "gemeente")
PERIOD_COLUMN = "perioden"
MISSING = (".", "", "x")  # CBS: no figure, secret or not applicable
# StatLine marks provisional years "2025*" and further provisional ones "2025**".
YEAR = re.compile(r"^(\d{4})(JJ00)?\*{0,2}$")
MAX_ROWS = 5_000  # the Netherlands has some 340 municipalities; 10 years fit easily


class StatlineError(ValueError):
    """A file that cannot be imported; `problems` lists every reason (Dutch)."""

    def __init__(self, problems: list):
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems))


@dataclass
class Parsed:
    title: str
    figures: dict = field(default_factory=dict)  # (municipality, year) -> value
    skipped: int = 0


def _rows(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    try:
        return [(number, [cell.strip() for cell in row])
                for number, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise StatlineError([_("Het bestand is geen CSV-bestand zoals StatLine het maakt "
                               "(regel %(line)s).") % {"line": reader.line_num}]) from exc


def _header(rows) -> tuple[int, list[str]]:
    for index, (_number, row) in enumerate(rows):
        lowered = [c.casefold() for c in row]
        if PERIOD_COLUMN in lowered and any(c in REGION_COLUMNS for c in lowered):
            return index, lowered
    raise StatlineError([_("Geen kopregel gevonden met de kolommen \"Regio's\" en "
                           "\"Perioden\". Exporteer de tabel uit StatLine als CSV, met "
                           "gemeenten en perioden als kolommen.")])


def parse(raw: bytes) -> Parsed:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise StatlineError([_("Het bestand is geen tekstbestand.")]) from exc
    rows = _rows(text)
    if not rows:
        raise StatlineError([_("Het bestand is leeg.")])
    start, header = _header(rows)
    if len(rows) - start - 1 > MAX_ROWS:
        raise StatlineError([_("Het bestand heeft meer dan %(n)s regels met cijfers.")
                             % {"n": MAX_ROWS}])
    title = " ".join(" ".join(row) for _n, row in rows[:start])[:200]
    region = next(i for i, c in enumerate(header) if c in REGION_COLUMNS)
    period = header.index(PERIOD_COLUMN)
    value = len(header) - 1
    problems = []
    if value in (region, period) or not header[value].endswith("(aantal)"):
        problems.append(_("De laatste kolom moet het aantal zijn (een kolomnaam die eindigt "
                          "op \"(aantal)\"), niet \"%(name)s\".") % {"name": rows[start][1][-1]})
    others = [i for i in range(len(header)) if i not in (region, period, value)]
    seen_other: dict = {}
    parsed = Parsed(title=title)
    lines = {}
    for number, row in rows[start + 1:]:
        if row[0].casefold().startswith("bron"):
            break  # StatLine's closing lines
        if len(row) != len(header):
            problems.append(_("Regel %(line)s heeft %(found)s kolommen; de kopregel heeft er "
                              "%(expected)s.") % {"line": number, "found": len(row),
                                                  "expected": len(header)})
            continue
        for i in others:
            seen_other.setdefault(i, set()).add(row[i])
        municipality = row[region]
        year = YEAR.match(row[period])
        if not municipality:
            problems.append(_("Regel %(line)s: de gemeente ontbreekt.") % {"line": number})
            continue
        if year is None:
            problems.append(_("Regel %(line)s: \"%(text)s\" is geen jaar.") % {
                "line": number, "text": row[period][:20]})
            continue
        key = (municipality, int(year.group(1)))
        if key in lines:
            problems.append(_("Regel %(line)s: %(municipality)s %(year)s staat ook al op regel "
                              "%(first)s.") % {"line": number, "municipality": municipality,
                                               "year": key[1], "first": lines[key]})
            continue
        lines[key] = number
        cell = row[value].replace("\u00a0", "").replace(" ", "")
        if cell in MISSING:
            parsed.skipped += 1
            continue
        if not cell.isdigit():
            problems.append(_("Regel %(line)s: \"%(text)s\" is geen geheel aantal.") % {
                "line": number, "text": row[value][:20]})
            continue
        parsed.figures[key] = int(cell)
    for i, values in seen_other.items():
        if len(values) > 1:
            problems.append(_("De kolom \"%(name)s\" heeft verschillende waarden; exporteer één "
                              "cijfer per bestand.") % {"name": rows[start][1][i]})
    if not problems and not parsed.figures:
        problems.append(_("Het bestand bevat geen cijfers."))
    if problems:
        raise StatlineError(problems)
    return parsed


def import_file(raw: bytes, measure: str = CHILDREN) -> dict:
    """Parse and save, all or nothing; returns counts for the command's report."""
    from .models import ContextFigure

    if measure not in MEASURES:
        raise StatlineError([_("Onbekend soort cijfer: %(m)s.") % {"m": measure}])
    parsed = parse(raw)
    created = updated = 0
    now = timezone.now()
    with transaction.atomic():
        for (municipality, year), value in sorted(parsed.figures.items()):
            _figure, new = ContextFigure.objects.update_or_create(
                measure=measure, municipality=municipality, year=year,
                defaults={"value": value, "source": parsed.title, "imported_at": now})
            created += new
            updated += not new
    return {"created": created, "updated": updated, "skipped": parsed.skipped,
            "years": sorted({y for _m, y in parsed.figures})}
