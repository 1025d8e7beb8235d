"""Pages of legal measures: register a measure in a household, read one with its
history, record its next status (decision 0044).

Who may: reading follows the access module (the household's team-type relations under
the sharing agreements, emergency access without criminal or health data); writing needs
a team-type relation and the write gate of the measure kind (the laws one's organisation
kind records, rules/measure_recorders.toml). Anyone else gets the logged 404, also on a
GET. A bad form is answered 400 with Dutch messages; nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    context_for_request,
    decide,
    fetch,
    record,
    together,
    visible,
)
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.households.models import Household, HouseholdMember
from netwerkdossier.organisations.models import Organisation
from netwerkdossier.web.errormap import apply_errors, error_summary

from . import coherence, services
from .forms import RegisterForm, StatusForm
from .models import TRANSITIONS, Measure, Status
from .reading import logged_objects, may_register, readable


def _documents(ctx, household):
    return list(visible(ctx, READ, Entry.objects.filter(
        household=household, is_current=True, kind=EntryKind.DOCUMENT))
        .order_by("-occurred_at")[:50])


def _page(request, template, context, status=200):
    return render(request, template, {"nav": "", **context}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def register(request, pk):
    ctx = context_for_request(request)
    event = "measure.register"
    household, decision = fetch(ctx, Household.objects.all(), pk, action=UPDATE,
                                event_code=event)
    if not may_register(ctx, household):
        raise AccessRefused(ctx, event, "household", pk, Decision(False, "not_owner", ""),
                            action="U")
    members = [m.person for m in HouseholdMember.objects.filter(household=household)
               .select_related("person").order_by("person__birth_date")]
    documents = _documents(ctx, household)
    form = RegisterForm(request.POST or None, members=members, documents=documents,
                        entries=services.recordable_entries(ctx),
                        organisations=Organisation.objects.filter(
                            region_id=household.region_id).order_by("name"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            measure = services.register(
                ctx, household, person_id=d.get("person") or None,
                measure_key=d.get("measure_key") or "",
                authority_kind=d.get("authority_kind") or "",
                authority_name=d.get("authority_name") or "",
                case_number=d.get("case_number") or "", requester=d.get("requester") or "",
                requested_on=d.get("requested_on"),
                carried_out_by_id=d.get("carried_out_by") or None,
                first=form.status_in(), conditions=form.conditions())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De maatregel is vastgelegd."))
            return redirect(reverse("measures:detail", args=[measure.pk]))
    # The page shows the household's name and its members to choose from.
    record(ctx, "measure.register.read", [household], decision=decision,
           known_subjects=members)
    return _page(request, "measures/register.html", {
        "household": household, "form": form, "errors": error_summary(form)},
        status=400 if form.is_bound else 200)


def _fetch(ctx, pk, action, event):
    return fetch(ctx, Measure.objects.select_related("household", "person"), pk,
                 action=action, event_code=event)


@require_GET
@login_required
def detail(request, pk):
    ctx = context_for_request(request)
    measure, decision = _fetch(ctx, pk, READ, "measure.read")
    shown = readable(ctx, measure.household, pk=measure.pk)[0]
    with together(ctx):
        for objects in logged_objects([shown]):
            record(ctx, "measure.read", objects, decision=decision)
    return _page(request, "measures/detail.html", {
        "measure": shown, "household": measure.household, "decision": decision,
        "can_change": bool(TRANSITIONS[Status(shown.status)])
        and decide(ctx, UPDATE, measure).allowed})


@require_http_methods(["GET", "POST"])
@login_required
def status_change(request, pk):
    ctx = context_for_request(request)
    measure, decision = _fetch(ctx, pk, UPDATE, "measure.status")
    allowed = TRANSITIONS[Status(measure.status)]
    if not allowed:
        raise AccessRefused(ctx, "measure.status", "measure", pk,
                            Decision(False, "not_found", ""), action="U")
    form = StatusForm(request.POST or None, statuses=allowed,
                      documents=_documents(ctx, measure.household),
                      initial={"version": measure.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(ctx, measure, form.status_in(),
                                   expected_version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De nieuwe status is vastgelegd."))
            return redirect(reverse("measures:detail", args=[measure.pk]))
    shown = readable(ctx, measure.household, pk=measure.pk)[0]
    record(ctx, "measure.status.read", [shown], decision=decision)
    entry = shown.entry
    longest = entry.extended_until(shown.starts_on, shown.ends_on, shown.extensions) \
        if shown.is_in_force else None
    return _page(request, "measures/status.html", {
        "measure": shown, "household": measure.household, "form": form,
        "errors": error_summary(form), "longest_extension": longest,
        "no_extension": services.no_extension_reason(shown, entry)
        if shown.is_in_force and longest is None else ""},
        status=400 if form.is_bound else 200)


def household_section(ctx, household, decision) -> dict:
    """The household page's "Maatregelen" section: every member's measures the reader
    may read, and whether they may register one; the rows shown are logged under the
    relation that opened the page (emergency access is flagged as such)."""
    measures = readable(ctx, household)
    for objects in logged_objects(measures):
        record(ctx, "household.measures.read", objects, decision=decision)
    return {"measures": measures, "can_register_measure": may_register(ctx, household),
            # Between the measures just read (and logged): no further read.
            "measure_conflicts": coherence.for_household(ctx, household, measures),
            "measures_unconfirmed": any(not m.entry.confirmed for m in measures)}
