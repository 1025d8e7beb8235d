"""Start emergency access (noodtoegang) to a household from its 404 page.

The page never names the household before access is granted: an outsider only learns
that an id they already hold is a household, and only by asking to break the glass.
Unknown ids and roles that cannot use emergency access get the normal logged 404.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import READ, AccessRefused, Decision, context_for_request, decide
from netwerkdossier.access.break_glass import (
    active_break_glass,
    already_has_access,
    default_hours,
    may_start,
    min_reason_length,
    start_break_glass,
)
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.access.relations import CONTENT_PURPOSES
from netwerkdossier.households.models import Household

from ..errormap import apply_errors, error_summary

EVENT = "break_glass.start"


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom hebt u nu toegang nodig?"), widget=forms.Textarea(attrs={"rows": 5}),
        required=False, max_length=2000,
        help_text=_("Schrijf op wat er aan de hand is en waarom het niet kan wachten tot de "
                    "casusregisseur u aan het team toevoegt."))
    purpose = forms.ChoiceField(label=_("Doel"), choices=[
        (key, label) for key, label in PURPOSES.items() if key in CONTENT_PURPOSES])
    understood = forms.BooleanField(
        label=_("Ik begrijp dat dit wordt gemeld en beoordeeld"), required=True,
        error_messages={"required": _("Vink aan dat u begrijpt dat dit wordt gemeld en "
                                      "beoordeeld.")})


def _refuse(ctx, pk, rule, action):
    raise AccessRefused(ctx, EVENT, "household", pk, Decision(False, rule, refusal_reason(rule)),
                        action=action)


@require_http_methods(["GET", "POST"])
@login_required
def break_glass_start(request, pk):
    ctx = context_for_request(request)
    action = "E" if request.method == "POST" else "R"
    household = Household.objects.filter(pk=pk).first()
    if household is None:
        _refuse(ctx, pk, "not_found", action)
    if not may_start(ctx):
        _refuse(ctx, pk, "no_content_role", action)

    if already_has_access(ctx, household):
        # Already on the team (or otherwise related): the name is no secret here.
        return render(request, "web/break_glass_start.html", {
            "household": household, "has_access": True})
    decision = decide(ctx, READ, household)
    running = active_break_glass(request.user, household.pk) if decision.allowed else None

    initial_purpose = ctx.purpose if ctx.purpose in CONTENT_PURPOSES else "hulpverlening"
    form = BreakGlassForm(request.POST or None, initial={"purpose": initial_purpose})
    if request.method == "POST" and form.is_valid():
        try:
            start_break_glass(ctx, household, form.cleaned_data["reason"],
                              purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("web:household", pk=household.pk)
    elif request.method == "POST" and len(request.POST.get("reason", "").strip()) < \
            min_reason_length():
        # Show the reason error together with the checkbox error, all at once.
        form.add_error("reason", _("Beschrijf waarom u nu toegang nodig hebt (minstens "
                                   "%(n)d tekens).") % {"n": min_reason_length()})
    return render(request, "web/break_glass_start.html", {
        "form": form, "pk": household.pk, "running": running, "hours": default_hours(),
        "errors": error_summary(form) if request.method == "POST" else [],
        "min_length": min_reason_length(),
    })
