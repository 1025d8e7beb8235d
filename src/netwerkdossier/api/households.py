"""/households: visible households, one household with members, gezag and open cases (or,
through a case-table seat only, the agreed minimal picture: decision 0018)."""

from uuid import UUID

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from netwerkdossier.access import minimal_picture
from netwerkdossier.access.address_shield import address_for
from netwerkdossier.access.api import CONTENT_ROLES, READ, active_on, fetch, record, visible
from netwerkdossier.households.models import Gezag, Household, HouseholdMember, Person
from netwerkdossier.households.services import NewMember, register_household

from . import serializers
from .auth import access_context
from .errors import problem
from .pagination import paginate
from .queries import cases_with_team
from .schemas import (
    HouseholdDetail,
    HouseholdFilters,
    HouseholdIn,
    HouseholdMinimal,
    HouseholdPage,
    Problem,
)

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


def household_detail(ctx, household) -> tuple[dict, list]:
    """The detail dict and the ids of the persons it shows."""
    today = timezone.localdate()
    members = list(household.members.filter(active_on()).select_related("person")
                   .order_by("person__birth_date", "id"))
    children = [m.person for m in members if m.relation == HouseholdMember.Relation.CHILD]
    gezag_by_child = {c.pk: [] for c in children}
    for gezag in Gezag.objects.filter(child__in=children).select_related("holder") \
            .order_by("-valid_from", "id"):
        gezag_by_child[gezag.child_id].append({
            "holder": gezag.holder_id, "holder_name": gezag.holder.full_name,
            "kind": gezag.kind, "valid_from": gezag.valid_from, "valid_to": gezag.valid_to,
            "current": gezag.is_current(today), "source": gezag.source})
    cases = visible(ctx, READ, cases_with_team().filter(household=household,
                                                        closed_on__isnull=True))
    holders = {g["holder"] for records in gezag_by_child.values() for g in records}
    address = address_for(ctx, household)
    data = {
        **serializers.household_summary(ctx, household),
        "street": address["street"], "postcode": address["postcode"],
        "members": [{"person": m.person_id, "name": m.person.full_name,
                     "birth_date": m.person.birth_date, "age": m.person.age(today),
                     "relation": m.relation, "lives_in": m.lives_in,
                     "valid_from": m.valid_from, "valid_to": m.valid_to} for m in members],
        "gezag": [{"child": c.pk, "child_name": c.full_name, "gezag": gezag_by_child[c.pk]}
                  for c in children],
        "open_cases": [serializers.case(c, c.current_team) for c in cases],
    }
    return data, [m.person_id for m in members] + sorted(holders, key=str)


def household_minimal(ctx, household) -> tuple[dict, list]:
    """What a case-table seat shows, and the ids of the persons it names."""
    members = minimal_picture.members(ctx, household)
    session = minimal_picture.running_session(ctx, household.pk)
    data = {
        "id": household.pk, "name": household.name, "picture": "case_table",
        "case_table": session and {"id": session.pk, "title": session.title,
                                   "starts_at": session.starts_at,
                                   "ends_at": session.ends_at},
        "members": [{"person": m.person_id, "name": m.person.full_name, "age": m.age,
                     "relation": m.relation, "current": m.current} for m in members],
    }
    return data, [m.person_id for m in members]


@router.get("", response={200: HouseholdPage, 401: Problem, 422: Problem},
            url_name="household_list", summary="Huishoudens die u mag zien")
def list_households(request, filters: Query[HouseholdFilters]):
    ctx = access_context(request)
    qs = visible(ctx, READ, Household.objects.select_related("owner_organisation"))
    if filters.q and filters.q.strip():
        q = filters.q.strip()
        qs = qs.filter(Q(name__istartswith=q) | Q(name__icontains=" " + q))
    items, page = paginate(request, qs.order_by("name", "id"), filters)
    record(ctx, "api.household.list", items)
    return {**page, "results": serializers.household_summaries(ctx, items)}


@router.get("/{uuid:household_id}", response={200: HouseholdDetail | HouseholdMinimal, **ERRORS},
            url_name="household_detail", summary="Eén huishouden met leden, gezag en trajecten",
            description="Wie alleen via een lopende casustafel bij het huishouden betrokken "
                        "is, krijgt het afgesproken minimale beeld (`picture: case_table`): "
                        "naam, leden met leeftijd en relatie, de casustafel.")
def get_household(request, household_id: UUID):
    ctx = access_context(request)
    household, decision = fetch(ctx, Household.objects.select_related("owner_organisation"),
                                household_id, action=READ, event_code="api.household.read")
    if minimal_picture.case_table_only(ctx, household.pk):
        data, person_ids = household_minimal(ctx, household)
    else:
        data, person_ids = household_detail(ctx, household)
    # Beyond the current members: gezag holders living elsewhere, or (minimal picture)
    # former members a shared entry is about.
    record(ctx, "api.household.read", [household], decision=decision, subjects=person_ids)
    return data


@router.post("", response={201: HouseholdDetail, 403: Problem, **ERRORS},
             url_name="household_create", summary="Een huishouden met leden registreren")
def create_household(request, payload: HouseholdIn, response: HttpResponse):
    ctx = access_context(request)
    # Registering needs a role that works with family dossiers (see access.rules).
    if ctx.membership is None or ctx.role not in CONTENT_ROLES:
        return problem(403, "Uw rol mag geen huishoudens registreren.")
    members = []
    for item in payload.members:
        existing = None
        if item.person is not None:
            existing, _ = fetch(ctx, Person.objects.all(), item.person, action=READ,
                                event_code="api.person.read", object_type="person")
        members.append(NewMember(
            relation=item.relation, given_names=item.given_names,
            tussenvoegsel=item.tussenvoegsel, family_name=item.family_name,
            birth_date=item.birth_date, bsn=item.bsn, phone=item.phone, email=item.email,
            lives_in=item.lives_in, gezag_holders=item.gezag_holders,
            existing_person=existing))
    household = register_household(ctx, name=payload.name, municipality=payload.municipality,
                                   street=payload.street, postcode=payload.postcode,
                                   members=members, since=payload.since)
    data, _ = household_detail(ctx, household)
    response["Location"] = reverse("api:household_detail",
                                   kwargs={"household_id": household.pk})
    return Status(201, data)
