"""The access matrix as a PDF, the annex a DPIA needs (issue 10, point 9): the same rows
as the page and the CSV (access/matrix.py), on landscape A4, with the date and the
version of the rules on top, the table's header on every page and "Pagina X van Y".

Only rendering: the view reads the rows and logs the download.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from netwerkdossier.access import matrix

# Column widths in mm, in Row.HEADERS order: 277 mm is landscape A4 minus the margins.
# Each fits the longest word of its column at 7 pt, so no word is cut in two.
WIDTHS = (27, 28, 42, 30, 22, 30, 30, 36, 32)
PADDING = 1  # mm on each side of a cell
FONT = "Helvetica"


def _text(value) -> str:
    # The core font is written with WinAnsi (cp1252): Dutch accents, dashes and quotes
    # print; another sign becomes "?" rather than failing the download.
    return str(value).encode("cp1252", "replace").decode("cp1252")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """A source like "agreement/rule" wider than its column breaks after the slash."""
    room = width - 2 * PADDING
    if any(pdf.get_string_width(word) > room for word in text.split()):
        return text.replace("/", "/\n")
    return text


def _day(value) -> str:
    return formats.date_format(value, "j F Y")


class _MatrixPDF(FPDF):
    """A4 with the title on every later page and "Pagina X van Y" in the footer (also
    the family legal overview's, in portrait)."""

    def __init__(self, title: str, footer: str, orientation: str = "L"):
        super().__init__(orientation=orientation, format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.title_text, self.footer_text = title, footer
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(auto=True, margin=16)

    def header(self):
        if self.page_no() > 1:  # the first page has the full title
            self.set_font(FONT, "", 8)
            self.cell(0, 5, self.title_text, new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, "", 7)
        self.multi_cell(self.epw - 30, 4, self.footer_text, new_x="RIGHT", new_y="TOP")
        self.cell(30, 4, _text(_("Pagina %(page)s van %(pages)s") % {
            "page": self.page_no(), "pages": self.str_alias_nb_pages}), align="R")


def render_pdf(rows: list, today, agreements) -> bytes:
    """The PDF of `rows` (matrix.rows(today)) and the agreements in force on `today`."""
    title = _text(_("Toegangsmatrix Netwerkdossier"))
    footer = _text(_("Gemaakt uit de regels die gelden op %(day)s: de "
                     "samenwerkingsafspraken en de regels waarmee het systeem beslist. "
                     "Niet met de hand gemaakt of aangepast.") % {"day": _day(today)})
    pdf = _MatrixPDF(title, footer)
    pdf.set_title(title)
    pdf.set_lang("nl")
    pdf.set_creator("Netwerkdossier")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    lines = [_("Datum: %(day)s") % {"day": _day(today)}]
    for agreement in agreements:
        lines.append(_("Versie van de regels: %(name)s, versie %(version)s, geldig vanaf "
                       "%(start)s%(region)s") % {
            "name": agreement.name, "version": agreement.version,
            "start": _day(agreement.valid_from),
            "region": _(", voor %s") % agreement.region if agreement.region else ""})
    if not agreements:
        lines.append(_("Versie van de regels: er gelden geen samenwerkingsafspraken."))
    lines.append(_("Per soort organisatie en rol, per doel en per soort informatie: wat "
                   "men mag lezen en schrijven, en op welke grondslag. Gebruik dit als "
                   "bijlage bij de gegevensbeschermingseffectbeoordeling (DPIA)."))
    for line in lines:
        pdf.multi_cell(0, 4.5, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    for header, meaning in matrix.column_help():
        pdf.set_font(FONT, "B", 8)
        pdf.cell(38, 4, _text(header))
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, _text(meaning), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 7)
    with pdf.table(col_widths=WIDTHS, width=sum(WIDTHS), line_height=3.2,
                   text_align="LEFT", padding=PADDING,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
                   repeat_headings=1) as table:
        table.row([_text(h) for h in matrix.Row.HEADERS])
        for row in rows:
            table.row([_fit(pdf, _text(cell), width)
                       for cell, width in zip(row.as_list(), WIDTHS, strict=True)])
    return bytes(pdf.output())
