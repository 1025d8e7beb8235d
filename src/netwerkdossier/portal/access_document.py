"""The right of access (AVG art. 15; Jeugdwet art. 7.3.8) as a document people can read:
one data builder, two renderings (JSON here, PDF in access_pdf.py).

`build()` reads every section through the same access-checked reads as the portal's
pages, under the family member's own portal context (FamilyScope):

- who helps and how to reach them, the phase: the home page (family.open_cases);
- the safety-plan agreements: the home page (sections.safety_plan_rows);
- the analysis: the analysis page (analysis_view.family_analysis), never more;
- entries with their versions and own statements: the entry pages (visible(), the
  family rule for own words in access/family_rules.py);
- decisions and how to object: the decisions page and rules/objection_routes.toml;
- legal measures with their conditions, history and way to object: the portal's
  "Maatregelen" (measures/reading.readable, the family gate access/measure_family.py);
- requests for a measure shared with the family, their facts and the member's own
  answers: the portal's request pages (the family gate access/decision_family.py);
- requests and consent: the family rule; *Wie keek er?*: looked.records_about().

A professional answering a written request (web/views/access_request.py) passes their
own context as `professional`: every row is then also narrowed by visible() or
decide() for that professional, so the document never holds more than both the member
would see in the portal and the professional may read. The access log is the privacy
officer's to read: that section is then left out with a word on who makes it.

The result holds Python dates and times; `to_json()` writes them as ISO 8601 with the
Europe/Amsterdam offset, access_pdf.py as "2 december 2026, 14:05". "_shown" holds what
the document contains, (objects, extra subjects) per kind, for the caller's access-log
records; the caller removes it before output.
"""

from collections import OrderedDict
from datetime import date, datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.access.address_shield import address_for
from netwerkdossier.access.api import READ, decide, visible
from netwerkdossier.access.family_rules import addressed_informally, words_q
from netwerkdossier.access.models import Consent
from netwerkdossier.analysis.models import FamilyResponse
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.households.models import Person
from netwerkdossier.safety import pictograms

from . import looked
from .address import adapt, say
from .family import FamilyScope, open_cases, visible_entries
from .models import CorrectionRequest, OwnStatement
from .sections import safety_plan_rows

SCHEMA_VERSION = "1.1"
SCHEMA_ID = "https://netwerkdossier.example/schemas/mijn-gegevens-1.1.json"
MAX_LOOKED = 1000  # newest records of "Wie keek er?" in one download


class Reader:
    """Narrows the member's reads to what a professional may read too (or not at all)."""

    def __init__(self, professional=None):
        self.professional = professional

    def rows(self, queryset):
        if self.professional is None:
            return queryset
        model = queryset.model
        if model in (OwnStatement, CorrectionRequest):
            # The team reads these beside the entry they belong to (the entry page).
            return queryset.filter(entry__in=visible(self.professional, READ,
                                                     Entry.objects.all()))
        if model is Consent:
            # The consent page is about a person the professional may read.
            return queryset.filter(person__in=visible(self.professional, READ,
                                                      Person.objects.all()))
        return visible(self.professional, READ, queryset)

    def may(self, obj) -> bool:
        return self.professional is None or decide(self.professional, READ, obj).allowed


def address_line(address: dict) -> str:
    """'Straat 1, 1234 AB Gemeente'; empty when the address is shielded (address_for)."""
    place = " ".join(p for p in (address["postcode"], address["municipality"]) if p)
    return ", ".join(p for p in (address["street"], place) if p)


