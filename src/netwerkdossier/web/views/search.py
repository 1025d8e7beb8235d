"""Search persons (name, birth date, BSN) and their households, through the access module."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import (
    READ,
    access_event,
    context_for_request,
    log_accesses,
    visible,
)
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.households.search import person_query

from ..forms import SearchForm

LIMIT = 50


@require_GET
@login_required
def search(request):
    ctx = context_for_request(request)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    persons, households, searched = [], [], bool(query)
    if query:
        person_q = person_query(query)
        if person_q is not None:
            visible_households = visible(ctx, READ, Household.objects.all()).values("pk")
            memberships = (HouseholdMember.objects.filter(household_id__in=visible_households)
                           .select_related("household").order_by("-valid_from"))
            persons = list(
                visible(ctx, READ, Person.objects.filter(person_q))
                .prefetch_related(Prefetch("memberships", queryset=memberships,
                                           to_attr="visible_memberships"))
                .order_by("family_key", "given_key", "birth_date")[:LIMIT]
            )
            # Households are found through their members; see households/search.py.
            households = list(
                visible(ctx, READ, Household.objects.filter(
                    pk__in=HouseholdMember.objects.filter(
                        person__in=Person.objects.filter(person_q).values("pk"))
                    .values("household_id")))
                .order_by("name")[:LIMIT]
            )
    log_accesses(ctx, [
        persons and access_event("person.search", "R", object_type="person",
                                 objects=persons, subjects=persons),
        households and access_event("household.search", "R", object_type="household",
                                    objects=households),
    ])
    return render(request, "web/search.html", {
        "form": form, "query": query, "persons": persons, "households": households,
        "searched": searched, "limit": LIMIT, "nav": "search",
    })
