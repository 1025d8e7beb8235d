"""Shielded addresses: the one rule for who may not see a household's address.

A shield (households.AddressShield) hides a household's address from one named person,
typically a victim's new address from the ex-partner. Every place that shows an address
to a family account asks here (portal pages, the data download, API answers); for
professionals nothing is hidden, they get the notice (`notices`) instead, so nobody
reads the address out on the phone or puts it in a letter.

What is hidden is the whole address: street and house number, postcode and
municipality (the municipality alone can tell where a victim went). The viewer is not
told that a shield exists; the address is simply not shown, as if none were recorded.
"""

from netwerkdossier.households.models import AddressShield, Household, HouseholdMember, Person

from .rules_common import active_on

ADDRESS_FIELDS = ("street", "postcode", "municipality")
OBJECT_TYPE = "address_shield"  # access-log object type of setting/ending a shield


def active_shields():
    return AddressShield.objects.filter(ended_at__isnull=True)


def _household_ids(household_or_person) -> list:
    """The households whose address is this household's or this person's address: a
    person's address is that of every household they live in today."""
    if isinstance(household_or_person, Person):
        return list(HouseholdMember.objects.filter(
            active_on(), person=household_or_person, lives_in=True)
            .values_list("household_id", flat=True))
    return [getattr(household_or_person, "pk", household_or_person)]


def address_hidden_for(viewer_person_id, household_or_person) -> bool:
    """Whether the address of this household (or person) is hidden from this viewer.

    viewer_person_id is the person a family account belongs to; None (a professional,
    or no person) never has an address hidden.
    """
    if viewer_person_id is None or household_or_person is None:
        return False
    household_ids = _household_ids(household_or_person)
    return bool(household_ids) and active_shields().filter(
        household_id__in=household_ids, shielded_from_id=viewer_person_id).exists()


def viewer_person_id(ctx):
    """The person whose shields apply to ctx: the family member, never a professional."""
    return ctx.person_id if ctx.is_family else None


def hidden_for_ctx(ctx, household_or_person) -> bool:
    """address_hidden_for() for an access context, cached per request."""
    viewer = viewer_person_id(ctx)
    if viewer is None or household_or_person is None:
        return False
    key = ("address_hidden", type(household_or_person).__name__,
           getattr(household_or_person, "pk", household_or_person))
    if key not in ctx.cache:
        ctx.cache[key] = address_hidden_for(viewer, household_or_person)
    return ctx.cache[key]


def address_for(ctx, household: Household) -> dict:
    """street, postcode and municipality of the household as ctx may see them: all
    empty when the address is shielded from ctx's person."""
    if hidden_for_ctx(ctx, household):
        return dict.fromkeys(ADDRESS_FIELDS, "")
    return {name: getattr(household, name) for name in ADDRESS_FIELDS}


def ever_shielded_from(viewer_person_id) -> bool:
    """Whether any shield (also an ended one) names this person: then even the fact
    that a shield was set or ended is kept from them (see portal 'Wie keek er?')."""
    return viewer_person_id is not None and \
        AddressShield.objects.filter(shielded_from_id=viewer_person_id).exists()


def notices(household) -> list:
    """The running shields of a household, for the professionals' notice."""
    return list(active_shields().filter(household=household)
                .select_related("shielded_from", "set_by", "set_by_organisation")
                .order_by("set_at"))
