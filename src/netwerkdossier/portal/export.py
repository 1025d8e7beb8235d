"""'Download al mijn gegevens' (AVG art. 15 and 20; Jeugdwet art. 7.3.8): everything the
family member may read about themselves and the children they represent, as JSON and
as PDF. Built from the same access-checked reads as the pages."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.address_shield import address_for
from netwerkdossier.access.family_rules import words_q
from netwerkdossier.access.models import Consent
from netwerkdossier.dossier.models import Entry

from . import looked
from .family import FamilyScope, open_cases, visible_entries
from .models import CorrectionRequest, OwnStatement


def _person(p) -> dict:
    return {"id": str(p.pk), "naam": p.full_name, "geboortedatum": p.birth_date.isoformat(),
            "bsn": p.bsn or "", "telefoon": p.phone, "e-mail": p.email}


def address_line(address: dict) -> str:
    """'Straat 1, 1234 AB Gemeente'; empty when the address is shielded (address_for)."""
    place = " ".join(p for p in (address["postcode"], address["municipality"]) if p)
    return ", ".join(p for p in (address["street"], place) if p)


def collect(scope: FamilyScope) -> dict:
    """The export as plain data. "_shown" holds what it contains, (objects, extra
    subjects) per kind of data, for the caller's access-log records; the caller removes
    it before output."""
    ctx = scope.ctx
    household = scope.household
    data: dict = {
        "gemaakt_op": timezone.now().isoformat(),
        "uitleg": _("Dit zijn de gegevens in het netwerkdossier die u mag inzien, over "
                    "uzelf en over de kinderen voor wie u beslist."),
        "personen": [_person(p) for p in scope.represented],
        "huishouden": None, "trajecten": [], "aantekeningen": [], "eigen_verklaringen": [],
        "verzoeken": [], "toestemmingen": [], "wie_keek": [],
    }
    cases, entries, statements = [], [], []
    roots: list = []
    if household is not None:
        data["huishouden"] = {"id": str(household.pk), "naam": household.name,
                              "adres": address_line(address_for(ctx, household))}
        cases = open_cases(household)
        for case in cases:
            data["trajecten"].append({
                "omschrijving": case.title, "fase": case.get_phase_display(),
                "uitleg_fase": str(case.phase_words),
                "organisatie": case.lead_organisation.name,
                "team": [{"naam": m.user.get_full_name(), "rol": str(m.role_words),
                          "organisatie": m.organisation.name, "e-mail": m.user.email}
                         for m in case.active_team]})
        current = list(visible_entries(scope))
        roots = [e.root_id for e in current]
        entries = list(visible_entries_all_versions(scope, roots))
        for e in entries:
            data["aantekeningen"].append({
                "id": str(e.pk), "versie": e.version, "huidige_versie": e.is_current,
                "soort": e.get_kind_display(), "gebeurd_op": e.occurred_at.isoformat(),
                "vastgelegd_op": e.recorded_at.isoformat(),
                "organisatie": e.owner_organisation.name,
                "over": [p.full_name for p in e.subjects.all()], "tekst": e.text,
                "reden_correctie": e.correction_reason})
        statements = list(OwnStatement.objects.filter(
            words_q(ctx.person_id), entry__root_id__in=roots).select_related(
            "person").order_by("created_at"))
        for s in statements:
            data["eigen_verklaringen"].append({
                "aantekening": str(s.entry_id), "door": s.person.full_name,
                "geschreven_op": s.created_at.isoformat(), "tekst": s.text})
    # What other members said or chose only by the family rule (access/family_rules.py).
    # A child's request only beside an entry the reader may read (not one confidential
    # for the child); one's own requests always.
    requests = list(CorrectionRequest.objects.filter(
        words_q(ctx.person_id),
        Q(person_id=ctx.person_id) | Q(entry__root_id__in=roots)).select_related(
        "person").order_by("received_at"))
    for r in requests:
        data["verzoeken"].append({
            "aantekening": str(r.entry_id), "door": r.person.full_name,
            "soort": r.get_kind_display(), "reden": r.reason,
            "ontvangen_op": r.received_at.isoformat(), "uiterste_datum": r.deadline.isoformat(),
            "status": r.get_status_display(), "besluit": r.decision_reason})
    consents = list(Consent.objects.filter(words_q(ctx.person_id, author="given_by"),
                                           person__in=scope.represented).select_related(
        "person", "given_by").order_by("recorded_at"))
    for c in consents:
        data["toestemmingen"].append({
            "over": c.person.full_name, "waarvoor": c.get_scope_display(),
            "besluit": c.get_decision_display(), "door": c.given_by.full_name,
            "vastgelegd_op": c.recorded_at.isoformat(), "geldt_nu": c.is_current})
    looked_records = list(looked.records_about(scope.represented_ids,
                                               viewer_person_id=ctx.person_id)[:1000])
    for row in looked.rows(looked_records):
        data["wie_keek"].append({
            "wanneer": row.occurred_at.isoformat(), "organisatie": row.organisation,
            "rol": row.role, "wie": row.who, "verantwoordelijk": row.responsible,
            "wat": str(row.what), "doel": row.purpose, "waarom": str(row.why),
            "noodtoegang": row.break_glass})
    # The access-log records name no subjects of their own: they are about the persons
    # whose log this is.
    data["_shown"] = [(scope.represented, ()), ([household], ()), (cases, ()), (entries, ()),
                      (statements, ()), (requests, ()), (consents, ()),
                      (looked_records, scope.represented)]
    return data


def visible_entries_all_versions(scope, roots):
    from django.db.models import Prefetch

    from netwerkdossier.access.api import READ, visible
    from netwerkdossier.households.models import Person

    return (visible(scope.ctx, READ, Entry.objects.filter(root_id__in=roots))
            .select_related("owner_organisation")
            .prefetch_related(Prefetch("subjects", queryset=Person.objects.order_by(
                "birth_date")))
            .order_by("-occurred_at", "-version"))


LABELS = {
    "personen": "Personen", "huishouden": "Huishouden", "trajecten": "Hulp en team",
    "aantekeningen": "Aantekeningen", "eigen_verklaringen": "Eigen verklaringen",
    "verzoeken": "Verzoeken om correctie of vernietiging", "toestemmingen": "Toestemming",
    "wie_keek": "Wie keek er in het dossier",
}


def _latin1(text) -> str:
    # The PDF core font (Helvetica) covers Latin-1, enough for Dutch; other signs become ?.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def render_pdf(data: dict) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Mijn gegevens in het netwerkdossier")))
    pdf.set_lang("nl")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(_("Mijn gegevens in het netwerkdossier")),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(f"{data['uitleg']} ({data['gemaakt_op'][:16]})"),
                   new_x="LMARGIN", new_y="NEXT")
    for key, label in LABELS.items():
        value = data.get(key)
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, _latin1(label), new_x="LMARGIN", new_y="NEXT")
        items = value if isinstance(value, list) else ([value] if value else [])
        if not items:
            pdf.set_font("Helvetica", "I", 10)
            pdf.multi_cell(0, 5, _latin1(_("Niets vastgelegd.")), new_x="LMARGIN",
                           new_y="NEXT")
        for item in items:
            pdf.set_font("Helvetica", "", 10)
            for field, v in item.items():
                if isinstance(v, list):
                    v = "; ".join(x if isinstance(x, str) else
                                  ", ".join(f"{a}: {b}" for a, b in x.items()) for x in v)
                pdf.multi_cell(0, 5, _latin1(f"{field}: {v}"), new_x="LMARGIN",
                               new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())