def build(scope: FamilyScope, professional=None, made_by: dict | None = None) -> dict:
    reader = Reader(professional)
    ctx = scope.ctx
    household = scope.household
    persons = list(reader.rows(Person.objects.filter(pk__in=scope.represented_ids))
                   .order_by("birth_date")) if professional else list(scope.represented)
    je = addressed_informally(scope.person)
    doc: dict = {
        "schema": SCHEMA_ID, "schema_versie": SCHEMA_VERSION,
        "titel": _("Mijn gegevens in het netwerkdossier"),
        "gemaakt_op": timezone.now(),
        "gemaakt_voor": {"id": scope.person.pk, "naam": scope.person.full_name},
        "gemaakt_door": made_by,
        "uitleg": say(je, _("Dit zijn de gegevens in het netwerkdossier die u mag inzien: "
                            "over uzelf en over de kinderen voor wie u beslist. Hebt u een "
                            "vraag? Bel of mail dan iemand uit uw team."),
                      _("Dit zijn de gegevens in het netwerkdossier die je mag inzien: "
                        "over jezelf. Heb je een vraag? Bel of mail dan iemand uit je "
                        "team.")),
        "_je": je,
        "personen": [_person(p) for p in persons],
        "huishouden": None, "hulp": [], "veiligheidsplan": None, "analyse": None,
        "aantekeningen": [], "eigen_verklaringen": [], "besluiten": [], "maatregelen": [],
        "verzoekschriften": [],
        "bezwaar_algemeen": [], "verzoeken": [], "toestemmingen": [], "wie_keek": None,
        "wie_keek_uitleg": "",
    }
    shown: list = [(persons, ())]
    roots: list = []
    if household is not None:
        doc["huishouden"] = {"id": household.pk, "naam": household.name,
                             "adres": address_line(address_for(ctx, household))}
        shown.append(([household], ()))
        cases = _help(doc, household, reader)
        shown.append((cases, ()))
        shown += _safety_plan(doc, scope, reader)
        shown += _analysis(doc, scope, reader)
        roots, more = _entries(doc, scope, reader)
        shown += more
        shown += _decisions(doc, scope, reader)
        shown += _measures(doc, scope, reader)
        shown += _measure_requests(doc, scope, reader)
    shown += _requests(doc, ctx, roots, reader)
    shown += _consents(doc, ctx, scope, reader)
    if professional is None:
        records = list(looked.records_about(ctx, scope.represented_ids)[:MAX_LOOKED])
        doc["wie_keek"] = [_looked(row) for row in looked.rows(records)]
        doc["wie_keek_uitleg"] = say(je, _(
            "Hier staat welke hulpverleners uw gegevens bekeken of veranderden, en "
            "waarom. Staat er iets bij dat u niet begrijpt? Vraag het aan uw team of aan "
            "de functionaris gegevensbescherming."), _(
            "Hier staat welke hulpverleners je gegevens bekeken of veranderden, en "
            "waarom. Staat er iets bij dat je niet begrijpt? Vraag het aan je team of aan "
            "de functionaris gegevensbescherming."))
        # The access-log records name no subjects of their own: they are about the
        # persons whose log this is.
        shown.append((records, persons))
    else:
        doc["wie_keek_uitleg"] = _(
            "Wie er in het dossier keek, staat in het toegangslog. Dat overzicht maakt de "
            "functionaris gegevensbescherming van de organisatie. U krijgt het apart.")
        doc["wie_keek_uitleg"] = adapt(je, doc["wie_keek_uitleg"])
    doc["_shown"] = shown
    return doc


def _person(p) -> dict:
    return {"id": p.pk, "naam": p.full_name, "geboortedatum": p.birth_date,
            "bsn": p.bsn or "", "telefoon": p.phone, "e-mail": p.email}


def _help(doc, household, reader) -> list:
    cases = [c for c in open_cases(household) if reader.may(c)]
    for case in cases:
        doc["hulp"].append({
            "id": case.pk, "omschrijving": case.title, "fase": case.get_phase_display(),
            "uitleg_fase": adapt(doc["_je"], case.phase_words),
            "organisatie": case.lead_organisation.name,
            "sinds": case.opened_on,
            "hulpverleners": [{
                "naam": h["user"].get_full_name(), "organisatie": h["organisation"].name,
                "rollen": [adapt(doc["_je"], r) for r in h["roles"]],
                "e-mail": h["user"].email,
            } for h in case.helpers]})
    return cases


