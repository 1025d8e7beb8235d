"""API routes of the analysis app, mounted under /api/v1/ by netwerkdossier.api.router.

Write routes decide access before they read the request body, so an outsider gets the
logged 404 whatever they send; the body is then checked against its schema (problem+json
422 with Dutch reasons) and by the service.
"""

from datetime import date, datetime
from uuid import UUID

import pydantic
from django.http import HttpResponse
from django.urls import reverse
from ninja import Router, Status
from ninja.errors import ValidationError as NinjaValidationError

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    decide,
    fetch,
    record,
    visible,
)
from netwerkdossier.api.auth import access_context
from netwerkdossier.api.schemas import Input, OrganisationRef, PersonRef, Problem, Professional
from netwerkdossier.cases.models import Case
from netwerkdossier.households.models import Household, Person

from . import instruments as engine
from .models import AnalysisVersion, InstrumentResult
from .presentation import persons_by_id, present
from .services import (
    administer,
    current_version,
    latest_responses,
    member_persons,
    readable_results,
    respond,
    save_version,
    sees_sensitive,
)

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


# --- schemas -------------------------------------------------------------------------------

class ItemIO(Input):
    n: int | None = pydantic.Field(None, description="Puntnummer; leeg voor een nieuw punt.")
    domain: str = pydantic.Field(description="Leefgebied (rules/life_domains.toml).")
    person: UUID | None = pydantic.Field(None, description="Gezinslid; leeg: het hele gezin.")
    kind: str = pydantic.Field(description="zorg, gaat_goed, risico of beschermend.")
    text: str = pydantic.Field(max_length=2000)


class HypothesisIO(Input):
    n: int | None = None
    text: str = pydantic.Field(max_length=2000)
    factors: list[int] = pydantic.Field(description="Puntnummers van risico- of "
                                                    "beschermende factoren.")
    worries: list[int] = pydantic.Field(description="Puntnummers van zorgen die ze verklaren.")


class DisagreementIO(Input):
    about: str
    family: str = ""
    professionals: str = ""
    person: UUID | None = pydantic.Field(
        None, description="Het gezinslid van wie 'family' de eigen kijk is; leeg voor de "
                          "kijk van het hele gezin.")


class AnalysisIn(Input):
    based_on: int | None = pydantic.Field(
        description="Nummer van de versie waarop u verder werkt (null voor de eerste).")
    items: list[ItemIO] = []
    hypotheses: list[HypothesisIO] = []
    family_view: str = ""
    disagreements: list[DisagreementIO] = []
    instrument_results: list[UUID] = []
    note: str = ""
    case: UUID | None = None


class ResponseIn(Input):
    person: UUID
    agrees: bool = pydantic.Field(description="true: medeondertekend; false: betwist.")
    text: str = pydantic.Field("", description="In de eigen woorden van het gezinslid "
                                               "(verplicht bij betwisten).")


class InstrumentResultIn(Input):
    instrument: str = pydantic.Field(description="Sleutel van het instrument.")
    person: UUID
    administered_on: date
    answers: dict[str, int | bool | str | None]


class ResponseOut(pydantic.BaseModel):
    id: UUID
    person: PersonRef
    agrees: bool
    text: str
    channel: str
    recorded_by: Professional
    recorded_at: datetime


class VersionSummary(pydantic.BaseModel):
    id: UUID
    number: int
    created_at: datetime
    created_by: Professional
    organisation: OrganisationRef
    change_summary: str
    note: str
    responses: list[ResponseOut]


class VersionOut(VersionSummary):
    household: UUID
    case: UUID | None
    current: bool
    items: list[dict]
    hypotheses: list[dict]
    family_view: str
    disagreements: list[dict]
    instrument_results: list[UUID]
    hidden_items: int = pydantic.Field(description="Punten over gezondheid of justitie die "
                                                   "alleen het team ziet.")
    hidden_hypotheses: int


