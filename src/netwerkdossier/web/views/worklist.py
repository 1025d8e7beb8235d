"""'Mijn werkvoorraad': the user's cases, their next deadline and signals.

The page lists up to 200 cases, so the rows are prepared in Python with cheap
formatting (labels translated once, URLs built from one reversed pattern) and the
template only prints strings (see docs/benchmarks.md, worklist).
"""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import (
    READ,
    active_on,
    context_for_request,
    record,
    together,
    visible,
)
from netwerkdossier.cases import worklist_signals
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.collaboration.queries import open_actions_for

from ..exports import MAX_ROWS, export_format
from ..formatting import long_date, month_names
from .worklist_export import export_worklist

LIMIT = 200
_PLACEHOLDER = UUID(int=0)


def worklist_cases(ctx, user, today, limit=None):
    """The user's cases with their signals: open cases where the user is on the team
    today, and closed cases whose follow-up check is due (the casusregisseur stays on
    the team until the follow-up checks are done). One query, plus one for the roles.
    At most `limit` cases (the page: LIMIT)."""
    mine = TeamAssignment.objects.filter(active_on(), user=user)
    cases = list(
        worklist_signals.awaiting(worklist_signals.on_worklist(
            visible(ctx, READ, Case.objects.filter(pk__in=mine.values("case_id"))), today),
            user)
        .select_related("household")
        .prefetch_related(Prefetch("team", queryset=mine.select_related(None),
                                   to_attr="my_assignments"))
        # Urgent reports first (first contact in hours), then by deadline.
        .order_by("urgent", F("respond_by").asc(nulls_last=True),
                  F("next_deadline").asc(nulls_last=True), "opened_on")[:limit or LIMIT]
    )
    months = month_names()
    for case in cases:
        case.signals = worklist_signals.signals(case, today, months)
    return cases


def _url_maker(name):
    pattern = reverse(name, args=[_PLACEHOLDER])
    head, tail = pattern.split(str(_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def rows(cases):
    months = month_names()
    phases = {value: str(label) for value, label in Phase.choices}
    roles = {value: str(label) for value, label in TeamAssignment.Role.choices}
    household_url, case_url = _url_maker("web:household"), _url_maker("safety:case")
    return [{
        "household_url": household_url(c.household_id), "household": c.household.name,
        "case_url": case_url(c.pk), "title": c.title, "phase": phases.get(c.phase, c.phase),
        "deadline_iso": c.next_deadline.isoformat() if c.next_deadline else "",
        "deadline": long_date(c.next_deadline, months) if c.next_deadline else "",
        "deadline_label": c.next_deadline_label, "signals": c.signals,
        "roles": ", ".join(roles.get(a.role, a.role) for a in c.my_assignments),
    } for c in cases]


@require_GET
@login_required
def worklist(request):
    ctx = context_for_request(request)
    fmt = export_format(request)
    today = timezone.localdate()
    if fmt:  # all of the user's cases, not only the page's LIMIT
        cases = worklist_cases(ctx, request.user, today, limit=MAX_ROWS + 1)
        return export_worklist(request, ctx, fmt, cases, rows(cases[:MAX_ROWS]))
    cases = worklist_cases(ctx, request.user, today)
    # Follow-up actions from case-table (MDA++) meetings that this user owns.
    actions = list(open_actions_for(request.user, ctx=ctx, today=today)[:50])
    with together(ctx):
        record(ctx, "case.list", cases, rule="team")
        record(ctx, "meeting.action.list", actions)
    return render(request, "web/worklist.html", {
        "rows": rows(cases), "nav": "worklist", "actions": actions,
        "signal_cases": sum(1 for c in cases if c.signals)})