def _safety_plan(doc, scope, reader) -> list:
    plans, agreements = safety_plan_rows(scope.household, scope.decision, scope.represented,
                                         narrow=reader.rows)
    if not plans:
        return []
    plan = plans[0]
    doc["veiligheidsplan"] = {
        "id": plan.pk, "omschrijving": plan.case.title, "bijgewerkt_op": plan.updated_at,
        "volgende_controle": plan.next_check_on,
        "afspraken": [{"id": a.pk, "wat": a.action, "wie": a.owner,
                       "voor": a.member.full_name, "uiterlijk": a.due_on,
                       "status": a.get_status_display()} for a in agreements]}
    # The danger statements and goals in the family's words, and the plan for children,
    # as the portal shows them to this member (portal/plan_words.py; decision 0042).
    from .plan_words import family_rows

    _reading, dangers, child = family_rows(scope, narrow=reader.rows)
    doc["veiligheidsplan"]["zorgen_en_doelen"] = [
        {"id": d.pk, "zorg": d.family_statement, "doel": d.family_goal,
         "in_gewone_woorden": d.has_family_words} for d in dangers]
    doc["veiligheidsplan"]["plan_voor_kinderen"] = None if child is None else {
        "id": child.pk, "zorgen": child.worries, "wat_er_gebeurt": child.safe_plan,
        "wie_helpen": child.helpers,
        "plaatjes": [str(p["alt"]) for p in pictograms.chosen(child.pictograms)]}
    return [(plans, ()), (agreements, ()), (dangers, ()), ([child] if child else [], ())]


def _analysis(doc, scope, reader) -> list:
    from .analysis_view import family_analysis

    view = family_analysis(scope, professional=reader.professional)
    if view is None or not reader.may(view.version):
        return []
    responses = [r for r in [view.my_response, *view.children_responses] if r is not None]
    if reader.professional is not None and responses:
        readable = set(visible(reader.professional, READ, FamilyResponse.objects.filter(
            pk__in=[r.pk for r in responses])).values_list("pk", flat=True))
        responses = [r for r in responses if r.pk in readable]
    version = view.version
    doc["analyse"] = {
        "id": version.pk, "versie": version.number, "gemaakt_op": version.created_at,
        "geschreven_door": version.created_by.get_full_name(),
        "alleen_over_uzelf": not view.whole_household,
        "punten": [{"soort": str(i["kind"]), "onderwerp": str(i["domain"]),
                    "over": str(i["person"]), "tekst": i["text"]} for i in view.items],
        "samenhang": list(view.hypotheses), "wat_het_gezin_zegt": view.family_view,
        "niet_eens": [{"waarover": d.get("about", ""), "wie": d.get("who", ""),
                       "gezin": d.get("family", ""), "hulpverleners": d.get("professionals", "")}
                      for d in view.disagreements],
        "reacties": [{"door": r.person.full_name, "akkoord": r.agrees, "tekst": r.text,
                      "op": r.recorded_at} for r in responses],
    }
    return [([version], scope.represented), (responses, ())]


def all_versions(scope, roots, reader):
    return (reader.rows(visible(scope.ctx, READ, Entry.objects.filter(root_id__in=roots)))
            .select_related("owner_organisation")
            .prefetch_related(Prefetch("subjects", queryset=Person.objects.order_by(
                "birth_date")))
            .order_by("-occurred_at", "root_id", "-version"))


def _entries(doc, scope, reader) -> tuple[list, list]:
    current = list(reader.rows(visible_entries(scope)))
    roots = [e.root_id for e in current]
    entries = list(all_versions(scope, roots, reader))
    statements = list(reader.rows(OwnStatement.objects.filter(
        words_q(scope.ctx.person_id), entry__root_id__in=roots)).select_related(
        "person", "entry").order_by("created_at"))
    by_root: dict = {}
    for s in statements:
        by_root.setdefault(s.entry.root_id, []).append(s)
    for e in entries:
        doc["aantekeningen"].append({
            "id": e.pk, "eerste_versie": e.root_id, "versie": e.version,
            "huidige_versie": e.is_current, "soort": e.get_kind_display(),
            "gebeurd_op": e.occurred_at, "vastgelegd_op": e.recorded_at,
            "organisatie": e.owner_organisation.name,
            "over": [p.full_name for p in e.subjects.all()], "tekst": e.text,
            "reden_correctie": e.correction_reason})
    for s in statements:
        doc["eigen_verklaringen"].append({
            "id": s.pk, "aantekening": s.entry_id, "door": s.person.full_name,
            "geschreven_op": s.created_at, "tekst": s.text})
    return roots, [(entries, ()), (statements, ())]