class AnalysisOut(pydantic.BaseModel):
    household: UUID
    current: VersionOut | None
    versions: list[VersionSummary]


class InstrumentOut(pydantic.BaseModel):
    key: str
    title: str
    version: str
    source: str
    licence: str
    illustrative: bool
    description: str
    health_data: bool
    items: list[dict]
    scales: list[dict]


class ResultOut(pydantic.BaseModel):
    id: UUID
    household: UUID
    person: PersonRef
    instrument: str
    instrument_version: str
    instrument_title: str
    administered_on: date
    answers: dict
    scores: list[dict]
    recorded_by: Professional
    recorded_at: datetime


# --- helpers -------------------------------------------------------------------------------

def _body(request, schema):
    """Parse the JSON body only after access was decided."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as exc:
        raise NinjaValidationError([dict(e) for e in exc.errors()]) from exc


def _work(ctx, household_id, action, event_code):
    """The household, if ctx may do `action` on its analysis work."""
    household, _ = fetch(ctx, Household.objects.all(), household_id, action=READ,
                         event_code=event_code)
    decision = decide(ctx, action, AnalysisVersion(household=household))
    if not decision.allowed:
        raise AccessRefused(ctx, event_code, "household", household_id, decision,
                            action="C" if action == UPDATE else "R")
    return household, decision


def _professional(user) -> dict:
    return {"username": user.username, "name": user.get_full_name() or user.username}


def _response(r) -> dict:
    return {"id": r.pk, "person": {"id": r.person_id, "name": r.person.full_name},
            "agrees": r.agrees, "text": r.text, "channel": r.channel,
            "recorded_by": _professional(r.recorded_by), "recorded_at": r.recorded_at}


def _summary(v, responses) -> dict:
    return {"id": v.pk, "number": v.number, "created_at": v.created_at,
            "created_by": _professional(v.created_by),
            "organisation": {"id": v.owner_organisation_id, "name": v.owner_organisation.name},
            "change_summary": v.change_summary, "note": v.note,
            "responses": [_response(r) for r in responses]}


def _member(household_id, person_id):
    """The member of the household with this id, else an unsaved stand-in: the service
    then says "not a member of this household" without telling whether the person exists."""
    found = next((p for p in member_persons(household_id) if p.pk == person_id), None)
    return found if found is not None else Person(pk=person_id)


def _version(ctx, v, current_pk, members) -> tuple[dict, set]:
    sensitive = sees_sensitive(ctx, v.household_id, v)
    shown = present(v.content, persons_by_id(members), sensitive)
    # Only the results the reader may open, as the page links them.
    readable = {str(pk) for pk in readable_results(ctx, v.household_id, sensitive)
                .values_list("pk", flat=True)}
    responses = latest_responses(v.responses.select_related("person", "recorded_by"))
    items = [{k: i[k] for k in ("n", "domain", "domain_label", "person", "kind", "kind_label",
                                "text")} for i in shown.items]
    hypotheses = [{k: h[k] for k in ("n", "text", "factors", "worries")}
                  for h in shown.hypotheses]
    body = {**_summary(v, responses), "household": v.household_id, "case": v.case_id,
            "current": v.pk == current_pk, "items": items, "hypotheses": hypotheses,
            "family_view": shown.family_view, "disagreements": shown.disagreements,
            "instrument_results": [i for i in shown.instrument_results if i in readable],
            "hidden_items": shown.hidden_items, "hidden_hypotheses": shown.hidden_hypotheses}
    return body, shown.person_ids | {r.person_id for r in responses}


def _result(r) -> dict:
    return {"id": r.pk, "household": r.household_id,
            "person": {"id": r.person_id, "name": r.person.full_name},
            "instrument": r.instrument_key, "instrument_version": r.instrument_version,
            "instrument_title": r.instrument_title, "administered_on": r.administered_on,
            "answers": r.answers, "scores": [{k: s.get(k) for k in ("key", "label", "value",
                                                                     "band")}
                                             for s in r.scores],
            "recorded_by": _professional(r.recorded_by), "recorded_at": r.recorded_at}


def _instrument(i) -> dict:
    return {"key": i.key, "title": i.title, "version": i.version, "source": i.source,
            "licence": i.licence, "illustrative": i.illustrative,
            "description": i.description, "health_data": i.health_data,
            "items": [{"key": t.key, "text": t.text, "type": t.type,
                       "options": [{"value": v, "label": label} for v, label in t.options],
                       "min": t.minimum, "max": t.maximum, "reverse": t.reverse,
                       "required": t.required} for t in i.items],
            "scales": [{"key": s.key, "label": s.label, "rule": s.rule, "items": list(s.parts),
                        "bands": [{"from": float(lower), "label": label}
                                  for lower, label in s.bands]} for s in i.scales]}


def _inlined(node, defs):
    """A JSON schema with its local "$defs" references written out, so it stands on its
    own inside the OpenAPI document (where "#/$defs/..." would point at the root)."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inlined(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inlined(v, defs) for v in node]
    return node


