"""Consent (toestemming) per person and scope: the current state, history and recording."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    context_for_request,
    decide,
    fetch,
    record,
    visible,
)
from netwerkdossier.access.consent_service import (
    allowed_givers,
    consent_overview,
    may_manage_consent,
    record_consent,
)
from netwerkdossier.households.models import Household, Person

from ..errormap import apply_errors, error_summary
from ..forms import ConsentForm


def fetch_person_for_consent(ctx, pk, *, action_code="R"):
    """The person, if ctx has a team-type relation to one of the person's households;
    otherwise a logged refusal (404)."""
    try:
        person, _read = fetch(ctx, Person.objects.all(), pk, action=READ,
                              event_code="consent.read")
    except AccessRefused as exc:
        exc.action = action_code  # log the attempted action (recording is a C)
        raise
    decision = decide(ctx, UPDATE, person)
    if not may_manage_consent(decision):
        if decision.allowed:  # e.g. only the recording organisation: not a team relation
            decision = Decision(False, "no_write", "")
        raise AccessRefused(ctx, "consent.read", "person", pk, decision, action=action_code)
    return person, decision


@require_http_methods(["GET", "POST"])
@login_required
def consent_page(request, pk):
    ctx = context_for_request(request)
    person, decision = fetch_person_for_consent(
        ctx, pk, action_code="C" if request.method == "POST" else "R")
    givers = allowed_givers(person)
    form = ConsentForm(request.POST or None, givers=givers)
    if request.method == "POST" and form.is_valid():
        try:
            record_consent(ctx, person, form.cleaned_data["scope"],
                           form.cleaned_data["decision"],
                           next((g for g in givers
                                 if str(g.pk) == form.cleaned_data.get("given_by")), None),
                           form.cleaned_data.get("note", ""), rule=decision.rule)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("web:consent", pk=person.pk)
    who, scopes = consent_overview(person)
    # The page names who may give consent for the person: they are shown too.
    record(ctx, "consent.read", [person], decision=decision, subjects=givers)
    household = visible(ctx, READ, Household.objects.filter(members__person=person)) \
        .order_by("-members__valid_from").first()
    return render(request, "web/consent.html", {
        "person": person, "who_decides": who, "scopes": scopes, "form": form,
        "errors": error_summary(form), "household": household,
        "age": person.age(),
    })