def routes_for(kind: str, routes: list) -> list:
    return [r for r in routes if "*" in r["applies_to"] or kind in r["applies_to"]]


def _route(r, je=False) -> dict:
    """An objection route in the reader's form of address (title_je etc. for youth)."""
    def pick(key, default=""):
        return (je and r.get(f"{key}_je")) or r.get(key, default)

    return {"titel": pick("title"), "tekst": pick("text"), "termijn": pick("term"),
            "bron": r["source"]}


def _decisions(doc, scope, reader) -> list:
    routes = rules.load("objection_routes")["route"]
    entries = list(reader.rows(visible_entries(scope, kind=EntryKind.DECISION)))
    for e in entries:
        doc["besluiten"].append({
            "id": e.pk, "datum": e.occurred_at, "organisatie": e.owner_organisation.name,
            "tekst": e.text,
            "bezwaar": [_route(r, doc["_je"])
                        for r in routes_for(e.owner_organisation.kind, routes)]})
    doc["bezwaar_algemeen"] = [_route(r, doc["_je"]) for r in routes
                               if "*" in r["applies_to"]]
    return [(entries, ())]


def _condition(c) -> str:
    named = c.named_person.given_names if c.named_person else c.named_other
    return " — ".join(part for part in (
        f"{c.get_kind_display()}: {named}" if named else c.get_kind_display(), c.area,
        c.description) if part)


def _measures(doc, scope, reader) -> list:
    """The measures as the portal's "Maatregelen" shows them (the same reads), the
    conditions and history rows narrowed like the measures for a professional's copy."""
    from netwerkdossier.measures.objection import deadline
    from netwerkdossier.measures.objection import routes_for as measure_routes
    from netwerkdossier.measures.reading import logged_objects, readable

    measures = [m for m in readable(scope.ctx, scope.household) if reader.may(m)]
    for m in measures:
        m.condition_list = [c for c in m.condition_list if reader.may(c)]
        m.history_list = [s for s in m.history_list if reader.may(s)]
        decided = m.decided_on or m.requested_on
        doc["maatregelen"].append({
            "id": m.pk, "maatregel": m.entry.label, "over": m.person.full_name,
            "status": m.get_status_display(), "besloten_op": m.decided_on,
            "begint_op": m.starts_on, "eindigt_op": m.ends_on,
            "instantie": m.authority_name, "zaaknummer": m.case_number,
            "voorwaarden": [_condition(c) for c in m.condition_list],
            "geschiedenis": [{"status": s.get_status_display(), "datum": s.status_on,
                              "bron": s.source_reference} for s in m.history_list],
            "bezwaar": [dict(_route(r, doc["_je"]), uiterlijk=deadline(r, decided))
                        for r in measure_routes(m.measure_key)]})
    return [(objects, ()) for objects in logged_objects(measures)]


