"""/households/{id}/measures and /measures/{id}: legal measures per person (decision 0044).

Reads follow the access module (the household's team-type relations under the sharing
agreements; emergency access without criminal or health data); a measure one may not
read is the logged 404. Writes need a team-type relation and the measure kind's write
gate (the laws one's organisation kind records, rules/measure_recorders.toml); anyone
else gets the logged 404 before the body is read. An id that is no id is an unknown
object: the logged 404, never a 422. Bad input is a 422 problem+json with Dutch reasons;
nothing is saved.
"""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Router, Schema, Status

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    fetch,
    record,
    together,
)
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.households.models import Household
from netwerkdossier.measures import services
from netwerkdossier.measures.models import STATUS_LENGTH, Measure
from netwerkdossier.measures.reading import logged_objects, may_register, readable
from netwerkdossier.uuids import parse_uuid

from .auth import access_context
from .bodies import body_doc, parse_body
from .schemas import Day, Input, Problem

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


class StatusIn(Input):
    status: str = Field("", max_length=STATUS_LENGTH, description="aangevraagd of "
                        "toegewezen bij registratie; daarna toegewezen, afgewezen, "
                        "verlenging_aangevraagd, verlengd of beeindigd. Er is geen standaard.")
    status_on: Day | None = Field(None, description="Datum van het besluit (of het einde; bij "
                                  "verlenging_aangevraagd de datum van het verzoek).")
    starts_on: Day | None = Field(None, description="Begindatum (bij toegewezen).")
    ends_on: Day | None = Field(None, description="Alleen als de einddatum afwijkt van de "
                                "berekende; dan is end_reason verplicht.")
    end_reason: str = Field("", max_length=2000)
    source_reference: str = Field("", max_length=200, description="Zaaknummer of kenmerk "
                                  "van de beschikking, het besluit of het verzoek.")
    document: UUID | None = Field(None, description="Een document in de tijdlijn van het "
                                  "huishouden.")
    note: str = Field("", max_length=2000)


class StatusChangeIn(StatusIn):
    version: int | None = Field(None, ge=1, le=1_000_000, description=(
        "De versie die u wijzigt; bij een andere versie 422."))


class ConditionIn(Input):
    kind: str = Field("", max_length=20, description="contactverbod, gebiedsverbod, "
                      "meldplicht of overig.")
    person: UUID | None = Field(None, description="Een gezinslid met wie geen contact mag "
                                "zijn.")
    other: str = Field("", max_length=200, description="Of iemand buiten het gezin, bij naam.")
    area: str = Field("", max_length=1000)
    description: str = Field("", max_length=2000)


class MeasureIn(StatusIn):
    person: UUID | None = Field(None, description="Het gezinslid over wie de maatregel gaat.")
    measure_key: str = Field("", max_length=40, description="Sleutel uit de "
                             "maatregelencatalogus (rules/measures.toml).")
    authority_kind: str = Field("", max_length=60, description="Wie beslist, zoals in de "
                                "catalogus: Kinderrechter, Burgemeester, ...")
    authority_name: str = Field("", max_length=200)
    case_number: str = Field("", max_length=100)
    requester: str = Field("", max_length=100)
    requested_on: Day | None = None
    carried_out_by: UUID | None = None
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=20)


class ConditionOut(Schema):
    kind: str
    person: UUID | None
    other: str
    area: str
    description: str


class StatusOut(Schema):
    number: int
    status: str
    status_on: date
    starts_on: date | None
    ends_on: date | None
    end_reason: str
    source_reference: str
    recorded_by: str
    recorded_at: datetime


class DeadlineOut(Schema):
    code: str
    on: date
    text: str
    urgent: bool


class MeasureOut(Schema):
    id: UUID
    household: UUID
    person: UUID
    measure_key: str
    label: str
    law: str
    criminal_data: bool
    health_data: bool
    confirmed: bool = Field(description="false: de termijnen in de catalogus zijn nog niet "
                            "door een jurist bevestigd (onbevestigd).")
    status: str
    authority_kind: str
    authority_name: str
    case_number: str
    requested_on: date | None
    decided_on: date | None
    starts_on: date | None
    ends_on: date | None
    computed_end_on: date | None
    end_reason: str
    extensions: int
    carried_out_by: UUID | None
    version: int
    deadlines: list[DeadlineOut]
    conditions: list[ConditionOut]
    history: list[StatusOut]


