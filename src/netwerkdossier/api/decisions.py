"""Decision records and requests for a measure (decisions 0048 and 0051).

/households/{id}/decision-records: the household's records one may read (and making one:
route, phase, closure, placement); /decision-records/{id}: one record with its facts (each
with its source and how it is known), the family's current view of each fact, dissent,
and - once taken - the objection route with its last day; adding a fact, giving a fact
its source, recording a family member's view. /measure-requests/{id}: a request with its
reviews; the asked reviewer answers the pending review.

Reads follow the access module as the pages do (decisions/views.py): the owner
organisation and what the sharing agreements open of its decisions; never emergency
access or a case-table seat; anyone else gets the logged 404, also for an id that is no
id. Only the owner organisation writes facts and views (403 with the reason for a team
member who reads but may not write); only the asked reviewer answers a review. Bad input
is a 422 problem+json with Dutch reasons; nothing is saved.
"""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from netwerkdossier.access.api import READ, AccessRefused, Decision, decide, fetch, visible
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.decisions import objection, reading, requests, services
from netwerkdossier.decisions.models import DecisionRecord, Fact, MeasureRequest
from netwerkdossier.households.models import Household
from netwerkdossier.uuids import parse_uuid

from .auth import access_context
from .bodies import body_doc, parse_body
from .schemas import Input, Problem

router = Router()
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class RecordIn(Input):
    kind: str = Field("", max_length=20, description="route, fase, plaatsing of "
                      "afsluiting (een verzoek om een maatregel begint bij het "
                      "verzoekschrift). Er is geen standaard.")
    question: str = Field("", max_length=2000, description="Wat wordt besloten.")
    case: UUID | None = Field(None, description="Het traject (bij route, fase en "
                              "afsluiting).")
    to_phase: str = Field("", max_length=40, description="Bij een fasebesluit: de fase "
                          "waar het traject naartoe gaat.")
    person: UUID | None = Field(None, description="Over wie (bij een plaatsing: het kind).")


class FactIn(Input):
    text: str = Field("", max_length=2000)
    basis: str = Field("", max_length=20, description="waargenomen, gemeld of "
                       "interpretatie. Er is geen standaard.")
    reported_by: str = Field("", max_length=200, description="Bij gemeld: door wie. Noem "
                             "nooit een melder wiens naam beschermd is; het gezin leest "
                             "dit.")
    source_entry: UUID | None = Field(None, description="Een aantekening in de tijdlijn.")
    source_measure: UUID | None = Field(None, description="Of een maatregel.")


class SourceIn(Input):
    source_entry: UUID | None = None
    source_measure: UUID | None = None


class ViewIn(Input):
    fact: UUID | None = Field(None, description="Het feit.")
    person: UUID | None = Field(None, description="Het gezinslid.")
    answer: str = Field("", max_length=20, description="eens, oneens (met words) of "
                        "niet_gehoord (met de reden in words). Er is geen standaard.")
    words: str = Field("", max_length=4000)


class ReviewAnswerIn(Input):
    outcome: str = Field("", max_length=20, description="goedgekeurd of teruggestuurd "
                         "(met reasons). Er is geen standaard.")
    reasons: str = Field("", max_length=4000)


class ViewOut(Schema):
    person: UUID
    answer: str
    words: str
    via: str
    recorded_at: datetime


class FactOut(Schema):
    id: UUID
    number: int
    text: str
    basis: str
    reported_by: str
    source_entry: UUID | None
    source_measure: UUID | None
    has_source: bool
    views: list[ViewOut]


class DissentOut(Schema):
    organisation: str
    reasons: str
    recorded_at: datetime


class RouteOut(Schema):
    key: str
    title: str
    term: str
    until: date | None


class RecordOut(Schema):
    id: UUID
    household: UUID
    case: UUID | None
    person: UUID | None
    kind: str
    question: str
    to_phase: str
    status: str
    version: int
    owner_organisation: str
    taken_on: date | None
    objection_route: str
    objection_until: date | None
    missing: list[str] = Field(description="Wat ontbreekt voordat het besluit genomen kan "
                               "worden (in het Nederlands); leeg als het compleet is.")
    facts: list[FactOut]
    dissents: list[DissentOut]
    objection_routes: list[RouteOut]


class ReviewOut(Schema):
    request_version: int
    reviewer: str
    reviewer_organisation: str
    asked_at: datetime
    outcome: str
    reasons: str
    answered_at: datetime | None


class RequestOut(Schema):
    id: UUID
    decision: RecordOut
    person: UUID
    measure_key: str
    requester: str
    court: str
    grounds: str
    status: str
    version: int
    shared_on: date | None
    respond_by: date | None
    sent_on: date | None
    reference: str
    reviews: list[ReviewOut]


