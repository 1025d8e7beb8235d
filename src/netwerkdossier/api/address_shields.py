"""/households/{id}/address-shields and /address-shields/{id}/end: shield a household's
address from a named person, and end that shield (access/address_shield.py).

Only a team-type relation (team, registrar, team manager) reads or writes shields; for
anyone else the household or shield does not exist (404, logged). A missing reason or
person is a 422 problem+json with Dutch reasons; nothing is saved.
"""

from datetime import datetime
from uuid import UUID

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from netwerkdossier.access.address_shield import OBJECT_TYPE
from netwerkdossier.access.api import UPDATE, AccessRefused, decide, fetch, record
from netwerkdossier.access.decision import Decision
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.households.models import AddressShield, Household
from netwerkdossier.households.shields import end_shield, set_shield

from .auth import access_context
from .bodies import body_doc, parse_body
from .concurrency import precondition_failed
from .schemas import Input, Problem

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


class AddressShieldOut(Schema):
    id: UUID
    household: UUID
    shielded_from: UUID
    shielded_from_name: str
    reason: str
    set_by: str
    set_at: datetime
    active: bool
    ended_at: datetime | None
    ended_by: str | None
    end_reason: str
    etag: str = Field(description="Stuur mee in If-Match bij beëindigen (412 als iemand "
                                  "anders de afscherming intussen beëindigde).")


class AddressShieldIn(Input):
    shielded_from: UUID | None = Field(
        None, description="Het gezinslid (persoon-id) dat het adres niet mag zien; hij of zij "
                          "woont er niet zelf.")
    reason: str = Field("", max_length=2000, description="Waarom het adres wordt afgeschermd.")


class AddressShieldEndIn(Input):
    reason: str = Field("", max_length=2000, description="Waarom de afscherming stopt.")


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


def _out(shield) -> dict:
    return {"id": shield.pk, "household": shield.household_id,
            "shielded_from": shield.shielded_from_id,
            "shielded_from_name": shield.shielded_from.full_name, "reason": shield.reason,
            "set_by": _name(shield.set_by), "set_at": shield.set_at,
            "active": shield.is_active, "ended_at": shield.ended_at,
            "ended_by": _name(shield.ended_by), "end_reason": shield.end_reason,
            "etag": shield_etag(shield)}


def shield_etag(shield) -> str:
    """A shield changes once, when it ends."""
    return f'"{shield.pk}.{"open" if shield.is_active else "beeindigd"}"'


def _household(ctx, household_id, event_code, action_code):
    try:
        return fetch(ctx, Household.objects.all(), household_id, action=UPDATE,
                     event_code=event_code)
    except AccessRefused as exc:
        exc.action = action_code  # log the attempted action
        raise


def _shields(household):
    return (AddressShield.objects.filter(household=household)
            .select_related("shielded_from", "set_by", "ended_by").order_by("-set_at"))


@router.get("/households/{uuid:household_id}/address-shields",
            response={200: list[AddressShieldOut], **ERRORS},
            url_name="address_shield_list",
            summary="Afschermingen van het adres van een huishouden (ook beëindigde)")
def list_shields(request, household_id: UUID):
    ctx = access_context(request)
    household, decision = _household(ctx, household_id, "api.address_shield.read", "R")
    shields = list(_shields(household))
    # About the residents the shields protect (the catalogue says so), never the person
    # an address is shielded from.
    record(ctx, "api.address_shield.read", shields, decision=decision)
    return [_out(s) for s in shields]


@router.post("/households/{uuid:household_id}/address-shields",
             response={201: AddressShieldOut, **ERRORS}, url_name="address_shield_create",
             summary="Het adres afschermen voor een gezinslid",
             openapi_extra=body_doc(AddressShieldIn),
             description="Straat, postcode en gemeente van het huishouden zijn daarna voor "
                         "deze persoon nergens te zien (portaal, download, API). Het zetten "
                         "komt in het toegangslog, zonder het adres.")
def create_shield(request, household_id: UUID, response: HttpResponse):
    ctx = access_context(request)
    household, decision = _household(ctx, household_id, "api.address_shield.set", "C")
    payload = parse_body(request, AddressShieldIn)
    shield = set_shield(ctx, household, payload.shielded_from, payload.reason,
                        rule=decision.rule)
    return Status(201, _out(_shields(household).get(pk=shield.pk)))


@router.post("/address-shields/{uuid:shield_id}/end",
             response={200: AddressShieldOut, 412: Problem, **ERRORS},
             url_name="address_shield_end",
             summary="Een afscherming beëindigen (de geschiedenis blijft bewaard)",
             openapi_extra=body_doc(AddressShieldEndIn))
def end(request, shield_id: UUID, response: HttpResponse):
    ctx = access_context(request)
    shield = AddressShield.objects.select_related("household").filter(pk=shield_id).first()
    decision = Decision(False, "not_found", refusal_reason("not_found")) if shield is None \
        else decide(ctx, UPDATE, shield.household)
    if not decision.allowed:
        raise AccessRefused(ctx, "api.address_shield.end", OBJECT_TYPE, shield_id, decision,
                            action="U")
    if (stale := precondition_failed(request, shield_etag(shield), required=False)) is not None:
        return stale
    payload = parse_body(request, AddressShieldEndIn)
    shield = end_shield(ctx, shield, payload.reason, rule=decision.rule)
    response["ETag"] = shield_etag(shield)
    return _out(_shields(shield.household).get(pk=shield.pk))