def _body_doc(schema) -> dict:
    raw = schema.model_json_schema()
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inlined(raw, raw.get("$defs", {}))}}}}


# --- analysis --------------------------------------------------------------------------------

@router.get("/households/{uuid:household_id}/analysis",
            response={200: AnalysisOut, 401: Problem, 404: Problem}, url_name="analysis",
            summary="De integrale analyse van een huishouden: huidige versie en alle versies")
def get_analysis(request, household_id: UUID):
    ctx = access_context(request)
    household, decision = _work(ctx, household_id, READ, "api.analysis.read")
    versions = list(visible(ctx, READ, AnalysisVersion.objects.all(), household_id=household.pk)
                    .select_related("created_by", "owner_organisation")
                    .prefetch_related("responses__person", "responses__recorded_by")
                    .order_by("-number"))
    current = None
    if versions:
        current, subjects = _version(ctx, versions[0], versions[0].pk,
                                     member_persons(household.pk))
        # Beyond the current members: people the current version names and everyone
        # whose response the version list shows (a former member too).
        responders = {r.person_id for v in versions for r in v.responses.all()}
        record(ctx, "api.analysis.read", versions, decision=decision,
               subjects=subjects | responders)
    return {"household": household.pk, "current": current,
            "versions": [_summary(v, latest_responses(v.responses.all())) for v in versions]}


@router.post("/households/{uuid:household_id}/analysis",
             response={201: VersionOut, **ERRORS}, url_name="analysis_create",
             summary="Een nieuwe versie van de integrale analyse opslaan",
             openapi_extra=_body_doc(AnalysisIn))
def create_version(request, household_id: UUID, response: HttpResponse):
    ctx = access_context(request)
    household, decision = _work(ctx, household_id, UPDATE, "api.analysis.create")
    payload = _body(request, AnalysisIn)
    case = None
    if payload.case is not None:
        case = visible(ctx, READ, Case.objects.filter(pk=payload.case, household=household)
                       ).first() or Case(pk=payload.case, household_id=None)
    version = save_version(
        ctx, household, based_on=payload.based_on,
        items=[{**i.model_dump(), "person": str(i.person) if i.person else None}
               for i in payload.items],
        hypotheses=[h.model_dump() for h in payload.hypotheses],
        family_view=payload.family_view,
        disagreements=[d.model_dump() for d in payload.disagreements],
        instrument_results=[str(r) for r in payload.instrument_results], note=payload.note,
        case=case, rule=decision.rule)
    response["Location"] = reverse("api:analysis_version", kwargs={"version_id": version.pk})
    body, _ = _version(ctx, version, version.pk, member_persons(household.pk))
    return Status(201, body)


@router.get("/analysis-versions/{uuid:version_id}",
            response={200: VersionOut, 401: Problem, 404: Problem}, url_name="analysis_version",
            summary="Eén versie van de integrale analyse, ook een oudere")
