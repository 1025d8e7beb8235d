"""Keeping a registration right after it was made: members, their relation, the address
and gezag changed by the registrar or the team, each with an explicit source and a
reason, and each change kept as a RegistrationChange with the old and new values
(decision 0039).

The caller has fetched the household for UPDATE and checked the write gate of the
registration-change kind (web/views/registration_edit.py, api/registration.py:
`may_edit`). Every function validates the whole change first and raises a Dutch
ValidationError (keyed by field) without writing anything; the change, the history row
and the access-log record are written in one transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import UPDATE, Decision, active_on, decide, record

from .models import (
    AddressShield,
    Gezag,
    Household,
    HouseholdMember,
    Person,
    RegistrationChange,
)
from .registration_sources import clean_source, source_summary
from .services import (
    NewMember,
    _bsn_matches,
    _open_possible_match,
    _validate_members,
    check_single_main_residence,
)
from .shields import residents

CHILD = HouseholdMember.Relation.CHILD
T = RegistrationChange.Target
W = RegistrationChange.What
MAX_REASON = 2000


def may_edit(ctx, household) -> Decision:
    """The write decision for a change to this household's registration: a team-type
    relation (decide UPDATE on the household) and the write gate of the kind (the owner
    organisation, or an organisation kind that does this work: access/catalogue.py)."""
    decision = decide(ctx, UPDATE, household)
    if not decision.allowed:
        return decision
    blank = RegistrationChange(household=household)
    gate = decide(ctx, UPDATE, blank)
    return gate if not gate.allowed else decision


# --- snapshots: what a version of a target looked like ---------------------------------

def _day(value) -> str | None:
    return value.isoformat() if value else None


def member_values(member: HouseholdMember) -> dict:
    return {"relation": member.relation, "lives_in": member.lives_in,
            "valid_from": _day(member.valid_from), "valid_to": _day(member.valid_to)}


def gezag_values(gezag: Gezag) -> dict:
    return {"holder": str(gezag.holder_id), "holder_name": gezag.holder.full_name,
            "child": str(gezag.child_id), "kind": gezag.kind,
            "valid_from": _day(gezag.valid_from), "valid_to": _day(gezag.valid_to),
            "source": gezag.source_label, "source_reference": gezag.source_reference,
            "source_date": _day(gezag.source_date), "source_by": gezag.source_by}


def address_values(household: Household) -> dict:
    return {"street": household.street, "postcode": household.postcode,
            "municipality": household.municipality}


def current_version(target: str, target_id) -> int:
    found = RegistrationChange.objects.filter(target=target, target_id=str(target_id)) \
        .aggregate(v=Max("version"))["v"]
    return found or 1


# --- common checks ------------------------------------------------------------------------

def _reason(text, errors: dict) -> str:
    text = (text or "").strip()
    if not text:
        errors.setdefault("reason", []).append(_("Schrijf op waarom u dit wijzigt."))
    elif len(text) > MAX_REASON:
        errors.setdefault("reason", []).append(
            _("De reden is te lang (hoogstens 2.000 tekens)."))
    return text


def _check_common(target, source: dict, reason, expected_version, target_id) -> tuple:
    source_values, errors = clean_source(target, source.get("kind"), source.get("reference"),
                                         source.get("date"), source.get("by"))
    reason = _reason(reason, errors)
    if expected_version is not None and expected_version != current_version(target,
                                                                             target_id):
        errors.setdefault("__all__", []).append(
            _("Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe gegevens en "
              "probeer het opnieuw."))
    return source_values, reason, errors


def _period(valid_from, valid_to, errors: dict) -> None:
    if valid_from is None:
        errors.setdefault("valid_from", []).append(_("Vul in vanaf wanneer dit geldt."))
    elif valid_to is not None and valid_to < valid_from:
        errors.setdefault("valid_to", []).append(
            _("De einddatum ligt vóór de begindatum."))


def _write(ctx, household, *, target, target_id, what, person, before, after, source,
           reason, subjects) -> RegistrationChange:
    """The history row and its access-log record (in the caller's transaction)."""
    version = current_version(target, target_id) + 1
    try:
        with transaction.atomic():
            change = RegistrationChange.objects.create(
                household=household, target=target, target_id=str(target_id),
                version=version, what=what, person=person, before=before, after=after,
                reason=reason, changed_by=ctx.user,
                changed_by_organisation_id=ctx.organisation_id, **source)
    except IntegrityError:  # the same fact changed at the same moment by someone else
        raise ValidationError({"__all__": [
            _("Iemand anders heeft dit net gewijzigd. Bekijk de nieuwe gegevens en probeer "
              "het opnieuw.")]}) from None
    record(ctx, f"registration.{what}", [change], action="create",
           known_subjects=subjects)
    return change


# --- members ------------------------------------------------------------------------------

@transaction.atomic
def add_member(ctx, household, *, member: NewMember, valid_from: date | None, source: dict,
               reason) -> HouseholdMember:
    """A new or existing person joins the household from `valid_from`."""
    source_values, reason, errors = _check_common(T.MEMBER, source, reason, None, "")
    if valid_from is None:
        errors.setdefault("valid_from", []).append(_("Vul in vanaf wanneer dit geldt."))
    people: list[Person] = []
    try:
        people = _validate_members([member], ctx.organisation_id,
                                   valid_from or timezone.localdate())
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key.split(".")[-1], []).extend(messages)
    hidden = _bsn_matches(ctx, [member], errors) if people else {}
    errors = {k.split(".")[-1]: v for k, v in errors.items()}
    person = people[0] if people else None
    if person is not None and member.existing_person is not None:
        if HouseholdMember.objects.filter(active_on(), household=household,
                                          person=person).exists():
            errors.setdefault("existing_bsn", []).append(
                _("Deze persoon hoort al bij dit huishouden."))
        if member.lives_in and AddressShield.objects.filter(
                household=household, shielded_from=person, ended_at__isnull=True).exists():
            errors.setdefault("lives_in", []).append(_shielded_message())
    if member.relation == CHILD and member.lives_in and person is not None \
            and member.existing_person is not None and "lives_in" not in errors:
        try:
            check_single_main_residence(person.pk, valid_from or timezone.localdate(), None,
                                        household.pk)
        except ValidationError as exc:
            errors.setdefault("lives_in", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    existing = hidden.get(0)
    if member.existing_person is None:
        if existing is not None:
            person.bsn = None  # the BSN stays with the person who has it
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:  # a concurrent registration took the same BSN
            raise ValidationError({"bsn": [_("Er is net een persoon met hetzelfde BSN "
                                             "opgeslagen. Controleer het BSN.")]}) from None
    membership = HouseholdMember.objects.create(
        household=household, person=person, relation=member.relation,
        lives_in=member.lives_in, valid_from=valid_from)
    _write(ctx, household, target=T.MEMBER, target_id=membership.pk, what=W.MEMBER_ADDED,
           person=person, before={}, after=member_values(membership), source=source_values,
           reason=reason, subjects=[person])
    if existing is not None:
        _open_possible_match(ctx, household, person, existing)
    return membership


def _shielded_message() -> str:
    return _("Het adres van dit huishouden is afgeschermd voor deze persoon. Beëindig eerst "
             "de afscherming als deze persoon hier echt woont.")


@transaction.atomic
def change_member(ctx, household, member_id, *, relation, lives_in: bool,
                  valid_to: date | None, source: dict, reason,
                  expected_version: int | None = None) -> HouseholdMember:
    """Change a member's relation or residence, or end the membership (valid_to)."""
    member = HouseholdMember.objects.select_for_update().select_related("person") \
        .filter(household=household, pk=member_id).first()
    if member is None:
        raise ValidationError({"__all__": [_("Dit gezinslid hoort niet bij dit huishouden.")]})
    source_values, reason, errors = _check_common(T.MEMBER, source, reason,
                                                  expected_version, member.pk)
    if relation not in HouseholdMember.Relation.values:
        errors.setdefault("relation", []).append(_("Kies een geldige relatie."))
    _period(member.valid_from, valid_to, errors)
    before = member_values(member)
    if lives_in and not member.lives_in and AddressShield.objects.filter(
            household=household, shielded_from=member.person, ended_at__isnull=True).exists():
        errors.setdefault("lives_in", []).append(_shielded_message())
    if relation == CHILD and lives_in and not errors:
        try:
            check_single_main_residence(member.person_id, member.valid_from, valid_to,
                                        household.pk)
        except ValidationError as exc:
            errors.setdefault("lives_in", []).extend(exc.messages)
    member.relation, member.lives_in, member.valid_to = relation, lives_in, valid_to
    after = member_values(member)
    if not errors and after == before:
        errors.setdefault("__all__", []).append(_("U hebt niets gewijzigd."))
    if errors:
        raise ValidationError(errors)
    member.save(update_fields=["relation", "lives_in", "valid_to"])
    what = W.MEMBER_ENDED if valid_to is not None and before["valid_to"] is None \
        else W.MEMBER_CHANGED
    _write(ctx, household, target=T.MEMBER, target_id=member.pk, what=what,
           person=member.person, before=before, after=after, source=source_values,
           reason=reason, subjects=[member.person])
    return member


# --- gezag ----------------------------------------------------------------------------------

def _members(household, adults: bool) -> dict:
    rows = HouseholdMember.objects.filter(household=household).select_related("person")
    rows = rows.exclude(relation=CHILD) if adults else rows.filter(relation=CHILD)
    return {str(m.person_id): m.person for m in rows}


def gezag_holders(household) -> list[Person]:
    return sorted(_members(household, True).values(), key=lambda p: p.birth_date)


def gezag_children(household) -> list[Person]:
    return sorted(_members(household, False).values(), key=lambda p: p.birth_date)


def _overlaps(holder_id, child_id, valid_from, valid_to, exclude=None) -> bool:
    rows = Gezag.objects.filter(holder_id=holder_id, child_id=child_id)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    rows = rows.exclude(valid_to__lt=valid_from)
    if valid_to is not None:
        rows = rows.exclude(valid_from__gt=valid_to)
    return rows.exists()


def _gezag_source(gezag, values: dict) -> None:
    gezag.source_kind = values["source_kind"]
    gezag.source_reference = values["source_reference"]
    gezag.source_date = values["source_date"]
    gezag.source_by = values["source_by"]
    # The free text of older facts gives way to the chosen source, in words.
    gezag.source = source_summary(values)


@transaction.atomic
def add_gezag(ctx, household, *, holder_id, child_id, kind, valid_from, valid_to,
              source: dict, reason) -> Gezag:
    """Record gezag of an adult member over a child member."""
    source_values, reason, errors = _check_common(T.GEZAG, source, reason, None, "")
    holder = _members(household, True).get(str(holder_id or ""))
    child = _members(household, False).get(str(child_id or ""))
    if holder is None:
        errors.setdefault("holder", []).append(
            _("Kies de volwassene in dit huishouden die het gezag heeft."))
    if child is None:
        errors.setdefault("child", []).append(_("Kies het kind in dit huishouden."))
    if kind not in Gezag.Kind.values:
        errors.setdefault("kind", []).append(_("Kies de soort gezag."))
    _period(valid_from, valid_to, errors)
    if not errors and _overlaps(holder.pk, child.pk, valid_from, valid_to):
        errors.setdefault("__all__", []).append(
            _("%(holder)s heeft in deze periode al gezag over %(child)s. Wijzig dat gezag "
              "in plaats van het opnieuw vast te leggen.")
            % {"holder": holder.full_name, "child": child.full_name})
    if errors:
        raise ValidationError(errors)
    gezag = Gezag(holder=holder, child=child, kind=kind, valid_from=valid_from,
                  valid_to=valid_to)
    _gezag_source(gezag, source_values)
    gezag.save()
    _write(ctx, household, target=T.GEZAG, target_id=gezag.pk, what=W.GEZAG_ADDED,
           person=child, before={}, after=gezag_values(gezag), source=source_values,
           reason=reason, subjects=[child, holder])
    return gezag


def household_gezag(household, gezag_id):
    """A gezag fact over a child of this household, or None."""
    children = HouseholdMember.objects.filter(household=household, relation=CHILD) \
        .values("person_id")
    try:
        return Gezag.objects.select_related("holder", "child") \
            .filter(child_id__in=children, pk=gezag_id).first()
    except (ValueError, TypeError):
        return None


@transaction.atomic
def change_gezag(ctx, household, gezag_id, *, kind, valid_from, valid_to, source: dict,
                 reason, expected_version: int | None = None) -> Gezag:
    """Correct a gezag fact or end it (valid_to): the old values stay in the history."""
    found = household_gezag(household, gezag_id)
    if found is None:
        raise ValidationError({"__all__": [_("Dit gezag hoort niet bij dit huishouden.")]})
    gezag = Gezag.objects.select_for_update().select_related("holder", "child") \
        .get(pk=found.pk)
    source_values, reason, errors = _check_common(T.GEZAG, source, reason,
                                                  expected_version, gezag.pk)
    if kind not in Gezag.Kind.values:
        errors.setdefault("kind", []).append(_("Kies de soort gezag."))
    _period(valid_from, valid_to, errors)
    if not errors and _overlaps(gezag.holder_id, gezag.child_id, valid_from, valid_to,
                                exclude=gezag.pk):
        errors.setdefault("__all__", []).append(
            _("Er is al ander gezag van %(holder)s over %(child)s in deze periode.")
            % {"holder": gezag.holder.full_name, "child": gezag.child.full_name})
    before = gezag_values(gezag)
    unchanged = (gezag.kind, gezag.valid_from, gezag.valid_to) == (kind, valid_from, valid_to)
    if not errors and unchanged:
        errors.setdefault("__all__", []).append(_("U hebt niets gewijzigd."))
    if errors:
        raise ValidationError(errors)
    gezag.kind, gezag.valid_from, gezag.valid_to = kind, valid_from, valid_to
    _gezag_source(gezag, source_values)
    gezag.save()
    what = W.GEZAG_ENDED if valid_to is not None and before["valid_to"] is None \
        else W.GEZAG_CHANGED
    _write(ctx, household, target=T.GEZAG, target_id=gezag.pk, what=what,
           person=gezag.child, before=before, after=gezag_values(gezag),
           source=source_values, reason=reason, subjects=[gezag.child, gezag.holder])
    return gezag


# --- the address ------------------------------------------------------------------------------

@transaction.atomic
def change_address(ctx, household, *, street, postcode, municipality, source: dict, reason,
                   expected_version: int | None = None) -> Household:
    """Change the household's address. Running shields stay: they protect the new address
    too (decision 0020). The log names the residents, never a person it is shielded from,
    and never the address."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    source_values, reason, errors = _check_common(T.ADDRESS, source, reason,
                                                  expected_version, household.pk)
    before = address_values(household)
    household.street = (street or "").strip()
    household.postcode = (postcode or "").strip().upper()
    household.municipality = (municipality or "").strip()
    try:
        household.full_clean(exclude=["id", "region", "owner_organisation", "created_by",
                                      "name"])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    after = address_values(household)
    if not errors and after == before:
        errors.setdefault("__all__", []).append(_("U hebt niets gewijzigd."))
    if errors:
        raise ValidationError(errors)
    household.save(update_fields=["street", "postcode", "municipality"])
    _write(ctx, household, target=T.ADDRESS, target_id=household.pk, what=W.ADDRESS_CHANGED,
           person=None, before=before, after=after, source=source_values, reason=reason,
           subjects=residents(household))
    return household
