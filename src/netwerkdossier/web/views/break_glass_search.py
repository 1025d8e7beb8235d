"""Ask emergency access (noodtoegang) for a person found by an exact search query.

The page is offered by search for every exact identifying query that showed nothing
(access/break_glass_search.py, decision 0037), and it reads nothing of a person until the
request is complete: a reason from the list (none preselected), a free-text reason, a
purpose, a fresh code from the authenticator app and the checkbox. Only then is the
person looked up. Emergency access then starts for each household the person lives in
(logged, the case lead and privacy officer told, reviewed). A request that matches no
one is the logged 404 of the household flow, flagged as emergency access; the free text
is never logged. Roles that can never use emergency access get the logged 404 as well.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import AccessRefused, Decision, context_for_request
from netwerkdossier.access.break_glass import (
    default_hours,
    may_start,
    min_reason_length,
    validate_request,
)
from netwerkdossier.access.break_glass_search import (
    households_for,
    identifying_query,
    reasons,
    start_from_search,
)
from netwerkdossier.access.explain import refusal_reason

from ..errormap import apply_errors, error_summary
from ..second_factor import fresh_code_error
from .break_glass import BreakGlassForm

EVENT = "break_glass.start"
OBJECT_TYPE = "person_search"  # no id: the query itself (a BSN) is never logged


class SearchBreakGlassForm(BreakGlassForm):
    q = forms.CharField(widget=forms.HiddenInput, max_length=100)
    # A reason from the list; nothing preselected (the professional answers for it).
    reason_key = forms.ChoiceField(
        label=_lazy("Reden"), widget=forms.RadioSelect,
        error_messages={"required": _lazy("Kies de reden van de noodtoegang.")})
    field_order = ["q", "reason_key", "reason", "purpose", "code", "understood"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_key"].choices = [(r["key"], r["label"]) for r in reasons()]
        self.fields["reason"].label = _lazy("Toelichting: wat is er aan de hand?")

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if identifying_query(query) is None:
            raise ValidationError(_("Zoek eerst op BSN, of op naam en geboortedatum samen."))
        return query


def _refuse(ctx, rule, action, break_glass=False):
    raise AccessRefused(ctx, EVENT, OBJECT_TYPE, "", Decision(False, rule, refusal_reason(rule)),
                        action=action, break_glass=break_glass)


def _start(request, ctx, form):
    """Start for a complete request; None when the form gets errors instead."""
    c = form.cleaned_data
    try:
        validate_request(ctx, c["reason"], c["purpose"])
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    try:
        with transaction.atomic():
            households = households_for(ctx, c["q"])
            if not households:
                _refuse(ctx, "not_found", "E", break_glass=True)
            started = start_from_search(ctx, households, reason_key=c["reason_key"],
                                        text=c["reason"], purpose=c["purpose"])
    except ValidationError as exc:
        apply_errors(form, exc, aliases={"query": "q"})
        return None
    messages.success(request, ngettext(
        "U gebruikt nu noodtoegang tot %(n)d huishouden.",
        "U gebruikt nu noodtoegang tot %(n)d huishoudens.", len(started)) % {"n": len(started)})
    return redirect("web:household", pk=started[0].household_id)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass_search(request):
    ctx = context_for_request(request)
    action = "E" if request.method == "POST" else "R"
    if not may_start(ctx):
        _refuse(ctx, "no_content_role", action)
    data = request.POST if request.method == "POST" else None
    form = SearchBreakGlassForm(data, initial={"q": request.GET.get("q", "")})
    if request.method == "POST" and form.is_valid():
        # A fresh second factor before anything is looked up.
        refused = fresh_code_error(request.user, form.cleaned_data["code"])
        if refused:
            form.add_error("code", refused)
    if request.method == "POST" and form.is_valid():
        started = _start(request, ctx, form)
        if started is not None:
            return started
    query = (form.data.get("q") if form.is_bound else request.GET.get("q", "")) or ""
    return render(request, "web/break_glass_search.html", {
        "form": form, "query": query.strip(), "hours": default_hours(),
        "exact": identifying_query(query) is not None,
        "errors": error_summary(form) if form.is_bound else [],
        "min_length": min_reason_length(), "nav": "search",
    })
