from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import READ, active_on, context_for_request, log_access, visible
from netwerkdossier.cases import worklist_signals
from netwerkdossier.cases.models import Case, TeamAssignment

LIMIT = 200


def worklist_cases(ctx, user, today):
    """The user's cases with their signals: open cases where the user is on the team
    today, and closed cases whose follow-up check is due (the casusregisseur stays on
    the team until the follow-up checks are done). One query, plus one for the roles."""
    mine = TeamAssignment.objects.filter(active_on(), user=user)
    cases = list(
        worklist_signals.on_worklist(
            visible(ctx, READ, Case.objects.filter(pk__in=mine.values("case_id"))), today)
        .select_related("household")
        .prefetch_related(Prefetch("team", queryset=mine.select_related(None),
                                   to_attr="my_assignments"))
        .order_by(F("next_deadline").asc(nulls_last=True), "opened_on")[:LIMIT]
    )
    for case in cases:
        case.signals = worklist_signals.signals(case, today)
    return cases


@require_GET
@login_required
def worklist(request):
    """'Mijn werkvoorraad': the user's cases, their next deadline and signals."""
    ctx = context_for_request(request)
    today = timezone.localdate()
    cases = worklist_cases(ctx, request.user, today)
    if cases:
        log_access(ctx, "case.list", "R", object_type="case", objects=cases,
                   rule="team")
    return render(request, "web/worklist.html", {
        "cases": cases, "nav": "worklist", "signal_cases": sum(1 for c in cases if c.signals)})
