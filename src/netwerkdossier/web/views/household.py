"""The household page: members, gezag, team, phase and the timeline; for a professional
whose only relation is a case-table seat, the agreed minimal picture (decision 0018)."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from netwerkdossier.access import minimal_picture
from netwerkdossier.access.address_shield import address_for, notices
from netwerkdossier.access.api import (
    READ,
    context_for_request,
    fetch,
    household_relations,
    record,
    together,
)
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.cases.team import by_person, current_q
from netwerkdossier.households.models import Gezag, Household, HouseholdMember
from netwerkdossier.measures.views import household_section

from ..exports import export_format
from ..timeline import load_timeline, record_timeline
from ..timeline_export import export_timeline
from .registration_links import registration_links

R = HouseholdMember.Relation
# Adults first, then children; sorted in Python since a household has few members.
RELATION_ORDER = {R.PARENT: 0, R.CAREGIVER: 1, R.PARTNER: 2, R.OTHER_ADULT: 3, R.CHILD: 4}


def fetch_household(ctx, pk, action=READ):
    return fetch(ctx, Household.objects.select_related("owner_organisation"), pk,
                 action=action, event_code="household.read")


def household_members(household):
    """Members (current first) with their gezag as a child, in one query each."""
    today = timezone.localdate()
    members = sorted(
        HouseholdMember.objects.filter(household=household).select_related("person"),
        key=lambda m: (RELATION_ORDER.get(m.relation, 5), m.person.birth_date),
    )
    gezag = defaultdict(list)
    children = [m.person_id for m in members if m.relation == HouseholdMember.Relation.CHILD]
    holders = []
    for g in (Gezag.objects.filter(child_id__in=children).select_related("holder")
              .order_by("valid_to", "valid_from")):
        g.current = g.is_current(today)
        gezag[g.child_id].append(g)
        holders.append(g.holder)
    for m in members:
        m.current = m.is_current(today)
        m.age = m.person.age(today)
        m.gezag = sorted(gezag.get(m.person_id, []), key=lambda g: not g.current)
    members.sort(key=lambda m: not m.current)
    return members, holders


def open_cases(household):
    team = (TeamAssignment.objects.filter(current_q())
            .select_related("user", "organisation").order_by("role", "user__last_name"))
    cases = list(Case.objects.filter(household=household, closed_on__isnull=True)
                 .select_related("lead_organisation")
                 .prefetch_related(Prefetch("team", queryset=team, to_attr="active_team"))
                 .order_by("opened_on"))
    for case in cases:
        case.people = by_person(case.active_team)
    return cases


def minimal_household_page(request, ctx, household, decision):
    """What a case-table seat shows: the name, the notice with the session's times, the
    members by name, age and relation, and the shared entries on the timeline."""
    members = minimal_picture.members(ctx, household)
    persons = [m.person for m in members]
    timeline = load_timeline(ctx, household, decision, persons, request.GET,
                             by_organisation=False)
    with together(ctx):  # one append for the page
        # The members shown are the catalogue's current members (and no one else).
        record(ctx, "household.read", [household], decision=decision,
               known_subjects=persons)
        record_timeline(ctx, timeline, decision)
    return render(request, "web/household.html", {
        "household": household, "decision": decision, "members": members,
        "minimal": True, "session": minimal_picture.running_session(ctx, household.pk),
        "timeline": timeline, "links": timeline.links(household.pk), "nav": "",
    })


@require_GET
@login_required
def household_page(request, pk):
    ctx = context_for_request(request)
    household, decision = fetch_household(ctx, pk)
    if minimal_picture.case_table_only(ctx, household.pk):
        return minimal_household_page(request, ctx, household, decision)
    members, holders = household_members(household)
    persons = [m.person for m in members]
    timeline = load_timeline(ctx, household, decision, persons, request.GET)
    with together(ctx):  # one append for the page
        # The current members, and the former members and gezag holders living
        # elsewhere the page shows too: all loaded already.
        record(ctx, "household.read", [household], decision=decision,
               known_subjects=persons + holders)
        record_timeline(ctx, timeline, decision)
        measures = household_section(ctx, household, decision)  # measures/views.py
    return render(request, "web/household.html", {
        "household": household, "decision": decision, "members": members,
        # The banner shows whenever an emergency grant is running, also when another
        # relation (e.g. a case-table seat) is the one named in the decision.
        "emergency": "break_glass" in household_relations(ctx, household.pk),
        "cases": open_cases(household), "timeline": timeline,
        "links": timeline.links(household.pk), "nav": "",
        # Professionals see the address and, when it is shielded, the notice beside it.
        "address": address_for(ctx, household), "shields": notices(household),
        # Keeping the registration right (households/registration.py): who may edit,
        # who may read its history; decided, not logged (the page read is).
        **registration_links(ctx, household), **measures,
    })


@require_GET
@login_required
def timeline_partial(request, pk):
    """The timeline alone (htmx); with ?formaat=csv|xlsx the whole timeline as a
    download; otherwise the whole household page is shown."""
    ctx = context_for_request(request)
    # Decide first: an outsider gets the logged 404, never a redirect that confirms the id.
    household, decision = fetch_household(ctx, pk)
    fmt = export_format(request)
    if not fmt and (not request.htmx or request.headers.get("HX-History-Restore-Request")):
        query = request.GET.urlencode()
        url = reverse("web:household", args=[pk]) + (f"?{query}" if query else "")
        return redirect(url)
    seat_only = minimal_picture.case_table_only(ctx, household.pk)
    if seat_only:
        persons = [m.person for m in minimal_picture.members(ctx, household)]
    else:
        persons = [m.person for m in HouseholdMember.objects.filter(household=household)
                   .select_related("person").order_by("person__birth_date")]
    if fmt:
        return export_timeline(request, ctx, household, decision, persons, fmt,
                               by_organisation=not seat_only)
    timeline = load_timeline(ctx, household, decision, persons, request.GET,
                             by_organisation=not seat_only)
    with together(ctx):
        record_timeline(ctx, timeline, decision)
    return render(request, "web/partials/timeline.html", {
        "household": household, "timeline": timeline, "links": timeline.links(household.pk),
    })
