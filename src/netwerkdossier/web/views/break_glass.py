"""Start emergency access (noodtoegang) to a household from its 404 page.

The page is no existence oracle. For any id the user has no team-type relation with, a
GET shows the same form (same template, status 200, nothing from a household in it),
whether or not a household with that id exists; the relation test runs the same way for
both and answers "none". Only a POST with a valid form (a reason of the minimum length,
a purpose, the checkbox) and a session purpose that allows content looks the household
up: an unknown id then gets the normal logged 404 (AccessRefused, action E, rule
not_found) with the break-the-glass flag set, so the access log shows that someone
wrote a reason and asked for emergency access to that id. The reason itself is never
logged (it may hold personal data): for a real start it is kept on the BreakGlass row,
for an unknown id it is dropped.

Logging: a GET of the empty form, and a POST that does not validate, read nothing of a
household and are not logged; the same holds for an existing household, so the log
does not tell the two apart either. Roles that can never use emergency access get the
logged 404 (rule no_content_role) for every id, which says nothing about the household.
Users who already have a team-type relation are told so, with the household's name.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import (
    READ,
    AccessRefused,
    Decision,
    context_for_request,
    fetch,
)
from netwerkdossier.access.break_glass import (
    active_break_glass,
    default_hours,
    may_start,
    min_reason_length,
    start_break_glass,
    validate_request,
)
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.access.relations import CONTENT_PURPOSES, FULL, household_relations
from netwerkdossier.households.models import Household

from ..errormap import apply_errors, error_summary
from ..second_factor import fresh_code_error

EVENT = "break_glass.start"


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom hebt u nu toegang nodig?"), widget=forms.Textarea(attrs={"rows": 5}),
        required=False, max_length=2000,
        help_text=_("Schrijf op wat er aan de hand is en waarom het niet kan wachten tot de "
                    "casusregisseur u aan het team toevoegt."))
    # No preselected purpose: it is part of what the professional declares and answers for.
    purpose = forms.ChoiceField(label=_("Doel"), choices=[("", _("Kies een doel"))] + [
        (key, label) for key, label in PURPOSES.items() if key in CONTENT_PURPOSES],
        error_messages={"required": _("Kies waarvoor u de gegevens nodig hebt.")})
    code = forms.CharField(
        label=_("Code uit uw authenticator-app"), max_length=20,
        help_text=_("Noodtoegang vraagt een nieuwe code, ook als u al bent ingelogd."),
        error_messages={"required": _("Vul de code uit uw authenticator-app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
    understood = forms.BooleanField(
        label=_("Ik begrijp dat dit wordt gemeld en beoordeeld"), required=True,
        error_messages={"required": _("Vink aan dat u begrijpt dat dit wordt gemeld en "
                                      "beoordeeld.")})

    def clean_reason(self):
        # Checked here, before the household is looked up, and together with the other
        # fields, so all errors show at once.
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < min_reason_length():
            raise ValidationError(_("Beschrijf waarom u nu toegang nodig hebt (minstens "
                                    "%(n)d tekens).") % {"n": min_reason_length()})
        return reason


def _refuse(ctx, pk, rule, action, break_glass=False):
    raise AccessRefused(ctx, EVENT, "household", pk, Decision(False, rule, refusal_reason(rule)),
                        action=action, break_glass=break_glass)


def _start(ctx, pk, form):
    """Start emergency access for a valid form; None when the form gets errors instead.

    Everything that does not depend on the household is checked first; only then is
    the household looked up, so an unknown id and a known one answer alike until here.
    """
    reason, purpose = form.cleaned_data["reason"], form.cleaned_data["purpose"]
    try:
        validate_request(ctx, reason, purpose)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    household = Household.objects.filter(pk=pk).first()
    if household is None:
        # The attempt is logged (flagged as emergency access: a reason was written);
        # the reason is not.
        _refuse(ctx, pk, "not_found", "E", break_glass=True)
    try:
        start_break_glass(ctx, household, reason, purpose=purpose)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    return redirect("web:household", pk=household.pk)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass_start(request, pk):
    ctx = context_for_request(request)
    action = "E" if request.method == "POST" else "R"
    if not may_start(ctx):
        _refuse(ctx, pk, "no_content_role", action)

    # Answers "none" alike for an unknown id and a household without a relation.
    relations = household_relations(ctx, pk)
    if any(r in FULL for r in relations):
        # Already on the team (or otherwise related): the name is no secret here, and
        # showing it is a read like any other.
        household, _decision = fetch(ctx, Household.objects.all(), pk, action=READ,
                                     event_code="household.read", log=True)
        return render(request, "web/break_glass_start.html", {
            "household": household, "has_access": True})
    # Only a running emergency access of this user (who then has access) is mentioned.
    running = active_break_glass(request.user, pk) if "break_glass" in relations else None

    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A fresh second factor, checked before the household is looked up (an unknown
        # and a known id answer alike); a stolen open session alone cannot break the glass.
        refused = fresh_code_error(request.user, form.cleaned_data["code"])
        if refused:
            form.add_error("code", refused)
    if request.method == "POST" and form.is_valid():
        started = _start(ctx, pk, form)
        if started is not None:
            return started
    return render(request, "web/break_glass_start.html", {
        "form": form, "pk": pk, "running": running, "hours": default_hours(),
        "errors": error_summary(form) if request.method == "POST" else [],
        "min_length": min_reason_length(),
    })
