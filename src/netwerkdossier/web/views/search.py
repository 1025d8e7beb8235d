"""Search persons (name, birth date, BSN) and their households, through the access module.

A case-table seat shows a household's current members by name only (decision 0018): its
members are not listed as persons, and its household is found by those names alone, not
by a BSN, a birth date or a former member.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from netwerkdossier.access import dashboards, minimal_picture
from netwerkdossier.access.address_shield import address_for
from netwerkdossier.access.api import (
    READ,
    active_on,
    context_for_request,
    record,
    together,
    visible,
)
from netwerkdossier.access.break_glass import may_start
from netwerkdossier.access.break_glass_search import identifying_query
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.households.search import person_query

from ..exports import export_format
from ..forms import SearchForm
from .search_export import export_search

LIMIT = 50


def households_found_by(ctx, query: str, person_q) -> Q:
    """The condition for households with a member matching the query: any member for
    households ctx relates to beyond a case-table seat; a current member by name for a
    seat. The match comes first in the condition, so the database starts from the
    matching members. The caller filters the households with visible()."""
    matching = HouseholdMember.objects.filter(
        person__in=Person.objects.filter(person_q).values("pk"))
    by_name_now = Q(pk__in=matching.filter(active_on()).values("household_id")) \
        if minimal_picture.found_by_names_only(query) else Q(pk__in=[])
    condition = Q(pk__in=matching.values("household_id"))
    seats = minimal_picture.seat_only_household_ids(ctx)
    if seats is None and not minimal_picture.has_running_seat(ctx):
        seats = []
    if seats is None:  # relations not listed: tested row by row
        condition &= minimal_picture.beyond_seat_q(ctx) | \
            (minimal_picture.seat_sql(ctx) & by_name_now)
    elif seats:  # a short list; usually there is none and visible() alone decides
        condition &= ~Q(pk__in=seats) | by_name_now
    return condition


def find(ctx, query: str) -> tuple[list, list]:
    """The persons and households ctx may see for `query`, as the page lists them (at
    most LIMIT of each); the search export uses the same function."""
    person_q = person_query(query) if query else None
    if person_q is None:
        return [], []
    # Memberships shown with a person: not those known only through a seat.
    visible_households = visible(ctx, READ, Household.objects.filter(
        minimal_picture.beyond_seat_q(ctx))).values("pk")
    memberships = (HouseholdMember.objects.filter(household_id__in=visible_households)
                   .select_related("household").order_by("-valid_from"))
    persons = list(
        visible(ctx, READ, Person.objects.filter(person_q))
        .prefetch_related(Prefetch("memberships", queryset=memberships,
                                   to_attr="visible_memberships"))
        .order_by("family_key", "given_key", "birth_date")[:LIMIT]
    )
    # Households are found through their members; see households/search.py.
    households = list(visible(ctx, READ, Household.objects.filter(
        households_found_by(ctx, query, person_q))).order_by("name")[:LIMIT])
    # Where a household lives, unless it is seen through a case-table seat alone (0018).
    seat_only = minimal_picture.seat_only_among(ctx, [h.pk for h in households])
    for household in households:
        household.place = "" if household.pk in seat_only else \
            address_for(ctx, household)["municipality"]
    return persons, households


@require_GET
@login_required
def search(request):
    ctx = context_for_request(request)
    dashboards.refuse_dossier_search(ctx, "household.search")
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    persons, households = find(ctx, query)
    fmt = export_format(request)
    if query and fmt:  # without a query there is nothing to download: the page
        return export_search(ctx, fmt, persons, households)
    with together(ctx):
        record(ctx, "person.search", persons)
        record(ctx, "household.search", households)
    return render(request, "web/search.html", {
        "form": form, "query": query, "persons": persons, "households": households,
        "searched": bool(query), "limit": LIMIT, "nav": "search",
        "search_query": urlencode({"q": query}),
        "offer_break_glass": offers_break_glass(ctx, query, persons, households),
    })


def offers_break_glass(ctx, query: str, persons, households) -> bool:
    """Emergency access is offered for an exact identifying query that showed nothing:
    decided by the query and what was shown alone, never by who exists (decision 0037)."""
    return (not persons and not households and may_start(ctx)
            and identifying_query(query) is not None)
