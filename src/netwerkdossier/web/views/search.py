"""Search persons (name, birth date, BSN) and households (name), through the access module."""

import re
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import READ, context_for_request, log_access, visible
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.households.search_keys import search_tokens

from ..forms import SearchForm

LIMIT = 50
# Dutch name particles are stored apart from the family name; they do not narrow a search.
PARTICLES = frozenset({"de", "den", "der", "van", "het", "ten", "ter", "te", "t", "in",
                       "op", "la", "le", "du", "da", "di", "von"})
BSN_RE = re.compile(r"^\d{9}$")
DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _person_filter(query: str):
    """(Q for persons, whether to search households by name) for one query string."""
    compact = query.strip()
    if BSN_RE.match(compact):
        return Q(bsn=compact), False
    match = DATE_RE.match(compact)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            born = datetime(year, month, day).date()
        except ValueError:
            return None, False
        return Q(birth_date=born), False
    tokens = search_tokens(compact)
    meaningful = [t for t in tokens if t not in PARTICLES] or tokens
    if not meaningful:
        return None, False
    q = Q()
    for token in meaningful:
        q &= Q(family_key__startswith=token) | Q(given_key__startswith=token)
    return q, True


@require_GET
@login_required
def search(request):
    ctx = context_for_request(request)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    persons, households, searched = [], [], bool(query)
    if query:
        person_q, by_name = _person_filter(query)
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
        if by_name:
            households = list(
                visible(ctx, READ, Household.objects.filter(
                    Q(name__istartswith=query) | Q(name__icontains=" " + query)))
                .order_by("name")[:LIMIT]
            )
    if persons:
        log_access(ctx, "person.search", "R", object_type="person", objects=persons,
                   subjects=persons)
    if households:
        log_access(ctx, "household.search", "R", object_type="household",
                   objects=households)
    return render(request, "web/search.html", {
        "form": form, "query": query, "persons": persons, "households": households,
        "searched": searched, "limit": LIMIT, "nav": "search",
    })