def _out(m) -> dict:
    return {
        "id": m.pk, "household": m.household_id, "person": m.person_id,
        "measure_key": m.measure_key, "label": m.entry.label, "law": m.law,
        "criminal_data": m.criminal_data, "health_data": m.health_data,
        "confirmed": m.entry.confirmed, "status": m.status,
        "authority_kind": m.authority_kind, "authority_name": m.authority_name,
        "case_number": m.case_number, "requested_on": m.requested_on,
        "decided_on": m.decided_on, "starts_on": m.starts_on, "ends_on": m.ends_on,
        "computed_end_on": m.computed_end_on, "end_reason": m.end_reason,
        "extensions": m.extensions, "carried_out_by": m.carried_out_by_id,
        "version": m.version,
        "deadlines": [{"code": d.code, "on": d.on, "text": d.text, "urgent": d.urgent}
                      for d in m.deadline_list],
        "conditions": [{"kind": c.kind, "person": c.named_person_id, "other": c.named_other,
                        "area": c.area, "description": c.description}
                       for c in m.condition_list],
        "history": [{"number": s.number, "status": s.status, "status_on": s.status_on,
                     "starts_on": s.starts_on, "ends_on": s.ends_on,
                     "end_reason": s.end_reason, "source_reference": s.source_reference,
                     "recorded_by": s.recorded_by.get_full_name() or s.recorded_by.username,
                     "recorded_at": s.recorded_at} for s in m.history_list],
    }


def _record(ctx, event, measures, decision=None):
    with together(ctx):
        for objects in logged_objects(measures):
            record(ctx, event, objects, decision=decision)


def _status_in(payload) -> services.StatusIn:
    return services.StatusIn(
        status=payload.status, status_on=payload.status_on, starts_on=payload.starts_on,
        ends_on=payload.ends_on, end_reason=payload.end_reason,
        source_reference=payload.source_reference, document_id=payload.document,
        note=payload.note)


def _measure(ctx, measure_id: str, action, event):
    """The measure, or the logged 404 (also for an id that is no id)."""
    pk = parse_uuid(measure_id)
    if pk is None:
        raise AccessRefused(ctx, event, "measure", str(measure_id)[:40],
                            Decision(False, "not_found", refusal_reason("not_found")),
                            action="U" if action == UPDATE else "R")
    return fetch(ctx, Measure.objects.select_related("household"), pk, action=action,
                 event_code=event)


@router.get("/households/{uuid:household_id}/measures",
            response={200: list[MeasureOut], **ERRORS}, url_name="measure_list",
            summary="Maatregelen van de gezinsleden die u mag zien, met termijnen")
def list_measures(request, household_id: UUID):
    ctx = access_context(request)
    event = "api.measure.list"
    household, decision = fetch(ctx, Household.objects.all(), household_id, action=READ,
                                event_code=event)
    measures = readable(ctx, household)
    _record(ctx, event, measures, decision)
    if not measures:
        record(ctx, event, [household], decision=decision)
    return [_out(m) for m in measures]


@router.get("/measures/{measure_id}", response={200: MeasureOut, **ERRORS},
            url_name="measure_detail",
            summary="Een maatregel met voorwaarden, termijnen en geschiedenis")
def get_measure(request, measure_id: str):
    ctx = access_context(request)
    event = "api.measure.read"
    measure, decision = _measure(ctx, measure_id, READ, event)
    shown = readable(ctx, measure.household, pk=measure.pk)[0]
    _record(ctx, event, [shown], decision)
    return _out(shown)


@router.post("/households/{uuid:household_id}/measures", response={201: MeasureOut, **ERRORS},
             url_name="measure_register", openapi_extra=body_doc(MeasureIn),
             summary="Een maatregel over een gezinslid vastleggen (aangevraagd of "
                     "toegewezen), met bron")
def register_measure(request, household_id: UUID):
    ctx = access_context(request)
    event = "api.measure.register"
    household, _decision = fetch(ctx, Household.objects.all(), household_id, action=UPDATE,
                                 event_code=event)
    if not may_register(ctx, household):
        raise AccessRefused(ctx, event, "household", household_id,
                            Decision(False, "not_owner", refusal_reason("not_owner")),
                            action="U")
    payload = parse_body(request, MeasureIn)
    measure = services.register(
        ctx, household, person_id=payload.person, measure_key=payload.measure_key,
        authority_kind=payload.authority_kind, authority_name=payload.authority_name,
        case_number=payload.case_number, requester=payload.requester,
        requested_on=payload.requested_on, carried_out_by_id=payload.carried_out_by,
        first=_status_in(payload),
        conditions=[services.ConditionIn(kind=c.kind, person_id=c.person, other=c.other,
                                         area=c.area, description=c.description)
                    for c in payload.conditions])
    return Status(201, _out(readable(ctx, household, pk=measure.pk)[0]))


@router.post("/measures/{measure_id}/status-changes", response={201: MeasureOut, **ERRORS},
             url_name="measure_status_change", openapi_extra=body_doc(StatusChangeIn),
             summary="De volgende status van een maatregel vastleggen (toegewezen, "
                     "afgewezen, verlenging_aangevraagd, verlengd, beeindigd), met bron")
def change_status(request, measure_id: str):
    ctx = access_context(request)
    measure, _decision = _measure(ctx, measure_id, UPDATE, "api.measure.status")
    payload = parse_body(request, StatusChangeIn)
    services.change_status(ctx, measure, _status_in(payload),
                           expected_version=payload.version)
    return Status(201, _out(readable(ctx, measure.household, pk=measure.pk)[0]))
