"""Feedback to the reporter (terugkoppeling aan de melder): compose it on the case, print
it as a letter, and the reporter's own page.

Composing needs a team-type relation (fetch with UPDATE) and the right to know the
reporter (access/reporter.py): everyone else gets the logged 404, also insiders of
another organisation. The feedback itself is read through the access module
(access/reporter_feedback.py): its addressee, or the organisation that received the
report.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    context_for_request,
    fetch,
    record,
    together,
)
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.cases import reporter_feedback as feedback_service
from netwerkdossier.cases.models import ReporterFeedback
from netwerkdossier.web.errormap import apply_errors, error_summary

from .views import fetch_case

YES_NO = [("ja", _lazy("Ja")), ("nee", _lazy("Nee"))]


class FeedbackForm(forms.Form):
    follow_up_started = forms.ChoiceField(
        label=_lazy("Is er een vervolg ingezet?"), widget=forms.RadioSelect, choices=YES_NO,
        error_messages={"required": _lazy("Geef aan of er een vervolg is ingezet.")})
    follow_up_by = forms.MultipleChoiceField(
        label=_lazy("Wie voert het vervolg uit?"), widget=forms.CheckboxSelectMultiple,
        required=False)
    reporter_has_role = forms.ChoiceField(
        label=_lazy("Heeft de melder een rol in de veiligheidsvoorwaarden?"),
        widget=forms.RadioSelect, choices=YES_NO,
        error_messages={"required": _lazy("Geef aan of de melder een rol heeft in de "
                                          "veiligheidsvoorwaarden.")})
    conditions = forms.MultipleChoiceField(
        label=_lazy("Veiligheidsvoorwaarden waarin de melder een rol heeft"),
        widget=forms.CheckboxSelectMultiple, required=False)
    channel = forms.ChoiceField(
        label=_lazy("Hoe krijgt de melder de terugkoppeling?"), widget=forms.RadioSelect,
        error_messages={"required": _lazy("Kies hoe de melder de terugkoppeling krijgt.")})

    def __init__(self, *args, organisations, conditions, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_by"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["conditions"].choices = [
            (str(a.pk), feedback_service.condition_text(a)) for a in conditions]
        self.fields["channel"].choices = [
            (f"app:{u.pk}", _("In Netwerkdossier, aan %(name)s (%(org)s)") % {
                "name": u.get_full_name(), "org": org}) for u, org in accounts] + [
            ("brief", _("Per brief (u print de brief en verstuurt die)"))]
        for name in ("follow_up_started", "reporter_has_role", "channel"):
            # An empty answer is refused by the service with the others (all at once).
            self.fields[name].required = False
            self.fields[name].error_messages["invalid_choice"] = \
                self.fields[name].error_messages["required"]

    def arguments(self) -> dict:
        c = self.cleaned_data
        channel, _sep, addressee = c["channel"].partition(":")
        answer = {"ja": True, "nee": False}
        return {"follow_up_started": answer.get(c["follow_up_started"]),
                "follow_up_by": c["follow_up_by"],
                "reporter_has_role": answer.get(c["reporter_has_role"]),
                "condition_ids": c["conditions"],
                "channel": ReporterFeedback.Channel.APP if channel == "app" else channel,
                "addressee_id": addressee or None}


def _not_here(ctx, pk):
    raise AccessRefused(ctx, "reporter_feedback.compose", "case", pk,
                        Decision(False, "not_related", refusal_reason("not_related")),
                        action="C")


@require_http_methods(["GET", "POST"])
@login_required
def compose(request, pk, moment):
    ctx = context_for_request(request)
    case, decision = fetch_case(ctx, pk, UPDATE, "reporter_feedback.compose")
    item = feedback_service.find_due(ctx, case, moment)
    if item is None:
        if not feedback_service.due(ctx, case) and not feedback_service.given(ctx, case):
            _not_here(ctx, pk)  # not the organisation that may know the reporter
        messages.info(request, _("Deze terugkoppeling is al gegeven of nog niet aan de orde."))
        return redirect("safety:case", pk=case.pk)
    organisations = feedback_service.organisations(case)
    conditions = feedback_service.conditions(ctx, case)
    accounts = feedback_service.accounts_for(item.reporter)
    form = FeedbackForm(request.POST if request.method == "POST" else None,
                        organisations=organisations,
                        conditions=conditions, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        try:
            given = feedback_service.give(ctx, case, moment, rule=decision.rule,
                                          **form.arguments())
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"condition_ids": "conditions"})
        else:
            if given.channel == ReporterFeedback.Channel.LETTER:
                messages.success(request, _("De terugkoppeling is vastgelegd. Print de brief "
                                            "en verstuur die aan de melder."))
                return redirect("safety:reporter_feedback_letter", pk=given.pk)
            messages.success(request, _("De terugkoppeling is vastgelegd; de melder krijgt "
                                        "een melding in Netwerkdossier."))
            return redirect("safety:case", pk=case.pk)
    with together(ctx):
        record(ctx, "case.read", [case], decision=decision)
        record(ctx, "entry.reporter.read", [item.reporter], decision=decision)
        record(ctx, "safety_plan.read", conditions)
    return render(request, "safety/feedback_compose.html", {
        "case": case, "household": case.household, "item": item, "form": form,
        "items": feedback_service.items(), "errors": error_summary(form),
        "moment_label": item.moment["label"],
    })


def _fetch_feedback(ctx, pk, event_code):
    return fetch(ctx, ReporterFeedback.objects.select_related(
        "report", "given_by", "given_by_organisation", "addressee"), pk,
        action=READ, event_code=event_code, log=True)


def _page(request, pk, event_code, template):
    ctx = context_for_request(request)
    feedback, decision = _fetch_feedback(ctx, pk, event_code)
    reporter = feedback_service.reporter_of(feedback)
    record(ctx, "entry.reporter.read", [reporter], decision=decision)
    return render(request, template, {
        "feedback": feedback, "reporter": reporter,
        "moment_label": feedback_service.moment_label(feedback.moment),
        "items": feedback_service.items(),
        "is_addressee": feedback.addressee_id == request.user.pk,
    })


@require_GET
@login_required
def feedback_page(request, pk):
    """The feedback as its reader sees it (the reporter in the application)."""
    return _page(request, pk, "reporter_feedback.read", "safety/feedback_page.html")


@require_GET
@login_required
def letter(request, pk):
    """The feedback as a letter to print (HTML with print styles)."""
    return _page(request, pk, "reporter_feedback.letter", "safety/feedback_letter.html")