def _record_out(decision: DecisionRecord) -> dict:
    """`decision` as reading.load() filled it (only what the reader may read)."""
    routes = objection.routes(decision, decision.owner_organisation.kind)
    return {
        "id": decision.pk, "household": decision.household_id, "case": decision.case_id,
        "person": decision.person_id, "kind": decision.kind, "question": decision.question,
        "to_phase": decision.to_phase, "status": decision.status,
        "version": decision.version, "owner_organisation": decision.owner_organisation.name,
        "taken_on": decision.taken_on, "objection_route": decision.objection_route,
        "objection_until": decision.objection_until,
        "missing": services.problems(decision)
        if decision.status == DecisionRecord.Status.CONCEPT else [],
        "facts": [{"id": f.pk, "number": f.number, "text": f.text, "basis": f.basis,
                   "reported_by": f.reported_by,
                   # The id of a source the reader may not open is left out, as the page
                   # leaves out its link; has_source still says there is one.
                   "source_entry": f.source_entry_id if f.entry_readable else None,
                   "source_measure": f.source_measure_id if f.measure_readable else None,
                   "has_source": f.has_source,
                   "views": [{"person": v.person_id, "answer": v.answer, "words": v.words,
                              "via": v.via, "recorded_at": v.recorded_at}
                             for v in f.current_views]} for f in decision.fact_list],
        "dissents": [{"organisation": d.organisation.name, "reasons": d.reasons,
                      "recorded_at": d.recorded_at} for d in decision.dissent_list],
        "objection_routes": [{"key": r["key"], "title": r.get("title", r["key"]),
                              "term": r.get("term", ""), "until": r.get("until")}
                             for r in routes],
    }


def _not_found(ctx, event, kind, value, action="R"):
    return AccessRefused(ctx, event, kind, str(value)[:40],
                         Decision(False, "not_found", refusal_reason("not_found")),
                         action=action)


def _decision(ctx, record_id: str, event: str, action=READ):
    pk = parse_uuid(record_id)
    if pk is None:
        raise _not_found(ctx, event, "decision_record", record_id,
                         "R" if action == READ else "U")
    return fetch(ctx, DecisionRecord.objects.select_related(
        "household", "owner_organisation", "case"), pk, action=action, event_code=event)


def _fact(ctx, decision, fact_id):
    """A fact of this record the reader may read, or None (also for no id)."""
    if parse_uuid(fact_id) is None:
        return None
    return visible(ctx, READ, Fact.objects.filter(decision=decision, pk=fact_id),
                   household_id=decision.household_id).first()


def _shown(ctx, decision, event, granted=None) -> dict:
    return _record_out(reading.load(ctx, decision, event=event, decision_rule=granted))


def _reread(ctx, pk, event) -> dict:
    """The record after a write, as the writer may read it (logged)."""
    decision, granted = _decision(ctx, str(pk), event)
    return _shown(ctx, decision, event, granted)


@router.get("/households/{uuid:household_id}/decision-records",
            response={200: list[RecordOut], **ERRORS}, url_name="decision_record_list",
            summary="Besluitverslagen van het huishouden die u mag lezen")
def list_records(request, household_id: UUID):
    ctx = access_context(request)
    event = "api.decision.list"
    household, _granted = fetch(ctx, Household.objects.all(), household_id, action=READ,
                                event_code=event)
    if not decide(ctx, READ, DecisionRecord(household=household)).allowed:
        raise AccessRefused(ctx, event, "household", household_id,
                            Decision(False, "not_related", refusal_reason("not_related")))
    return [_shown(ctx, d, event) for d in reading.for_household(ctx, household)]


@router.post("/households/{uuid:household_id}/decision-records",
             response={201: RecordOut, **ERRORS}, url_name="decision_record_start",
             openapi_extra=body_doc(RecordIn),
             summary="Een besluitverslag beginnen (route, fase, plaatsing, afsluiting)")
def start_record(request, household_id: UUID):
    ctx = access_context(request)
    event = "api.decision.start"
    household, _granted = fetch(ctx, Household.objects.all(), household_id, action=READ,
                                event_code=event)
    if not services.may_write(ctx, DecisionRecord(
            household=household, owner_organisation_id=ctx.organisation_id)):
        raise AccessRefused(ctx, event, "household", household_id,
                            Decision(False, "not_owner", refusal_reason("not_owner")),
                            action="U")
    payload = parse_body(request, RecordIn)
    case = None
    if payload.case is not None:
        from netwerkdossier.cases.models import Case

        case = visible(ctx, READ, Case.objects.filter(pk=payload.case, household=household),
                       household_id=household.pk).first()
        if case is None:
            raise ValidationError({"case": [_("Dit traject hoort niet bij dit "
                                              "huishouden.")]})
    if payload.kind == "verzoek_maatregel":
        raise ValidationError({"kind": [_("Een verzoek om een maatregel begint bij het "
                                          "verzoekschrift.")]})
    made = services.start(ctx, household, kind=payload.kind, question=payload.question,
                          person_id=payload.person, case=case, to_phase=payload.to_phase)
    return Status(201, _reread(ctx, made.pk, event))


@router.get("/decision-records/{record_id}", response={200: RecordOut, **ERRORS},
            url_name="decision_record_detail",
            summary="Een besluitverslag: feiten met bron, visie van het gezin, afwijkende "
                    "meningen, bezwaarweg")
