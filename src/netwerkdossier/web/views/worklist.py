from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import READ, active_on, context_for_request, log_access, visible
from netwerkdossier.cases.models import Case, TeamAssignment


@require_GET
@login_required
def worklist(request):
    """'Mijn werkvoorraad': open cases where the user is on the team today."""
    ctx = context_for_request(request)
    mine = TeamAssignment.objects.filter(active_on(), user=request.user)
    cases = list(
        visible(ctx, READ, Case.objects.filter(closed_on__isnull=True,
                                               pk__in=mine.values("case_id")))
        .select_related("household")
        .prefetch_related(Prefetch("team", queryset=mine.select_related(None),
                                   to_attr="my_assignments"))
        .order_by(F("next_deadline").asc(nulls_last=True), "opened_on")[:200]
    )
    if cases:
        log_access(ctx, "case.list", "R", object_type="case", objects=cases,
                   rule="team")
    return render(request, "web/worklist.html", {"cases": cases, "nav": "worklist"})
