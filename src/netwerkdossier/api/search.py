"""/search: persons and households in one answer, both through the access module."""

from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router

from netwerkdossier.access import dashboards, minimal_picture
from netwerkdossier.access.api import READ, active_on, record, visible
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.households.search import person_query

from . import serializers
from .auth import access_context
from .persons import search_persons
from .schemas import Problem, SearchOut, SearchParams

router = Router()


@router.get("", response={200: SearchOut, 401: Problem, 404: Problem, 422: Problem},
            url_name="search",
            summary="Zoek personen en huishoudens")
def search(request, params: Query[SearchParams]):
    ctx = access_context(request)
    dashboards.refuse_dossier_search(ctx, "household.search")
    member_match = person_query(params.q)
    persons = search_persons(ctx, q=params.q) if member_match is not None else \
        search_persons(ctx).none()
    # A household matches on a current member's name, BSN or birth date (its name is
    # derived from its members; a substring scan over all names does not scale).
    condition = Q(pk__in=[])
    if member_match is not None:
        condition = Q(pk__in=HouseholdMember.objects.filter(active_on()).filter(
            person__in=Person.objects.filter(member_match).values("pk")
        ).values("household_id"))
        if not minimal_picture.found_by_names_only(params.q):
            # A case-table seat shows names only: no finding by BSN or birth date (0018).
            condition &= minimal_picture.beyond_seat_q(ctx)
    households = visible(ctx, READ, Household.objects.select_related("owner_organisation")
                         .filter(condition)).order_by("name", "id")
    person_items = list(persons[:params.limit])
    household_items = list(households[:params.limit])
    record(ctx, "api.search", person_items)
    record(ctx, "api.search", household_items)
    today = timezone.localdate()
    return {"persons": [serializers.person_summary(p, today) for p in person_items],
            "persons_count": persons.count(),
            "households": serializers.household_summaries(ctx, household_items),
            "households_count": households.count()}