def get_record(request, record_id: str):
    ctx = access_context(request)
    event = "api.decision.read"
    decision, granted = _decision(ctx, record_id, event)
    return _shown(ctx, decision, event, granted)


@router.post("/decision-records/{record_id}/facts", response={201: RecordOut, **ERRORS},
             url_name="decision_fact_add", openapi_extra=body_doc(FactIn),
             summary="Een feit vastleggen, met de bron en hoe het bekend is")
def add_fact(request, record_id: str):
    ctx = access_context(request)
    event = "api.decision.fact"
    decision, _granted = _decision(ctx, record_id, event)
    payload = parse_body(request, FactIn)
    services.add_fact(ctx, decision, services.FactIn(
        text=payload.text, basis=payload.basis, reported_by=payload.reported_by,
        source_entry_id=payload.source_entry, source_measure_id=payload.source_measure))
    return Status(201, _reread(ctx, decision.pk, event))


@router.post("/decision-records/{record_id}/facts/{fact_id}/source",
             response={201: RecordOut, **ERRORS}, url_name="decision_fact_source",
             openapi_extra=body_doc(SourceIn),
             summary="Een feit zonder bron zijn bron geven")
def add_source(request, record_id: str, fact_id: str):
    ctx = access_context(request)
    event = "api.decision.source"
    decision, _granted = _decision(ctx, record_id, event)
    fact = _fact(ctx, decision, fact_id)
    if fact is None:
        raise _not_found(ctx, event, "decision_fact", fact_id, "U")
    payload = parse_body(request, SourceIn)
    services.add_source(ctx, fact, source_entry_id=payload.source_entry,
                        source_measure_id=payload.source_measure)
    return Status(201, _reread(ctx, decision.pk, event))


@router.post("/decision-records/{record_id}/family-views",
             response={201: RecordOut, **ERRORS}, url_name="decision_family_view",
             openapi_extra=body_doc(ViewIn),
             summary="De visie van een gezinslid op een feit vastleggen (hoor en "
                     "wederhoor)")
def add_view(request, record_id: str):
    ctx = access_context(request)
    event = "api.decision.view"
    decision, _granted = _decision(ctx, record_id, event)
    payload = parse_body(request, ViewIn)
    fact = _fact(ctx, decision, payload.fact)
    if fact is None:
        raise ValidationError({"fact": [_("Kies een feit van dit besluitverslag.")]})
    services.record_view(ctx, decision, person_id=payload.person, answer=payload.answer,
                         words=payload.words, fact=fact)
    return Status(201, _reread(ctx, decision.pk, event))


def _request(ctx, request_id: str, event: str):
    pk = parse_uuid(request_id)
    if pk is None:
        raise _not_found(ctx, event, "measure_request", request_id)
    return fetch(ctx, MeasureRequest.objects.all(), pk, event_code=event)


def _request_out(ctx, req, event) -> dict:
    decision, granted = _decision(ctx, str(req.decision_id), event)
    decision = reading.load(ctx, decision, event=event, decision_rule=granted)
    shown = decision.request_shown
    return {
        "id": shown.pk, "decision": _record_out(decision), "person": shown.person_id,
        "measure_key": shown.measure_key, "requester": shown.requester,
        "court": shown.court, "grounds": shown.grounds, "status": shown.status,
        "version": shown.version, "shared_on": shown.shared_on,
        "respond_by": shown.respond_by, "sent_on": shown.sent_on,
        "reference": shown.reference,
        "reviews": [{"request_version": r.request_version,
                     "reviewer": r.reviewer.get_full_name() or r.reviewer.username,
                     "reviewer_organisation": r.reviewer_organisation.name,
                     "asked_at": r.asked_at, "outcome": r.outcome, "reasons": r.reasons,
                     "answered_at": r.answered_at} for r in decision.review_list],
    }


@router.get("/measure-requests/{request_id}", response={200: RequestOut, **ERRORS},
            url_name="measure_request_detail",
            summary="Een verzoek om een maatregel met zijn besluitverslag en toetsen")
def get_request(request, request_id: str):
    ctx = access_context(request)
    event = "api.measure_request.read"
    req, _granted = _request(ctx, request_id, event)
    return _request_out(ctx, req, event)


@router.post("/measure-requests/{request_id}/review", response={201: RequestOut, **ERRORS},
             url_name="measure_request_review", openapi_extra=body_doc(ReviewAnswerIn),
             summary="De gevraagde toetser beantwoordt de onafhankelijke toets")
def answer_review(request, request_id: str):
    ctx = access_context(request)
    event = "api.measure_request.review"
    req, _granted = _request(ctx, request_id, event)
    payload = parse_body(request, ReviewAnswerIn)
    review = requests.pending_review(req)
    if review is None:
        raise ValidationError({"__all__": [_("Er wacht geen toets.")]})
    requests.answer_review(ctx, review, outcome=payload.outcome, reasons=payload.reasons)
    req.refresh_from_db()
    return Status(201, _request_out(ctx, req, event))

