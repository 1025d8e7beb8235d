"""Writes to households and persons: validated as a whole, saved in one transaction."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access import person_reach
from netwerkdossier.access.api import CONTENT_ROLES, READ, decide, record

from .models import Gezag, Household, HouseholdMember, Person, PossibleMatch

CHILD = HouseholdMember.Relation.CHILD


@dataclass
class NewMember:
    relation: str
    given_names: str = ""
    family_name: str = ""
    birth_date: date | None = None
    tussenvoegsel: str = ""
    bsn: str | None = None
    phone: str = ""
    email: str = ""
    lives_in: bool = True
    # For children: the index (in the same list) of adults who hold gezag over them.
    gezag_holders: list[int] = field(default_factory=list)
    # A person already in the dossier (fetched through the access module by the caller).
    existing_person: Person | None = None


def _person_from(member: NewMember, organisation_id) -> Person:
    return Person(
        given_names=member.given_names.strip(), tussenvoegsel=member.tussenvoegsel.strip(),
        family_name=member.family_name.strip(), birth_date=member.birth_date,
        bsn=(member.bsn or "").strip() or None, phone=member.phone.strip(),
        email=member.email.strip(), recorded_by_organisation_id=organisation_id,
    )


def check_single_main_residence(person_id, valid_from: date, valid_to: date | None,
                                exclude_household_id=None) -> None:
    """A child lives in (has main residence in) one household at a time."""
    overlapping = HouseholdMember.objects.filter(
        person_id=person_id, relation=CHILD, lives_in=True,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if exclude_household_id is not None:
        overlapping = overlapping.exclude(household_id=exclude_household_id)
    if overlapping.exists():
        # Deliberately does not name the other household: the user may not see it.
        raise ValidationError(
            _("Dit kind woont in deze periode al in een ander huishouden. Een kind heeft één "
              "hoofdverblijf. Kies 'woont hier niet' bij co-ouderschap of omgang."),
            code="child_two_households",
        )


def _bsn_known_error():
    return ValidationError(
        _("Er is al een persoon met dit BSN in het dossier, en u mag die persoon zien. "
          "Voeg die persoon toe als bestaand persoon in plaats van hem opnieuw in te "
          "voeren."), code="bsn_known")


def _bsn_matches(ctx, members: list[NewMember], errors: dict) -> dict[int, Person]:
    """Persons already in the dossier with the BSN of a new member, by member index.

    No existence oracle: only a person the registrar may read is named in an error.
    Any other match is returned, and the registration goes on exactly as for a new BSN
    (the new person is stored without the BSN and a PossibleMatch is opened).
    """
    by_bsn = {}
    for index, member in enumerate(members):
        bsn = (member.bsn or "").strip()
        if member.existing_person is None and bsn:
            by_bsn.setdefault(bsn, index)
    hidden = {}
    # Not shown to anyone: only decided on, to choose between a message and a request.
    for person in Person.objects.filter(bsn__in=list(by_bsn)):
        index = by_bsn[person.bsn]
        if decide(ctx, READ, person).allowed:
            errors.setdefault(f"members.{index}.bsn", []).extend(
                _bsn_known_error().messages)
        else:
            hidden[index] = person
    return hidden


def _validate_members(members: list[NewMember], organisation_id, since: date) -> list[Person]:
    errors: dict[str, list] = {}
    people = []
    seen_bsn: set[str] = set()
    for index, member in enumerate(members):
        if member.existing_person is not None:
            person = member.existing_person
            if member.relation == CHILD and member.lives_in:
                try:
                    check_single_main_residence(person.pk, since, None)
                except ValidationError as exc:
                    errors.setdefault(f"members.{index}.lives_in", []).extend(exc.messages)
        else:
            person = _person_from(member, organisation_id)
            try:
                # BSN uniqueness is checked by _bsn_matches: its message must depend on
                # whether the registrar may see the person who has it.
                person.full_clean(exclude=["family_key", "given_key", "id"],
                                  validate_unique=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    errors.setdefault(f"members.{index}.{name}", []).extend(messages)
        if person.bsn:
            if person.bsn in seen_bsn:
                errors.setdefault(f"members.{index}.bsn", []).append(
                    _("Dit BSN staat twee keer in het formulier."))
            seen_bsn.add(person.bsn)
        if member.relation not in HouseholdMember.Relation.values:
            errors.setdefault(f"members.{index}.relation", []).append(
                _("Kies een geldige relatie."))
        for holder in member.gezag_holders:
            if holder == index or not 0 <= holder < len(members) or \
                    members[holder].relation == CHILD:
                errors.setdefault(f"members.{index}.gezag_holders", []).append(
                    _("Gezag kan alleen bij een volwassene in dit huishouden liggen."))
        people.append(person)
    if not members:
        errors.setdefault("members", []).append(_("Voeg minstens één gezinslid toe."))
    if errors:
        raise ValidationError(errors)
    return people


@transaction.atomic
def register_household(ctx, *, name: str, municipality: str, street: str = "",
                       postcode: str = "", members: list[NewMember],
                       since: date | None = None) -> Household:
    """Register a new household with new persons. Raises ValidationError, saving nothing."""
    if ctx.membership is None or ctx.role not in CONTENT_ROLES:
        raise ValidationError(_("Met uw rol kunt u geen huishoudens registreren."))
    since = since or timezone.localdate()
    organisation = ctx.membership.organisation
    household = Household(name=name.strip(), municipality=municipality.strip(),
                          street=street.strip(), postcode=postcode.strip().upper(),
                          region_id=organisation.region_id, owner_organisation=organisation,
                          created_by=ctx.user)
    errors = {}
    try:
        household.full_clean(exclude=["id", "region", "owner_organisation", "created_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        people = _validate_members(members, organisation.pk, since)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    hidden = _bsn_matches(ctx, members, errors)
    if errors:
        raise ValidationError(errors)
    household.save()
    matches = []
    for index, (person, member) in enumerate(zip(people, members, strict=True)):
        if member.existing_person is not None:
            continue
        existing = hidden.get(index)
        if existing is None and person.bsn:
            try:
                with transaction.atomic():
                    person.save()
                continue
            except IntegrityError:  # a concurrent registration took the same BSN
                existing = Person.objects.filter(bsn=person.bsn).first()
                if existing is None:
                    raise ValidationError({"members": [
                        _("Er is net een persoon met hetzelfde BSN opgeslagen. Controleer "
                          "de BSN's.")]}) from None
                if decide(ctx, READ, existing).allowed:
                    raise ValidationError(
                        {f"members.{index}.bsn": _bsn_known_error().messages}) from None
        if existing is not None:
            person.bsn = None  # the BSN stays with the person who has it
            matches.append((person, existing))
        person.save()
    HouseholdMember.objects.bulk_create([
        HouseholdMember(household=household, person=person, relation=m.relation,
                        lives_in=m.lives_in, valid_from=since)
        for person, m in zip(people, members, strict=True)
    ])
    person_reach.refresh([household.pk])  # bulk_create sends no signals
    gezag = [
        Gezag(holder=people[h], child=person, valid_from=since,
              source=_("Vastgelegd bij registratie"))
        for person, m in zip(people, members, strict=True) for h in m.gezag_holders
    ]
    Gezag.objects.bulk_create(gezag)
    record(ctx, "household.create", [household], action="create", subjects=people,
           rule="owner_organisation")
    for person, existing in matches:
        _open_possible_match(ctx, household, person, existing)
    return household


def _open_possible_match(ctx, household, new_person, existing) -> PossibleMatch:
    """A logged request for the privacy officer; the BSN is neither copied nor logged."""
    match = PossibleMatch.objects.create(
        new_person=new_person, existing_person=existing, household=household,
        requested_by=ctx.user, requested_by_organisation_id=ctx.organisation_id)
    # The catalogue names the new person; the person who has the BSN is concerned too.
    record(ctx, "person.possible_match", [match], action="create", subjects=[existing],
           rule="bsn_match")
    return match


@transaction.atomic
def add_member(ctx, household: Household, *, person: Person, relation: str,
               lives_in: bool = True, valid_from: date | None = None) -> HouseholdMember:
    """Add an existing person to a household the caller may update."""
    valid_from = valid_from or timezone.localdate()
    if relation == CHILD and lives_in:
        check_single_main_residence(person.pk, valid_from, None, household.pk)
    membership = HouseholdMember.objects.create(household=household, person=person,
                                                relation=relation, lives_in=lives_in,
                                                valid_from=valid_from)
    record(ctx, "household.member.create", [household], action="create", subjects=[person])
    return membership
