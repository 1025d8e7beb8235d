"""/search: persons and households in one answer, both through the access module."""

from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router

from netwerkdossier.access.api import READ, log_access, visible
from netwerkdossier.households.bsn import is_valid_bsn
from netwerkdossier.households.models import Household, HouseholdMember, Person

from . import serializers
from .auth import access_context
from .persons import name_q, search_persons
from .queries import current_member_ids, current_q
from .schemas import Problem, SearchOut, SearchParams

router = Router()


@router.get("", response={200: SearchOut, 401: Problem, 422: Problem}, url_name="search",
            summary="Zoek personen en huishoudens")
def search(request, params: Query[SearchParams]):
    ctx = access_context(request)
    q = params.q.strip()
    if is_valid_bsn(q):
        persons = search_persons(ctx, bsn=q)
    else:
        persons = search_persons(ctx, q=q) if name_q(q) is not None else \
            search_persons(ctx).none()
    # A household matches on (a word in) its name, or on a current member's name or BSN.
    member_match = name_q(q) if not is_valid_bsn(q) else Q(bsn=q)
    households = visible(ctx, READ, Household.objects.select_related("owner_organisation"))
    condition = Q(name__istartswith=q) | Q(name__icontains=" " + q)
    if member_match is not None:
        matching = HouseholdMember.objects.filter(current_q()).filter(
            person__in=Person.objects.filter(member_match).values("pk")).values("household_id")
        condition |= Q(pk__in=matching)
    households = households.filter(condition).order_by("name", "id")
    person_items = list(persons[:params.limit])
    household_items = list(households[:params.limit])
    if person_items:
        log_access(ctx, "api.search", "R", object_type="person", objects=person_items,
                   subjects=person_items, rule="visible")
    if household_items:
        log_access(ctx, "api.search", "R", object_type="household", objects=household_items,
                   subjects=current_member_ids([h.pk for h in household_items]),
                   rule="visible")
    today = timezone.localdate()
    return {"persons": [serializers.person_summary(p, today) for p in person_items],
            "persons_count": persons.count(),
            "households": [serializers.household_summary(h) for h in household_items],
            "households_count": households.count()}
