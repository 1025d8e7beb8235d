"""The family legal overview as a PDF (A4 portrait), for a combined hearing: the same
Overview as the page (measures/overview.py), section by section. Only rendering; the
view reads through the access module and logs the download."""

from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from netwerkdossier.web.views.access_matrix_pdf import FONT, _day, _MatrixPDF, _text

WIDTHS = (34, 44, 40, 24, 24, 24)  # 190 mm: A4 portrait minus the margins


def _heading(pdf, text):
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)


def _line(pdf, text):
    pdf.multi_cell(0, 4.5, _text(text), new_x="LMARGIN", new_y="NEXT")


def render_pdf(overview, reader: str) -> bytes:
    title = _text(_("Juridisch overzicht van het gezin %(name)s") % {
        "name": overview.household.name})
    footer = _text(_("Gemaakt op %(day)s voor %(reader)s, uit de maatregelen die deze "
                     "lezer mag zien. Vertrouwelijk.") % {
        "day": _day(overview.today), "reader": reader})
    pdf = _MatrixPDF(title, footer, orientation="P")
    pdf.set_title(title)
    pdf.set_lang("nl")
    pdf.set_creator("Netwerkdossier")
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    _line(pdf, _("Datum: %(day)s") % {"day": _day(overview.today)})
    if overview.unconfirmed:
        _line(pdf, _("Waarden met 'onbevestigd' moeten nog door een jurist worden "
                     "bevestigd."))

    _heading(pdf, _("Wie beslist er over dit gezin"))
    if not overview.authorities:
        _line(pdf, _("Geen maatregelen geregistreerd die u mag zien."))
    for a in overview.authorities:
        _line(pdf, _("%(name)s (%(kind)s): %(count)s maatregel(en), %(running)s lopend") % {
            "name": a.name, "kind": a.kind, "count": a.measures, "running": a.in_force})

    _heading(pdf, _("Botsingen en aandachtspunten"))
    if not overview.conflicts:
        _line(pdf, _("Geen botsingen gevonden tussen de maatregelen die u mag zien."))
    for c in overview.conflicts:
        kind = _("Botsing") if c.is_conflict else _("Aandacht")
        _line(pdf, f"{kind}: {c.rule.label}. {c.text}")

    _heading(pdf, _("Maatregelen per gezinslid"))
    for person, measures in overview.members:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, _text(person.full_name), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 7.5)
        with pdf.table(col_widths=WIDTHS, width=sum(WIDTHS), line_height=3.4,
                       text_align="LEFT", padding=1,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
                       repeat_headings=1) as table:
            table.row([_text(h) for h in (_("Maatregel"), _("Beslist door"), _("Zaaknummer"),
                                          _("Status"), _("Begin"), _("Einde"))])
            for m in measures:
                label = m.entry.label + ("" if m.entry.confirmed else _(" (onbevestigd)"))
                table.row([_text(v) for v in (
                    label, m.authority_name or m.authority_kind, m.case_number or "-",
                    m.get_status_display(), _day(m.starts_on) if m.starts_on else "-",
                    _day(m.ended_on or m.ends_on) if (m.ended_on or m.ends_on)
                    else _("geen einddatum"))])
        pdf.ln(1)
        pdf.set_font(FONT, "", 9)

    _heading(pdf, _("Beslissingen die nog komen"))
    if not overview.pending:
        _line(pdf, _("Geen verzoeken waarover nog beslist moet worden."))
    for m in overview.pending:
        _line(pdf, _("%(label)s voor %(name)s: aangevraagd%(on)s, beslissing door "
                     "%(by)s") % {"label": m.entry.label, "name": m.person.full_name,
                                  "on": f" {_day(m.requested_on)}" if m.requested_on else "",
                                  "by": m.authority_name or m.authority_kind})

    for r in overview.drafts:
        _line(pdf, _("In voorbereiding: %(label)s voor %(name)s (%(status)s), aan %(court)s")
              % {"label": r.entry.label, "name": r.person.full_name,
                 "status": r.get_status_display().lower(), "court": r.court})

    _heading(pdf, _("Termijnen"))
    if not overview.deadlines:
        _line(pdf, _("Geen termijnen."))
    for deadline, m in overview.deadlines:
        _line(pdf, f"{_day(deadline.on)}: {deadline.text} - {m.entry.label}, "
                   f"{m.person.full_name}")

    _heading(pdf, _("Bezwaar en beroep: termijnen die nog lopen"))
    if not overview.objections:
        _line(pdf, _("Geen lopende termijnen voor bezwaar of beroep."))
    for t in overview.objections:
        _line(pdf, _("Tot en met %(day)s: %(route)s (%(label)s van %(name)s)") % {
            "day": _day(t.until), "route": t.title, "label": t.measure.entry.label,
            "name": t.measure.person.full_name})
    return bytes(pdf.output())
