"""The data download as a PDF people can read (B1 Dutch) and assistive technology can
follow, as far as fpdf2 allows (docs/decisions/0034-readable-data-download.md):

- document language nl, title shown in the window (DisplayDocTitle), author;
- a Unicode font (DejaVu Sans, vendored in portal/fonts with its licence), so ë, €, –
  and names in other scripts print;
- a structure tree: every heading is marked content under an H1/H2/H3 element, every
  paragraph under a P element, in reading order; page numbers are marked Artifact;
- an outline (bookmarks) per section, and a table of contents on the first page.

fpdf2 has no public API for structure elements other than its Figure; we use its
internal structure-tree builder the way its own start_section() does. Lists and
tables are written as paragraphs (no L/LI or Table elements).
"""

from contextlib import contextmanager
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from netwerkdossier import rules

from .access_document import looked_by_day
from .address import adapt
from .looked_groups import join_words

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
H_SIZES = {"/H1": 18, "/H2": 14, "/H3": 11.5}


def when(value) -> str:
    """'2 december 2026, 14:05' (Europe/Amsterdam); a date alone: '2 december 2026'."""
    if value is None or value == "":
        return ""
    if hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    return formats.date_format(value, "j F Y")


def yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nee")


def _document_class():
    from fpdf import FPDF

    class AccessPdf(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            with self.artifact():
                self.cell(0, 5, _("Pagina %(n)s van {nb}") % {"n": self.page_no()},
                          align="C")

        @contextmanager
        def artifact(self):
            self._out("/Artifact BMC")
            yield
            self._out("EMC")

        @contextmanager
        def tagged(self, struct_type: str):
            """Content inside the block becomes one structure element (H1, P, ...)."""
            mcid = self.struct_builder.next_mcid_for_page(self.page)
            self._add_marked_content(struct_type=struct_type, mcid=mcid)
            self._out(f"{struct_type} <</MCID {mcid}>> BDC")
            yield
            self._out("EMC")

        def block(self, struct_type: str, text: str, *, size=10.5, style="", gap=1.5):
            """A paragraph or heading, tagged; split over pages line by line (a marked
            sequence must stay on one page)."""
            from fpdf.enums import MethodReturnValue

            text = adapt(getattr(self, "je", False), text)
            if not text:
                return
            self.set_font(FAMILY, style, size)
            height = size * 0.5
            lines = self.multi_cell(0, height, text, dry_run=True,
                                    output=MethodReturnValue.LINES)
            room = int((self.page_break_trigger - self.y) // height)
            if struct_type.startswith("/H") and room < 4:
                self.add_page()  # no heading alone at the foot of a page
                room = int((self.page_break_trigger - self.y) // height)
            while lines:
                if room < 1:
                    self.add_page()
                    room = int((self.page_break_trigger - self.y) // height)
                part, lines = lines[:room], lines[room:]
                with self.tagged(struct_type):
                    self.multi_cell(0, height, "\n".join(part), new_x="LMARGIN",
                                    new_y="NEXT")
                room = 0
            self.ln(gap)

        def heading(self, level: int, text: str, outline: bool = True):
            if outline:
                self.start_section(str(text), level=level - 1)
            self.block(f"/H{level}", text, size=H_SIZES[f"/H{level}"], style="B", gap=2)

        def para(self, text, **kwargs):
            self.block("/P", text, **kwargs)

        def fact(self, label, value):
            if value not in (None, ""):
                self.para(f"{label}: {value}", gap=0.5)

    return AccessPdf


SECTIONS = [
    ("help", gettext_lazy("Wie helpen u en hoe bereikt u ze")),
    ("phase", gettext_lazy("In welke fase is de hulp")),
    ("plan", gettext_lazy("Afspraken in het veiligheidsplan")),
    ("analysis", gettext_lazy("Analyse: wat het team ziet")),
    ("entries", gettext_lazy("Aantekeningen")),
    ("decisions", gettext_lazy("Besluiten en hoe u bezwaar maakt")),
    ("measures", gettext_lazy("Maatregelen van de rechter of de burgemeester")),
    ("measure_requests", gettext_lazy("Verzoeken aan de rechter om een maatregel")),
    ("requests", gettext_lazy("Uw verzoeken")),
    ("consent", gettext_lazy("Toestemming")),
    ("looked", gettext_lazy("Wie keek er in uw dossier?")),
    ("persons", gettext_lazy("Over wie dit gaat")),
]


def section_titles() -> list[str]:
    """The headings of every section, in order (tests and the user guide name them)."""
    return [str(title) for _key, title in SECTIONS]


def render(doc: dict) -> bytes:
    with override("nl"):
        return _render(doc)


def _render(doc: dict) -> bytes:
    from fpdf.prefs import ViewerPreferences

    pdf = _document_class()(format="A4")
    pdf.je = doc.get("_je", False)  # "je" for a young reader (portal/address.py)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(doc["titel"])
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_author(_("Netwerkdossier"))
    pdf.set_subject(adapt(pdf.je, _("Inzage in uw gegevens (AVG artikel 15)")))
    pdf.set_lang("nl-NL")
    pdf.set_creator("Netwerkdossier")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.heading(1, doc["titel"], outline=False)
    pdf.para(_("Voor: %(name)s") % {"name": doc["gemaakt_voor"]["naam"]}, style="B")
    pdf.para(_("Gemaakt op %(when)s.") % {"when": when(doc["gemaakt_op"])})
    if doc.get("gemaakt_door"):
        by = doc["gemaakt_door"]
        pdf.para(_("Gemaakt door %(name)s van %(org)s, als antwoord op uw schriftelijke "
                   "verzoek om inzage. Hierin staat wat u zelf in het portaal zou zien.")
                 % {"name": by["naam"], "org": by["organisatie"]})
    pdf.para(doc["uitleg"])
    pdf.para(_("In dit document:"), style="B", gap=0.5)
    for title in section_titles():
        pdf.para(f"• {adapt(pdf.je, title)}", gap=0.3)
    pdf.ln(2)
    titles = dict(zip((k for k, _t in SECTIONS), section_titles(), strict=True))
    for key, writer in WRITERS:
        pdf.heading(2, titles[key])
        writer(pdf, doc)
    return bytes(pdf.output())


def _help(pdf, doc):
    if doc["huishouden"]:
        pdf.fact(_("Uw gezin"), doc["huishouden"]["naam"])
        pdf.fact(_("Adres"), doc["huishouden"]["adres"])
    if not doc["hulp"]:
        pdf.para(_("Er is nu geen hulp vastgelegd."))
    for case in doc["hulp"]:
        pdf.heading(3, case["omschrijving"])
        pdf.para(_("%(org)s heeft de regie. De hulp begon op %(day)s.")
                 % {"org": case["organisatie"], "day": when(case["sinds"])})
        for h in case["hulpverleners"]:
            pdf.para(f"{h['naam']}, {h['organisatie']}. " + ". ".join(h["rollen"]) + ".",
                     style="B", gap=0.3)
            if h["e-mail"]:
                pdf.para(_("E-mail: %(mail)s") % {"mail": h["e-mail"]})
    for line in rules.crisis_lines():  # the same numbers as the portal's first screen
        pdf.para(_("Bel %(name)s: %(number)s. %(when)s") % line)


def _phase(pdf, doc):
    if not doc["hulp"]:
        pdf.para(_("Er is nu geen hulp vastgelegd."))
    for case in doc["hulp"]:
        pdf.para(f"{case['omschrijving']}: {case['fase']}.", style="B", gap=0.3)
        pdf.para(case["uitleg_fase"])


def _plan(pdf, doc):
    plan = doc["veiligheidsplan"]
    if plan is None:
        pdf.para(_("Er is geen veiligheidsplan dat u kunt inzien."))
        return
    pdf.para(_("Bijgewerkt op %(day)s.") % {"day": when(plan["bijgewerkt_op"])})
    if plan["volgende_controle"]:
        pdf.para(_("Het team kijkt op %(day)s samen met u of de afspraken werken.")
                 % {"day": when(plan["volgende_controle"])})
    for item in plan.get("zorgen_en_doelen", []):
        if item["in_gewone_woorden"]:
            pdf.para(_("De zorg: %(text)s") % {"text": item["zorg"]}, gap=0.3)
            pdf.para(_("Het doel: %(text)s") % {"text": item["doel"]})
        else:
            pdf.para(_("Over een zorg heeft het team nog niet in gewone woorden geschreven. "
                       "Uw contactpersoon legt hem aan u uit."))
    child = plan.get("plan_voor_kinderen")
    if child:
        pdf.para(_("Het plan voor kinderen (woorden en tekeningen)"), style="B", gap=0.3)
        for label, text in ((_("Waar maken de grote mensen zich zorgen over?"),
                             child["zorgen"]),
                            (_("Wat gebeurt er zodat het thuis veilig is?"),
                             child["wat_er_gebeurt"]),
                            (_("Wie helpen?"), child["wie_helpen"]),
                            (_("Plaatjes"), ", ".join(child["plaatjes"]))):
            pdf.para(f"{label} {text}", gap=0.3)
        pdf.ln(1)
    if not plan["afspraken"]:
        pdf.para(_("Er staan geen afspraken over u in het plan."))
    for a in plan["afspraken"]:
        pdf.para(a["wat"], style="B", gap=0.3)
        pdf.para(_("Voor %(member)s. Wie doet het: %(who)s. Uiterlijk: %(due)s. "
                   "Hoe staat het: %(status)s.") % {
            "member": a["voor"], "who": a["wie"], "due": when(a["uiterlijk"]),
            "status": a["status"]})


def _analysis(pdf, doc):
    analysis = doc["analyse"]
    if analysis is None:
        pdf.para(_("Er is nog geen analyse die u kunt lezen."))
        return
    pdf.para(_("Versie %(n)s van %(day)s, geschreven door %(name)s. Het team schrijft op "
               "wat zorgen geeft, wat goed gaat en hoe dat samenhangt.") % {
        "n": analysis["versie"], "day": when(analysis["gemaakt_op"]),
        "name": analysis["geschreven_door"]})
    if analysis["alleen_over_uzelf"]:
        pdf.para(_("U ziet alleen wat over uzelf gaat."))
    if not analysis["punten"]:
        pdf.para(_("Er staat nog niets in over u."))
    for item in analysis["punten"]:
        pdf.para(f"{item['soort']}, {item['onderwerp']}, {item['over']}: {item['tekst']}")
    if analysis["samenhang"]:
        pdf.heading(3, _("Hoe het samenhangt"), outline=False)
        for text in analysis["samenhang"]:
            pdf.para(text)
    if analysis["wat_het_gezin_zegt"]:
        pdf.heading(3, _("Wat het gezin zelf zegt"), outline=False)
        pdf.para(analysis["wat_het_gezin_zegt"])
    if analysis["niet_eens"]:
        pdf.heading(3, _("Waar we het niet over eens zijn"), outline=False)
        for d in analysis["niet_eens"]:
            pdf.para(f"{d['waarover']}. {d['wie'] or _('Gezin')}: {d['gezin']} "
                     f"{_('Hulpverleners')}: {d['hulpverleners']}")
    for r in analysis["reacties"]:
        said = _("%(name)s heeft voor akkoord getekend.") if r["akkoord"] else \
            _("%(name)s heeft gezegd dat iets niet klopt.")
        text = said % {"name": r["door"]}
        if r["tekst"]:
            text += f" “{r['tekst']}”"
        pdf.para(f"{text} ({when(r['op'])})")


def _entries(pdf, doc):
    entries = doc["aantekeningen"]
    if not entries:
        pdf.para(_("Er zijn geen aantekeningen die u kunt lezen."))
        return
    pdf.para(_("Een aantekening wordt nooit zomaar veranderd. Is er iets verbeterd? Dan "
               "ziet u elke versie, met de reden."))
    root_of = {e["id"]: e["eerste_versie"] for e in entries}
    statements: dict = {}  # own statements beside any version, shown at the newest
    for s in doc["eigen_verklaringen"]:
        statements.setdefault(root_of.get(s["aantekening"]), []).append(s)
    shown_roots: set = set()
    for e in entries:
        title = _("%(kind)s van %(when)s, %(org)s") % {
            "kind": e["soort"], "when": when(e["gebeurd_op"]), "org": e["organisatie"]}
        if not e["huidige_versie"]:
            title += " " + _("(oude versie %(n)s)") % {"n": e["versie"]}
        elif e["versie"] > 1:
            title += " " + _("(versie %(n)s)") % {"n": e["versie"]}
        pdf.heading(3, title, outline=False)
        pdf.para(_("Over: %(names)s") % {"names": ", ".join(e["over"])}, gap=0.3)
        pdf.para(e["tekst"])
        if e["reden_correctie"]:
            pdf.para(_("Reden van de verbetering: %(reason)s") % {
                "reason": e["reden_correctie"]})
        if e["eerste_versie"] not in shown_roots:
            shown_roots.add(e["eerste_versie"])
            for s in statements.get(e["eerste_versie"], []):
                pdf.para(_("Eigen verklaring van %(name)s (%(when)s): %(text)s") % {
                    "name": s["door"], "when": when(s["geschreven_op"]), "text": s["tekst"]})


def _decisions(pdf, doc):
    if not doc["besluiten"]:
        pdf.para(_("Er zijn geen besluiten over u die u kunt lezen."))
        pdf.heading(3, _("Niet eens met hoe het gaat?"), outline=False)
        for r in doc["bezwaar_algemeen"]:
            _route(pdf, r)
    for d in doc["besluiten"]:
        pdf.heading(3, _("Besluit van %(day)s, %(org)s") % {
            "day": when(d["datum"]), "org": d["organisatie"]}, outline=False)
        pdf.para(d["tekst"])
        pdf.para(_("Niet mee eens? Dit kunt u doen:"), style="B", gap=0.3)
        for r in d["bezwaar"]:
            _route(pdf, r)


def _measures(pdf, doc):
    if not doc["maatregelen"]:
        pdf.para(_("Er zijn geen maatregelen over u die u kunt lezen."))
    for m in doc["maatregelen"]:
        pdf.heading(3, _("%(measure)s voor %(name)s") % {"measure": m["maatregel"],
                                                         "name": m["over"]}, outline=False)
        pdf.fact(_("Hoe staat het"), m["status"])
        pdf.fact(_("Besloten door"), m["instantie"])
        pdf.fact(_("Zaaknummer"), m["zaaknummer"])
        pdf.fact(_("Besloten op"), when(m["besloten_op"]))
        pdf.fact(_("Begint op"), when(m["begint_op"]))
        pdf.fact(_("Eindigt op"), when(m["eindigt_op"]))
        for condition in m["voorwaarden"]:
            pdf.fact(_("Voorwaarde"), condition)
        for step in m["geschiedenis"]:
            pdf.para(_("%(day)s: %(status)s (%(source)s)") % {
                "day": when(step["datum"]), "status": step["status"], "source": step["bron"]},
                gap=0.3)
        pdf.para(_("Niet mee eens? Dit kunt u doen:"), style="B", gap=0.3)
        for r in m["bezwaar"]:
            _route(pdf, r)


def _measure_requests(pdf, doc):
    if not doc["verzoekschriften"]:
        pdf.para(_("Er is geen verzoek aan de rechter met u gedeeld."))
    for r in doc["verzoekschriften"]:
        pdf.heading(3, _("Verzoek om %(measure)s voor %(name)s") % {
            "measure": r["maatregel"], "name": r["over"]}, outline=False)
        pdf.fact(_("Wie vraagt het"), r["verzoeker"])
        pdf.fact(_("Aan"), r["rechtbank"])
        pdf.fact(_("Hoe staat het"), r["status"])
        pdf.fact(_("Met u gedeeld op"), when(r["gedeeld_op"]))
        pdf.fact(_("Reageren kan tot"), when(r["reageren_voor"]))
        pdf.fact(_("Naar de rechter gestuurd op"), when(r["verzonden_op"]))
        for f in r["feiten"]:
            pdf.para(_("Feit %(n)s (%(basis)s): %(text)s") % {
                "n": f["nummer"], "basis": f["hoe_bekend"].lower(), "text": f["tekst"]},
                gap=0.3)
        for a in r["reacties"]:
            about = (_("over feit %(n)s") % {"n": a["feit"]}) if a["feit"] else \
                _("over het hele verzoek")
            pdf.para(_("Reactie van %(name)s %(about)s (%(day)s): %(answer)s. %(words)s") % {
                "name": a["door"], "about": about, "day": when(a["op"]),
                "answer": a["antwoord"] or "-", "words": a["woorden"]}, gap=0.3)


def _route(pdf, r):
    pdf.para(r["titel"], style="B", gap=0.3)
    pdf.para(r["tekst"], gap=0.3)
    if r["termijn"]:
        pdf.para(_("Wanneer? %(term)s") % {"term": r["termijn"]}, gap=0.3)
    if r.get("uiterlijk"):  # a measure's route, once the measure was decided
        pdf.para(_("Dat is uiterlijk %(day)s.") % {"day": when(r["uiterlijk"])}, gap=0.3)
    pdf.para(_("Bron: %(source)s") % {"source": r["bron"]}, size=8.5)


def _requests(pdf, doc):
    if not doc["verzoeken"]:
        pdf.para(_("Er zijn geen verzoeken om iets te verbeteren of te vernietigen."))
    for r in doc["verzoeken"]:
        pdf.para(_("%(kind)s van %(name)s, ontvangen op %(day)s") % {
            "kind": r["soort"], "name": r["door"], "day": when(r["ontvangen_op"])},
            style="B", gap=0.3)
        pdf.para(_("Waarom: %(reason)s") % {"reason": r["reden"]}, gap=0.3)
        pdf.para(_("Hoe staat het: %(status)s. U krijgt uiterlijk %(day)s antwoord.") % {
            "status": r["status"], "day": when(r["uiterste_datum"])})
        if r["besluit"]:
            pdf.para(_("Antwoord: %(answer)s") % {"answer": r["besluit"]})


def _consent(pdf, doc):
    if not doc["toestemmingen"]:
        pdf.para(_("Er is geen toestemming vastgelegd die u kunt inzien."))
    for c in doc["toestemmingen"]:
        pdf.para(_("%(who)s: %(what)s. Besluit: %(decision)s, door %(by)s op %(day)s. "
                   "Geldt nu: %(now)s.") % {
            "who": c["over"], "what": c["waarvoor"], "decision": c["besluit"],
            "by": c["door"], "day": when(c["vastgelegd_op"]), "now": yes_no(c["geldt_nu"])})


def _looked(pdf, doc):
    pdf.para(doc["wie_keek_uitleg"])
    if doc["wie_keek"] is None:
        return
    if not doc["wie_keek"]:
        pdf.para(_("Er heeft nog niemand in uw gegevens gekeken."))
    for day, organisations in looked_by_day(doc["wie_keek"]):
        pdf.heading(3, when(day), outline=False)
        for organisation, accesses in organisations:
            pdf.para(organisation, style="B", gap=0.3)
            for facts, times in accesses:
                who = f"{facts['wie']} ({facts['rol']})" if facts["rol"] else facts["wie"]
                at = join_words(list(dict.fromkeys(f"{t:%H:%M}" for t in times)))
                line = ngettext("Om %(times)s: %(who)s %(what)s.",
                                "Om %(times)s (%(n)s keer): %(who)s %(what)s.",
                                len(times)) % {"times": at, "n": len(times), "who": who,
                                               "what": facts["wat"]}
                line += " " + _("Doel: %(purpose)s.") % {"purpose": facts["doel"]}
                if facts["waarom"]:
                    line += " " + _("Waarom: %(why)s") % {"why": facts["waarom"]}
                if facts["verantwoordelijk"] and facts["verantwoordelijk"] != facts["wie"]:
                    line += " " + _("Namens: %(name)s.") % {"name": facts["verantwoordelijk"]}
                line += " " + (_("Noodtoegang: Ja, met noodtoegang.") if facts["noodtoegang"]
                               else _("Noodtoegang: Nee."))
                pdf.para(line)


def _persons(pdf, doc):
    pdf.para(_("Dit document gaat over deze personen:"))
    for p in doc["personen"]:
        parts = [p["naam"], _("geboren op %(day)s") % {"day": when(p["geboortedatum"])}]
        if p["bsn"]:
            parts.append(_("BSN %(bsn)s") % {"bsn": p["bsn"]})
        if p["telefoon"]:
            parts.append(_("telefoon %(phone)s") % {"phone": p["telefoon"]})
        if p["e-mail"]:
            parts.append(_("e-mail %(mail)s") % {"mail": p["e-mail"]})
        pdf.para(", ".join(parts) + ".")
    pdf.para(_("Klopt er iets niet? Vraag dan om een verbetering, in het portaal bij de "
               "aantekening of bij uw team. U krijgt binnen een maand antwoord."))


WRITERS = [("help", _help), ("phase", _phase), ("plan", _plan), ("analysis", _analysis),
           ("entries", _entries), ("decisions", _decisions), ("measures", _measures),
           ("measure_requests", _measure_requests), ("requests", _requests),
           ("consent", _consent), ("looked", _looked), ("persons", _persons)]
