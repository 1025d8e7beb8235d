"""Professional side: the queue of correction and destruction requests of the own
organisation, with the legal deadline, and the decision on one request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import (
    CORRECT,
    READ,
    AccessRefused,
    Decision,
    context_for_request,
    decide,
    record,
    together,
    visible,
)
from netwerkdossier.dossier.models import Entry

from . import services
from .forms import HandleRequestForm
from .models import CorrectionRequest, OwnStatement


def open_requests_for(ctx, entry) -> int:
    """Open requests about this entry that ctx's organisation must answer."""
    if entry.owner_organisation_id != ctx.organisation_id:
        return 0
    return CorrectionRequest.objects.filter(entry__root_id=entry.root_id,
                                            status=CorrectionRequest.Status.OPEN).count()


def statements_for(entry) -> list:
    """Own statements of family members beside all versions of the entry; the caller has
    read the entry through the access module."""
    return list(OwnStatement.objects.filter(entry__root_id=entry.root_id)
                .select_related("person").order_by("created_at"))


@require_GET
@login_required
def queue(request):
    ctx = context_for_request(request)
    readable = visible(ctx, READ, Entry.objects.all())
    found = list(CorrectionRequest.objects.filter(
        owner_organisation_id=ctx.organisation_id, entry__in=readable)
        .select_related("entry", "person", "entry__household")
        .order_by("status", "deadline", "received_at")) if ctx.organisation_id else []
    today = timezone.localdate()
    for r in found:
        r.days_left = (r.deadline - today).days
        r.days_late = max(0, -r.days_left)
    record(ctx, "correction_request.list", found)
    return render(request, "portal/staff_queue.html", {
        "requests": [r for r in found if r.status == CorrectionRequest.Status.OPEN],
        "handled": [r for r in found if r.status != CorrectionRequest.Status.OPEN][:50],
        "nav": "correction_requests"})


def _fetch_request(ctx, pk, action):
    """The request and the decision on its entry; refused (logged 404) for anyone who
    is not a reader of the entry in the owner organisation."""
    try:
        found = (CorrectionRequest.objects.select_related("entry", "person",
                                                          "entry__household")
                 .filter(pk=pk).first())
    except (ValidationError, ValueError):
        found = None
    if found is None:
        decision = Decision(False, "not_found", "")
    elif found.entry_id is None:  # destroyed: nothing left to read or decide
        decision = Decision(False, "entry_destroyed", "")
    else:
        entry = services.current_version(found.entry) if action == CORRECT else found.entry
        decision = decide(ctx, action, entry)
        if decision.allowed and found.owner_organisation_id != ctx.organisation_id:
            decision = Decision(False, "not_owner", "")
    if not decision.allowed:
        raise AccessRefused(ctx, "correction_request.read", "correction_request", pk,
                            decision, action="U" if action == CORRECT else "R")
    return found, decision


@require_http_methods(["GET", "POST"])
@login_required
def handle(request, pk):
    ctx = context_for_request(request)
    action = CORRECT if request.method == "POST" else READ
    found, decision = _fetch_request(ctx, pk, action)
    current = services.current_version(found.entry)
    form = HandleRequestForm(request.POST or None,
                             initial={"new_text": current.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_request(ctx, found, grant=form.cleaned_data["decision"] == "grant",
                                    reason=form.cleaned_data["reason"],
                                    new_text=form.cleaned_data["new_text"],
                                    refusal_ground=form.cleaned_data["refusal_ground"])
        except ValidationError as exc:
            from netwerkdossier.web.errormap import apply_errors

            apply_errors(form, exc)
        else:
            messages.success(request, _(
                "Het voorstel is naar de functionaris gegevensbescherming gestuurd. Die "
                "vernietigt de aantekening." if found.kind == "vernietiging"
                and form.cleaned_data["decision"] == "grant" else
                "Het besluit is bewaard en het gezin heeft bericht gekregen."))
            return redirect("portal_staff:queue")
    if request.method == "GET":
        with together(ctx):
            record(ctx, "correction_request.read", [found], decision=decision)
            record(ctx, "correction_request.read", [found.entry], decision=decision)
    from netwerkdossier.web.errormap import error_summary

    return render(request, "portal/staff_request.html", {
        "req": found, "entry": found.entry, "current": current,
        "can_decide": decide(ctx, CORRECT, current).allowed,
        "statements": statements_for(found.entry), "form": form,
        "errors": error_summary(form), "days_left": (found.deadline
                                                     - timezone.localdate()).days,
        "nav": "correction_requests"}, status=400 if form.is_bound and form.errors else 200)
