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

from netwerkdossier.access.api import AccessRefused, Decision, record
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.households.models import PossibleMatch

from .privacy import _officer, record_screen

SCREEN = "mogelijke-matches"


@require_GET
@login_required
def possible_matches(request):
    ctx = _officer(request, "possible_match.queue", SCREEN)
    open_matches = list(PossibleMatch.objects.filter(status=PossibleMatch.Status.OPEN)
                        .select_related("requested_by", "requested_by_organisation")
                        .order_by("created_at"))
    # The catalogue names the new person; the id of the person who has the BSN is shown
    # too.
    record_screen(ctx, "possible_match.queue", SCREEN, open_matches,
                  subjects=[m.existing_person_id for m in open_matches])
    return render(request, "web/privacy_possible_matches.html", {
        "matches": open_matches, "nav": "privacy_matches"})


@require_POST
@login_required
def possible_match_resolve(request, pk):
    ctx = _officer(request, "possible_match.resolve", pk, action="U",
                   object_type="possible_match")
    match = PossibleMatch.objects.select_for_update().filter(
        pk=pk, status=PossibleMatch.Status.OPEN).first()
    if match is None:
        raise AccessRefused(ctx, "possible_match.resolve", "possible_match", pk,
                            Decision(False, "not_found", refusal_reason("not_found")),
                            action="U")
    match.status = PossibleMatch.Status.RESOLVED
    match.resolved_by, match.resolved_at = ctx.user, timezone.now()
    match.save(update_fields=["status", "resolved_by", "resolved_at"])
    record(ctx, "possible_match.resolve", [match], action="update", rule="privacy_officer",
           subjects=[match.existing_person_id])
    messages.success(request, _("Mogelijke match afgehandeld."))
    return redirect("web:possible_matches")
