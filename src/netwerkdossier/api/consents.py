"""/persons/{id}/consents: consent decisions per scope, with the age rules; record one.

Only professionals with a team-type relation to one of the person's households; for
anyone else the person does not exist (404, logged).
"""

from uuid import UUID

from django.http import HttpResponse
from ninja import Router, Status

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    decide,
    fetch,
    record,
)
from netwerkdossier.access.consent_service import (
    consent_overview,
    may_manage_consent,
    record_consent,
)
from netwerkdossier.households.models import Person

from . import serializers
from .auth import access_context
from .schemas import ConsentIn, ConsentOut, ConsentOverview, Problem

router = Router()


def _person(ctx, person_id, event_code, action_code):
    try:
        person, _read = fetch(ctx, Person.objects.all(), person_id, action=READ,
                              event_code=event_code, object_type="person")
    except AccessRefused as exc:
        exc.action = action_code  # log the attempted action (recording is a C)
        raise
    decision = decide(ctx, UPDATE, person)
    if not may_manage_consent(decision):
        refused = decision if not decision.allowed else Decision(False, "no_write", "")
        raise AccessRefused(ctx, event_code, "person", person_id, refused, action=action_code)
    return person, decision


@router.get("/{uuid:person_id}/consents",
            response={200: ConsentOverview, 401: Problem, 404: Problem},
            url_name="consent_list", summary="Toestemming van een persoon, per onderwerp")
def list_consents(request, person_id: UUID):
    ctx = access_context(request)
    person, decision = _person(ctx, person_id, "api.consent.read", "R")
    who, scopes = consent_overview(person)
    record(ctx, "api.consent.read", [person], decision=decision)
    return {"person": person.pk, "who_decides": who, "scopes": [
        {"scope": s.scope, "label": s.label, "effective": s.effective,
         "current": [serializers.consent(c) for c in s.current],
         "history": [serializers.consent(c) for c in s.history]} for s in scopes]}


@router.post("/{uuid:person_id}/consents",
             response={201: ConsentOut, 401: Problem, 404: Problem, 422: Problem},
             url_name="consent_create", summary="Een toestemmingsbesluit vastleggen")
def create_consent(request, person_id: UUID, payload: ConsentIn, response: HttpResponse):
    ctx = access_context(request)
    person, decision = _person(ctx, person_id, "api.consent.record", "C")
    consent = record_consent(ctx, person, payload.scope, payload.decision, payload.given_by,
                             payload.note, rule=decision.rule)
    return Status(201, serializers.consent(consent))
