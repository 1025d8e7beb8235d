"""The privacy officer's list of possible matches: registrations that gave a new member
the BSN of a person the registrar may not see (households/services.py). The page shows
ids, never a BSN or a name; the officer looks further in the access log. Anyone else
gets the logged 404, and every use is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netwerkdossier.access.api import AccessRefused, Decision
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.households.models import PossibleMatch

from .privacy import _officer

SCREEN = "mogelijke-matches"


@require_GET
@login_required
def possible_matches(request):
    ctx = _officer(request, "possible_match.queue", SCREEN)
    open_matches = list(PossibleMatch.objects.filter(status=PossibleMatch.Status.OPEN)
                        .select_related("requested_by", "requested_by_organisation")
                        .order_by("created_at"))
    append(ctx, [LogEvent(event_code="possible_match.queue", action="R",
                          object_type="possible_match",
                          object_ids=[m.pk for m in open_matches], rule="privacy_officer")])
    return render(request, "web/privacy_possible_matches.html", {
        "matches": open_matches, "nav": "privacy_matches"})


@require_POST
@login_required
def possible_match_resolve(request, pk):
    ctx = _officer(request, "possible_match.resolve", pk, action="U",
                   object_type="possible_match")
    updated = PossibleMatch.objects.filter(pk=pk, status=PossibleMatch.Status.OPEN).update(
        status=PossibleMatch.Status.RESOLVED, resolved_by=ctx.user,
        resolved_at=timezone.now())
    if not updated:
        raise AccessRefused(ctx, "possible_match.resolve", "possible_match", pk,
                            Decision(False, "not_found", refusal_reason("not_found")),
                            action="U")
    append(ctx, [LogEvent(event_code="possible_match.resolve", action="U",
                          object_type="possible_match", object_ids=[pk],
                          rule="privacy_officer")])
    messages.success(request, _("Mogelijke match afgehandeld."))
    return redirect("web:possible_matches")
