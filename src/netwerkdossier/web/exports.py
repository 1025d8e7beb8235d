"""Downloads for professionals: column headers and rows as a CSV or XLSX file
(docs/decisions/0033). Every export goes through here, so each one gets the same
guard against spreadsheet formulas, the same encoding and the same no-store header.

The views decide *what* may be exported (through the access module) and log it; this
module only writes the file.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMATS = ("csv", "xlsx")  # values of ?formaat=
MAX_ROWS = 50_000  # larger exports are refused: the user narrows the period
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV
# injection); an apostrophe in front makes it text. Tab and carriage return as OWASP
# advises.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_format(request) -> str | None:
    """The requested format, or None when none (or an unknown one) was asked for."""
    value = request.GET.get("formaat")
    return value if value in FORMATS else None


def safe_cell(value):
    """A cell value that no spreadsheet program runs as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    # XLSX cannot hold control characters; a stray one must not break the download.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv(headers, rows) -> bytes:
    out = io.StringIO()
    # Semicolons: what Excel with Dutch settings expects (the comma is the decimal sign).
    writer = csv.writer(out, delimiter=";")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    # The byte order mark makes Excel read the file as UTF-8 (accents, "ë").
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(headers, rows, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])  # Excel's limit for a sheet name
    sheet.append([safe_cell(h) for h in headers])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(stem: str, extension: str) -> str:
    """A Dutch file name with today's date, e.g. "toegangslog-2026-03-03.csv"."""
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def export_response(fmt: str, stem: str, headers, rows, *, title: str = "") -> HttpResponse:
    """The download of `rows` (lists of cell values) under `headers` in format `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    content = _csv(headers, rows) if fmt == "csv" else _xlsx(headers, rows, title or stem)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(stem, fmt)}"'
    # Personal data: no cache may keep it (as the attachment downloads).
    response["Cache-Control"] = "private, no-store"
    return response