def get_version(request, version_id: UUID):
    ctx = access_context(request)
    version, decision = fetch(ctx, AnalysisVersion.objects.select_related(
        "created_by", "owner_organisation"), version_id, action=READ,
        event_code="api.analysis.version.read")
    current = current_version(version.household_id, ctx)
    body, subjects = _version(ctx, version, current.pk, member_persons(version.household_id))
    record(ctx, "api.analysis.version.read", [version], decision=decision, subjects=subjects)
    return body


@router.post("/analysis-versions/{uuid:version_id}/responses",
             response={201: ResponseOut, **ERRORS}, url_name="analysis_response_create",
             summary="De reactie van een gezinslid vastleggen: medeondertekend of betwist",
             openapi_extra=_body_doc(ResponseIn))
def create_response(request, version_id: UUID):
    ctx = access_context(request)
    version, decision = fetch(ctx, AnalysisVersion.objects.select_related("household", "case"),
                              version_id, action=UPDATE,
                              event_code="api.analysis.response.create")
    payload = _body(request, ResponseIn)
    person = _member(version.household_id, payload.person)
    saved = respond(ctx, version, person, payload.agrees, payload.text, rule=decision.rule)
    return Status(201, _response(saved))  # saved holds the member and ctx.user


# --- instruments -----------------------------------------------------------------------------

@router.get("/instruments", response={200: list[InstrumentOut], 401: Problem},
            url_name="instrument_list", summary="De definities van de instrumenten")
def list_instruments(request):
    access_context(request)  # definitions hold no personal data; a token is still needed
    return [_instrument(i) for i in engine.instruments().values()]


@router.get("/households/{uuid:household_id}/instrument-results",
            response={200: list[ResultOut], 401: Problem, 404: Problem},
            url_name="instrument_result_list", summary="Uitkomsten van instrumenten bij een "
                                                       "huishouden (nieuwste eerst)")
def list_results(request, household_id: UUID):
    ctx = access_context(request)
    household, decision = _work(ctx, household_id, READ, "api.instrument.result.list")
    results = list(readable_results(ctx, household.pk, sees_sensitive(ctx, household.pk)))
    record(ctx, "api.instrument.result.list", results, decision=decision)
    return [_result(r) for r in results]


@router.post("/households/{uuid:household_id}/instrument-results",
             response={201: ResultOut, **ERRORS}, url_name="instrument_result_create",
             summary="Een instrument afnemen: antwoorden opslaan en de score berekenen",
             openapi_extra=_body_doc(InstrumentResultIn))
def create_result(request, household_id: UUID, response: HttpResponse):
    ctx = access_context(request)
    household, decision = _work(ctx, household_id, UPDATE, "api.instrument.result.create")
    payload = _body(request, InstrumentResultIn)
    person = _member(household.pk, payload.person)
    result = administer(ctx, household, engine.get(payload.instrument), person,
                        payload.answers, payload.administered_on, rule=decision.rule)
    response["Location"] = reverse("api:instrument_result", kwargs={"result_id": result.pk})
    return Status(201, _result(result))  # result holds the member and ctx.user


@router.get("/instrument-results/{uuid:result_id}",
            response={200: ResultOut, 401: Problem, 404: Problem}, url_name="instrument_result",
            summary="Eén uitkomst van een instrument")
def get_result(request, result_id: UUID):
    ctx = access_context(request)
    result, decision = fetch(ctx, InstrumentResult.objects.select_related(
        "person", "recorded_by"), result_id, action=READ,
        event_code="api.instrument.result.read")
    if result.health_data and not sees_sensitive(ctx, result.household_id):
        raise AccessRefused(ctx, "api.instrument.result.read", "instrument_result", result_id,
                            Decision(False, "health_team_only", ""))
    record(ctx, "api.instrument.result.read", [result], decision=decision)
    return _result(result)
