"""/households/{id}/registration-changes and the writes that keep a registration right:
add a member, change or end a membership, record or change gezag, change the address
(households/registration.py, decision 0039).

Writes: a team-type relation and the registration write gate (the owner organisation or
an organisation doing the safety work); anyone else gets the logged 404 before the body
is read. Every write names its source (`source.kind` from rules/registration_sources.toml,
never a default) and a reason; a missing or bad value is a 422 problem+json with Dutch
reasons, and nothing is saved. Each answers 201 with the change it wrote.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

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
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.households import registration as reg
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.households.models import RegistrationChange as Change
from netwerkdossier.households.services import NewMember
from netwerkdossier.households.shields import residents
from netwerkdossier.uuids import parse_row_id

from .auth import access_context
from .bodies import body_doc, parse_body
from .schemas import Day, Input, Problem

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


class SourceIn(Input):
    kind: str = Field("", max_length=30, description="beschikking, gezagsregister, brp of "
                      "verklaring (rules/registration_sources.toml); er is geen standaard.")
    reference: str = Field("", max_length=100, description="Zaaknummer of kenmerk "
                           "(verplicht bij een beschikking).")
    date: Day | None = Field(None, description="Datum van de beschikking, het uittreksel "
                              "of de verklaring.")
    by: str = Field("", max_length=200, description="Van wie de verklaring is.")


class ChangeIn(Input):
    source: SourceIn = Field(default_factory=SourceIn)
    reason: str = Field("", max_length=2000, description="Waarom u dit wijzigt.")
    version: int | None = Field(None, ge=1, le=1_000_000, description=(
        "De versie die u wijzigt (uit registration-changes); bij een andere versie 422."))


class MemberAddIn(ChangeIn):
    person: UUID | None = Field(None, description="Een persoon die al in het dossier staat.")
    given_names: str = Field("", max_length=120)
    tussenvoegsel: str = Field("", max_length=20)
    family_name: str = Field("", max_length=120)
    birth_date: Day | None = None
    bsn: str | None = Field(None, max_length=9)
    relation: str = Field("", max_length=20, description="parent, caregiver, child, partner "
                          "of other_adult.")
    lives_in: bool = False
    valid_from: Day | None = None


class MemberChangeIn(ChangeIn):
    relation: str = Field("", max_length=20)
    lives_in: bool = False
    valid_to: Day | None = Field(None, description="Einddatum: beëindigt het lidmaatschap.")


class GezagAddIn(ChangeIn):
    holder: UUID | None = None
    child: UUID | None = None
    kind: str = Field("", max_length=20, description="ouderlijk of voogdij.")
    valid_from: Day | None = None
    valid_to: Day | None = None


class GezagChangeIn(ChangeIn):
    kind: str = Field("", max_length=20)
    valid_from: Day | None = None
    valid_to: Day | None = Field(None, description="Einddatum: beëindigt het gezag.")


class AddressIn(ChangeIn):
    street: str = Field("", max_length=200)
    postcode: str = Field("", max_length=7)
    municipality: str = Field("", max_length=120)


class RegistrationChangeOut(Schema):
    id: UUID
    household: UUID
    target: str
    target_id: str
    version: int
    what: str
    person: UUID | None
    before: dict[str, Any]
    after: dict[str, Any]
    source_kind: str
    source_reference: str
    source_date: date | None
    source_by: str
    reason: str
    changed_by: str
    changed_at: datetime


WRITE = {201: RegistrationChangeOut, **ERRORS}


def _out(change) -> dict:
    user = change.changed_by
    return {"id": change.pk, "household": change.household_id, "target": change.target,
            "target_id": change.target_id, "version": change.version, "what": change.what,
            "person": change.person_id, "before": change.before, "after": change.after,
            "source_kind": change.source_kind, "source_reference": change.source_reference,
            "source_date": change.source_date, "source_by": change.source_by,
            "reason": change.reason, "changed_by": user.get_full_name() or user.username,
            "changed_at": change.changed_at}


def _for_edit(ctx, household_id, event_code):
    household, decision = fetch(ctx, Household.objects.all(), household_id, action=UPDATE,
                                event_code=event_code)
    gate = reg.may_edit(ctx, household)
    if not gate.allowed:
        raise AccessRefused(ctx, event_code, "household", household_id, gate, action="U")
    return household


def _source(payload) -> dict:
    s = payload.source
    return {"kind": s.kind, "reference": s.reference, "date": s.date, "by": s.by}


def _written(target, target_id):
    change = Change.objects.select_related("changed_by").filter(
        target=target, target_id=str(target_id)).order_by("-version").first()
    return Status(201, _out(change))


def _missing(ctx, event_code, object_type, pk):
    raise AccessRefused(ctx, event_code, object_type, pk,
                        Decision(False, "not_found", refusal_reason("not_found")), action="U")


@router.get("/households/{uuid:household_id}/registration-changes",
            response={200: list[RegistrationChangeOut], **ERRORS},
            url_name="registration_change_list",
            summary="Geschiedenis van de registratie: elke wijziging met oude en nieuwe "
                    "waarden, bron en reden")
def list_changes(request, household_id: UUID):
    ctx = access_context(request)
    event = "api.registration.history.read"
    household, _decision = fetch(ctx, Household.objects.all(), household_id, action=READ,
                                 event_code=event)
    page = decide(ctx, READ, Change(household=household))
    if not page.allowed:
        raise AccessRefused(ctx, event, "household", household_id, page, action="R")
    changes = list(visible(ctx, READ, Change.objects.select_related("changed_by"),
                           household_id=household.pk).order_by("-changed_at", "-version"))
    address = [c for c in changes if c.target == Change.Target.ADDRESS]
    others = [c for c in changes if c.target != Change.Target.ADDRESS]
    # An address change is about the residents, never a person it is shielded from.
    record(ctx, event, address, decision=page, known_subjects=residents(household))
    record(ctx, event, others, decision=page)
    if not changes:
        record(ctx, event, [household], decision=page)
    return [_out(c) for c in changes]


@router.post("/households/{uuid:household_id}/members", response=WRITE,
             url_name="registration_member_add", openapi_extra=body_doc(MemberAddIn),
             summary="Een gezinslid toevoegen (nieuw of bestaand persoon), met bron")
def add_member(request, household_id: UUID):
    ctx = access_context(request)
    household = _for_edit(ctx, household_id, "api.registration.member_added")
    payload = parse_body(request, MemberAddIn)
    existing = None
    if payload.person is not None:
        existing, _ = fetch(ctx, Person.objects.all(), payload.person, action=READ,
                            event_code="api.person.read", object_type="person")
    member = NewMember(
        relation=payload.relation, given_names=payload.given_names,
        tussenvoegsel=payload.tussenvoegsel, family_name=payload.family_name,
        birth_date=payload.birth_date, bsn=payload.bsn, lives_in=payload.lives_in,
        existing_person=existing)
    membership = reg.add_member(ctx, household, member=member, valid_from=payload.valid_from,
                                source=_source(payload), reason=payload.reason)
    return _written(Change.Target.MEMBER, membership.pk)


@router.post("/households/{uuid:household_id}/members/{member_id}/changes", response=WRITE,
             url_name="registration_member_change", openapi_extra=body_doc(MemberChangeIn),
             summary="Relatie of woonplaats van een gezinslid wijzigen, of het lidmaatschap "
                     "beëindigen, met bron")
def change_member(request, household_id: UUID, member_id: str):
    ctx = access_context(request)
    event = "api.registration.member_changed"
    household = _for_edit(ctx, household_id, event)  # the household first: an outsider's 404
    member_id = parse_row_id(member_id)
    if member_id is None or not HouseholdMember.objects.filter(household=household,
                                                               pk=member_id).exists():
        _missing(ctx, event, "household_member", household_id if member_id is None else member_id)
    payload = parse_body(request, MemberChangeIn)
    reg.change_member(ctx, household, member_id, relation=payload.relation,
                      lives_in=payload.lives_in, valid_to=payload.valid_to,
                      source=_source(payload), reason=payload.reason,
                      expected_version=payload.version)
    return _written(Change.Target.MEMBER, member_id)


@router.post("/households/{uuid:household_id}/gezag", response=WRITE,
             url_name="registration_gezag_add", openapi_extra=body_doc(GezagAddIn),
             summary="Gezag van een volwassene over een kind vastleggen, met bron")
def add_gezag(request, household_id: UUID):
    ctx = access_context(request)
    household = _for_edit(ctx, household_id, "api.registration.gezag_added")
    payload = parse_body(request, GezagAddIn)
    gezag = reg.add_gezag(ctx, household, holder_id=payload.holder, child_id=payload.child,
                          kind=payload.kind, valid_from=payload.valid_from,
                          valid_to=payload.valid_to, source=_source(payload),
                          reason=payload.reason)
    return _written(Change.Target.GEZAG, gezag.pk)


@router.post("/households/{uuid:household_id}/gezag/{gezag_id}/changes", response=WRITE,
             url_name="registration_gezag_change", openapi_extra=body_doc(GezagChangeIn),
             summary="Gezag corrigeren of beëindigen, met bron; het oude gezag blijft in de "
                     "geschiedenis")
def change_gezag(request, household_id: UUID, gezag_id: str):
    ctx = access_context(request)
    event = "api.registration.gezag_changed"
    household = _for_edit(ctx, household_id, event)  # the household first: an outsider's 404
    gezag_id = parse_row_id(gezag_id)
    if gezag_id is None or reg.household_gezag(household, gezag_id) is None:
        _missing(ctx, event, "gezag", household_id if gezag_id is None else gezag_id)
    payload = parse_body(request, GezagChangeIn)
    reg.change_gezag(ctx, household, gezag_id, kind=payload.kind,
                     valid_from=payload.valid_from, valid_to=payload.valid_to,
                     source=_source(payload), reason=payload.reason,
                     expected_version=payload.version)
    return _written(Change.Target.GEZAG, gezag_id)


@router.post("/households/{uuid:household_id}/address-changes", response=WRITE,
             url_name="registration_address_change", openapi_extra=body_doc(AddressIn),
             summary="Het adres van een huishouden wijzigen, met bron",
             description="Een afscherming van het adres blijft gelden voor het nieuwe adres; "
                         "het toegangslog noemt de bewoners, niet het adres.")
def change_address(request, household_id: UUID):
    ctx = access_context(request)
    household = _for_edit(ctx, household_id, "api.registration.address_changed")
    payload = parse_body(request, AddressIn)
    reg.change_address(ctx, household, street=payload.street, postcode=payload.postcode,
                       municipality=payload.municipality, source=_source(payload),
                       reason=payload.reason, expected_version=payload.version)
    return _written(Change.Target.ADDRESS, household.pk)