def _measure_requests(doc, scope, reader) -> list:
    """Drafts of a request to the court the member may read (only once shared), their
    facts, and the member's own answers (never another member's, a review or dissent:
    the family gate)."""
    from netwerkdossier.decisions.models import Fact, FamilyView, MeasureRequest
    from netwerkdossier.decisions.requests import _entry

    ctx, household_id = scope.ctx, scope.household.pk
    requests = list(reader.rows(visible(
        ctx, READ, MeasureRequest.objects.filter(household_id=household_id),
        household_id=household_id)).select_related("person").order_by("shared_on",
                                                                       "created_at"))
    records = [r.decision_id for r in requests]
    facts = list(reader.rows(visible(
        ctx, READ, Fact.objects.filter(decision_id__in=records),
        household_id=household_id)).order_by("decision_id", "number"))
    answers = list(reader.rows(visible(
        ctx, READ, FamilyView.objects.filter(decision_id__in=records),
        household_id=household_id)).select_related("person", "fact").order_by("recorded_at"))
    for r in requests:
        entry = _entry(r.measure_key)
        doc["verzoekschriften"].append({
            "id": r.pk, "maatregel": entry.label if entry else r.measure_key,
            "over": r.person.full_name, "verzoeker": r.requester, "rechtbank": r.court,
            "status": r.get_status_display(), "gedeeld_op": r.shared_on,
            "reageren_voor": r.respond_by, "verzonden_op": r.sent_on,
            "feiten": [{"nummer": f.number, "tekst": f.text,
                        "hoe_bekend": f.get_basis_display(), "gemeld_door": f.reported_by}
                       for f in facts if f.decision_id == r.decision_id],
            "reacties": [{"door": a.person.full_name,
                          "feit": a.fact.number if a.fact else None,
                          "antwoord": a.get_answer_display(), "woorden": a.words,
                          "op": a.recorded_at}
                         for a in answers if a.decision_id == r.decision_id]})
    return [(requests, ()), (facts, ()), (answers, ())]


def _requests(doc, ctx, roots, reader) -> list:
    # What other members said or chose only by the family rule (access/family_rules.py).
    # A child's request only beside an entry the reader may read (not one confidential
    # for the child); one's own requests always.
    requests = list(reader.rows(CorrectionRequest.objects.filter(
        words_q(ctx.person_id),
        Q(person_id=ctx.person_id) | Q(entry__root_id__in=roots))).select_related(
        "person").order_by("received_at"))
    for r in requests:
        doc["verzoeken"].append({
            "id": r.pk, "aantekening": r.entry_id, "door": r.person.full_name,
            "soort": r.get_kind_display(), "reden": r.reason, "ontvangen_op": r.received_at,
            "uiterste_datum": r.deadline, "status": r.get_status_display(),
            "besluit": r.decision_reason})
    return [(requests, ())]


def _consents(doc, ctx, scope, reader) -> list:
    consents = list(reader.rows(Consent.objects.filter(
        words_q(ctx.person_id, author="given_by"), person__in=scope.represented))
        .select_related("person", "given_by").order_by("recorded_at"))
    for c in consents:
        doc["toestemmingen"].append({
            "id": c.pk, "over": c.person.full_name, "waarvoor": c.get_scope_display(),
            "besluit": c.get_decision_display(), "door": c.given_by.full_name,
            "vastgelegd_op": c.recorded_at, "geldt_nu": c.is_current})
    return [(consents, ())]


def _looked(row) -> dict:
    return {"wanneer": row.occurred_at, "organisatie": row.organisation, "rol": row.role,
            "wie": row.who, "verantwoordelijk": row.responsible, "wat": str(row.what),
            "doel": row.purpose, "waarom": str(row.why), "noodtoegang": row.break_glass}


def looked_by_day(rows: list) -> list:
    """*Wie keek er?* as the phone page groups it (looked_groups.py): by local day, newest
    first, and within a day by organisation; identical accesses once with their times."""
    days: OrderedDict[date, OrderedDict] = OrderedDict()
    for row in sorted(rows, key=lambda r: r["wanneer"], reverse=True):
        local = timezone.localtime(row["wanneer"])
        orgs = days.setdefault(local.date(), OrderedDict())
        accesses = orgs.setdefault(row["organisatie"] or _("Onbekende organisatie"),
                                   OrderedDict())
        facts = tuple(row[k] for k in ("wie", "rol", "verantwoordelijk", "wat", "doel",
                                       "waarom", "noodtoegang"))
        accesses.setdefault(facts, []).append(local)
    return [(day, [(org, [(dict(zip(("wie", "rol", "verantwoordelijk", "wat", "doel",
                                      "waarom", "noodtoegang"), facts, strict=True)),
                            sorted(times)) for facts, times in accesses.items()])
                   for org, accesses in orgs.items()])
            for day, orgs in days.items()]


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # UUIDs, lazy translations


def to_json(doc: dict) -> dict:
    """The document as JSON-ready data (docs/schemas/mijn-gegevens.schema.json)."""
    return _plain({k: v for k, v in doc.items() if not k.startswith("_")})
