"""/persons: visible persons with name, BSN and birth-date search; one person.

A case-table seat does not open a person's record (decision 0018): such persons are not
found, and their detail is a logged 404 (access.policy counts no seat for persons).
"""

from uuid import UUID

from django.utils import timezone
from ninja import Query, Router

from netwerkdossier.access import minimal_picture
from netwerkdossier.access.api import READ, fetch, record, visible
from netwerkdossier.households.models import Household, Person
from netwerkdossier.households.search import person_query

from . import serializers
from .auth import access_context
from .pagination import paginate
from .schemas import PersonDetail, PersonFilters, PersonPage, Problem

router = Router()


def search_persons(ctx, *, q=None, bsn=None, birth_date=None):
    """Visible persons; `q` as in the web UI: every word begins a name, or is a BSN or
    a date (DD-MM-JJJJ) — see households/search.py."""
    qs = visible(ctx, READ, Person.objects.all())
    if q:
        condition = person_query(q)
        qs = qs.filter(condition) if condition is not None else qs
    if bsn:
        qs = qs.filter(bsn=bsn.strip())
    if birth_date:
        qs = qs.filter(birth_date=birth_date)
    return qs.order_by("family_key", "given_key", "id")


@router.get("", response={200: PersonPage, 401: Problem, 422: Problem},
            url_name="person_list", summary="Personen die u mag zien, met zoeken")
def list_persons(request, filters: Query[PersonFilters]):
    ctx = access_context(request)
    qs = search_persons(ctx, q=filters.q, bsn=filters.bsn, birth_date=filters.birth_date)
    items, page = paginate(request, qs, filters)
    record(ctx, "api.person.list", items)
    today = timezone.localdate()
    return {**page, "results": [serializers.person_summary(p, today) for p in items]}


@router.get("/{uuid:person_id}", response={200: PersonDetail, 401: Problem, 404: Problem},
            url_name="person_detail", summary="Eén persoon met zijn of haar huishoudens")
def get_person(request, person_id: UUID):
    ctx = access_context(request)
    person, _ = fetch(ctx, Person.objects.all(), person_id, action=READ,
                      event_code="api.person.read", log=True)
    # Only the households this user may see other than through a case-table seat (which
    # shows no one's memberships); others are not even hinted at.
    visible_households = visible(ctx, READ, Household.objects.filter(
        minimal_picture.beyond_seat_q(ctx))).values("pk")
    memberships = person.memberships.filter(household__in=visible_households) \
        .select_related("household").order_by("-valid_from", "id")
    data = {
        **serializers.person_summary(person), "bsn": person.bsn,
        "households": [{"household": m.household_id, "household_name": m.household.name,
                        "relation": m.relation, "lives_in": m.lives_in,
                        "valid_from": m.valid_from, "valid_to": m.valid_to}
                       for m in memberships],
    }
    return data
