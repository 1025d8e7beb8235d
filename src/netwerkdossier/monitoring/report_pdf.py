"""The progress report as a PDF (fpdf2, as the other PDFs of the project; decision
0034): the same builder as the page (report.py), DejaVu Sans for Dutch text and signs,
headings in the outline, each indicator's table as on the page and its chart drawn with
fpdf2's drawing API from the same numbers as the page's SVG (a hidden cell has no bar,
only its mark). Only rendering: the view logs the download."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF
from fpdf.fonts import FontFace

from netwerkdossier.portal.access_pdf import FONTS

FAMILY = "DejaVu"
BAR = (21, 66, 115)  # monitoring/chart.py's colour
INK = (26, 26, 26)
CHART_W, CHART_H = 120, 38  # mm


class _ReportPDF(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.title_text = title
        self.set_margins(16, 14, 16)
        self.set_auto_page_break(auto=True, margin=16)

    def header(self):
        if self.page_no() > 1:
            self.set_font(FAMILY, "", 7)
            self.cell(0, 4, self.title_text, new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

    def footer(self):
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.cell(0, 4, _("Pagina %(page)s van %(pages)s") % {
            "page": self.page_no(), "pages": self.str_alias_nb_pages}, align="R")

    def heading(self, level: int, text: str):
        size = {1: 16, 2: 13, 3: 10}[level]
        if level == 2 and self.get_y() > self.h - 70:
            self.add_page()
        if level <= 2:
            self.start_section(str(text), level=level - 1)
        self.ln(2 if level > 1 else 0)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, str(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1)

    def para(self, text: str, size: float = 9, style: str = ""):
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, size * 0.5, str(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1)


def _chart(pdf: _ReportPDF, cells: list, ceiling: float | None) -> None:
    """Bars of `cells` ({"value", "text", "label"}): the page's chart, in mm."""
    if pdf.get_y() + CHART_H + 8 > pdf.h - 16:
        pdf.add_page()
    x0, top = pdf.l_margin, pdf.get_y() + 4
    base = top + CHART_H - 8
    values = [c["value"] for c in cells if c["value"] is not None]
    peak = ceiling or max(values, default=0) or 1
    slot = CHART_W / max(len(cells), 1)
    width = slot * 0.6
    pdf.set_draw_color(*INK)
    pdf.line(x0, base, x0 + CHART_W, base)
    pdf.set_font(FAMILY, "", 7)
    for i, cell in enumerate(cells):
        x = x0 + i * slot + (slot - width) / 2
        height = (base - top - 4) * (cell["value"] / peak) if cell["value"] else 0
        if height > 0:
            pdf.set_fill_color(*BAR)
            pdf.rect(x, base - height, width, height, style="F")
        pdf.set_xy(x - 4, base - height - 4)
        pdf.cell(width + 8, 3.5, cell["text"], align="C")
        pdf.set_xy(x - 6, base + 1)
        pdf.cell(width + 12, 3.5, cell["label"], align="C")
    pdf.set_xy(x0, base + 6)


def _indicator(pdf: _ReportPDF, table: dict, periods: list) -> None:
    indicator = table["indicator"]
    unit = f" ({table['unit']})" if table["unit"] else ""
    rows = len(table["rows"]) + 1
    if pdf.get_y() + 16 + CHART_H + 8 * rows > pdf.h - 16:
        pdf.add_page()  # the heading stays with its chart and table
    pdf.heading(3, indicator.title + unit)
    pdf.para(indicator.definition, size=8)
    cells = [dict(c, label=p.short_label) for c, p in zip(table["rows"][-1]["cells"],
                                                             periods, strict=True)]
    _chart(pdf, cells, 100 if table["unit"] == "%" else None)
    pdf.set_font(FAMILY, "", 7.5)
    widths = (60, *([(pdf.epw - 60) / len(periods)] * len(periods)))
    with pdf.table(col_widths=widths, line_height=4, text_align="LEFT", padding=1,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
                   repeat_headings=1) as out:
        out.row([_("Gebied"), *[p.label for p in periods]])
        for row in table["rows"]:
            name = row["name"] + (_(" (totaal)") if row["is_total"] and table["has_parts"]
                                  else "")
            out.row([name, *[c["text"] for c in row["cells"]]])
    pdf.ln(2)


def _answers(pdf: _ReportPDF, answers: list, years: list) -> None:
    pdf.heading(3, _("Uit de vragenlijst"))
    for t in answers:
        question = t["question"]
        pdf.para(question.text + (_(" (formulering synthetisch)") if question.synthetic
                                  else ""), size=8, style="B")
        pdf.set_font(FAMILY, "", 7.5)
        widths = (60, *([(pdf.epw - 60 - 30) / len(years)] * len(years)), 30)
        with pdf.table(col_widths=widths, line_height=4, text_align="LEFT", padding=1,
                       headings_style=FontFace(emphasis="BOLD",
                                               fill_color=(225, 225, 225))) as out:
            out.row([_("Regio"), *[str(y) for y in years], _("Verandering")])
            for row in t["rows"]:
                out.row([row["name"], *row["cells"], row["change"]])
            if len(t["rows"]) > 1:
                out.row([_("Alle proeftuinen"), *t["together"], ""])
        pdf.ln(1.5)


def render(built: dict) -> bytes:
    with override("nl"):
        return _render(built)


def _render(built: dict) -> bytes:
    pdf = _ReportPDF(built["title"])
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(built["title"])
    pdf.set_author("Netwerkdossier")
    pdf.set_lang("nl-NL")
    pdf.set_creator("Netwerkdossier")
    pdf.add_page()
    pdf.heading(1, built["title"])
    pdf.para(_("Gemaakt op %(day)s.") % {"day": formats.date_format(built["made_on"],
                                                                     "j F Y")})
    titles = iter([str(t) for t in _section_titles()])
    pdf.heading(2, next(titles))
    pdf.para(built["intro"])
    pdf.para(built["suppression"])
    for section in built["sections"]:
        pdf.heading(2, next(titles))
        pdf.para(section["about"], style="B")
        if not section["tables"]:
            pdf.para(_("Voor dit principe zijn er (nog) geen indicatoren."))
        for table in section["tables"]:
            _indicator(pdf, table, built["periods"])
        if section["answers"]:
            _answers(pdf, section["answers"], built["years"])
    pdf.heading(2, next(titles))
    for line in built["accountability"]:
        pdf.para("• " + line)
    return bytes(pdf.output())


def _section_titles():
    from .report import section_titles

    return section_titles()
