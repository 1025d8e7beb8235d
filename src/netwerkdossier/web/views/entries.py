"""Add an entry, show an entry with its version history, correct an entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import (
    ADD_ENTRY,
    CORRECT,
    READ,
    AccessRefused,
    context_for_request,
    fetch,
    may_see_reporter,
    record,
    together,
    visible,
)
from netwerkdossier.dossier.models import Attachment, Entry, ReporterIdentity
from netwerkdossier.dossier.services import CorrectedMeanwhile, add_entry, correct_entry
from netwerkdossier.households.models import HouseholdMember, Person

from ..errormap import apply_errors, error_summary
from ..forms import CorrectionForm, EntryForm
from .household import fetch_household


def _member_persons(household_id):
    return [m.person for m in HouseholdMember.objects.filter(household_id=household_id)
            .select_related("person").order_by("person__birth_date")]


@require_http_methods(["GET", "POST"])
@login_required
def entry_add(request, pk):
    ctx = context_for_request(request)
    household, decision = fetch_household(ctx, pk, action=ADD_ENTRY)
    members = _member_persons(household.pk)
    cases = list(household.cases.filter(closed_on__isnull=True).order_by("opened_on"))
    form = EntryForm(request.POST or None, request.FILES or None, members=members,
                     cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            entry = add_entry(
                ctx, household, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                occurred_at=form.occurred_at(), subjects=form.chosen_subjects(),
                confidentiality=form.cleaned_data["confidentiality"],
                legal_basis=form.cleaned_data["legal_basis"], case=form.chosen_case(),
                uploads=[form.cleaned_data["attachment"]] if form.cleaned_data.get(
                    "attachment") else [],
                reporter=form.reporter(), rule=decision.rule, **form.sensitivity(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("web:household", args=[household.pk])
                            + f"#aantekening-{entry.pk}")
    if request.method == "GET":
        # The form lists the members by name: a read of the household.
        record(ctx, "household.read", [household], decision=decision, subjects=members)
    return render(request, "web/entry_form.html", {
        "household": household, "form": form, "errors": error_summary(form),
    })


def _fetch_entry(ctx, pk, action=READ):
    return fetch(ctx, Entry.objects.select_related("household", "author", "owner_organisation",
                                                   "confidential_for_member"),
                 pk, action=action, event_code="entry.read")


def reporter_of(ctx, entry, decision):
    """(reporter or None, shielded): the melder only for those who may know it; the
    caller records a shown reporter with record_reporter()."""
    reporter = ReporterIdentity.objects.filter(entry_id=entry.pk).first()
    if reporter is None:
        return None, False
    if not may_see_reporter(ctx, entry, decision):
        return None, True
    return reporter, False


def record_reporter(ctx, reporter, decision) -> None:
    # The reporter identity row that was seen (the catalogue's "melder": no subjects);
    # the reporter's details never go into the log.
    record(ctx, "entry.reporter.read", [reporter], decision=decision)


@require_GET
@login_required
def entry_detail(request, pk):
    ctx = context_for_request(request)
    entry, decision = _fetch_entry(ctx, pk)
    versions = list(
        visible(ctx, READ, Entry.objects.filter(root_id=entry.root_id))
        .select_related("author", "owner_organisation")
        .prefetch_related(
            Prefetch("subjects", queryset=Person.objects.order_by("birth_date")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")))
        .order_by("-version")
    )
    current = next((v for v in versions if v.is_current), None)
    can_correct = current is not None and current.owner_organisation_id == ctx.organisation_id
    reporter, reporter_shielded = reporter_of(ctx, entry, decision)
    with together(ctx):
        record(ctx, "entry.read", versions, decision=decision)
        if reporter is not None:
            record_reporter(ctx, reporter, decision)
    # The family's own statements (art. 7.3.8 Jeugdwet) stand beside the entry; they are
    # part of the entry just read and logged.
    from netwerkdossier.portal.staff import open_requests_for, statements_for

    return render(request, "web/entry_detail.html", {
        "entry": entry, "household": entry.household, "versions": versions,
        "current": current, "decision": decision, "can_correct": can_correct,
        "reporter": reporter, "reporter_shielded": reporter_shielded,
        "own_statements": statements_for(entry),
        "open_correction_requests": open_requests_for(ctx, entry),
    })


def _newest_to_correct(ctx, stale_pk):
    """When `stale_pk` was corrected meanwhile: (newest version, decision) if this user
    may correct that one (else AccessRefused, logged), or None without a newest one."""
    root = visible(ctx, READ, Entry.objects.filter(pk=stale_pk)).values_list(
        "root_id", flat=True).first()
    newest = visible(ctx, READ, Entry.objects.filter(root_id=root, is_current=True)).values_list(
        "pk", flat=True).first()
    return None if newest is None else _fetch_entry(ctx, newest, action=CORRECT)


@require_http_methods(["GET", "POST"])
@login_required
def entry_correct(request, pk):
    """Correct an entry. The form posts to the version it was opened at (its id is in the
    address); when someone else saved a newer version first, the form comes back on the
    newest version with the typed text kept and both texts shown, never a 404."""
    ctx = context_for_request(request)
    conflict = False
    try:
        entry, decision = _fetch_entry(ctx, pk, action=CORRECT)
    except AccessRefused as refused:
        found = _newest_to_correct(ctx, pk) if refused.decision.rule == "superseded" else None
        if found is None:
            raise
        entry, decision = found
        if request.method == "GET":
            messages.info(request, _("Er is een nieuwere versie van deze aantekening. U "
                                     "corrigeert de nieuwste versie."))
            return redirect("web:entry_correct", pk=entry.pk)
        conflict = True
    members = _member_persons(entry.household_id)
    reporter, shielded = reporter_of(ctx, entry, decision)
    reporter_fields = {k: getattr(reporter, k) for k in
                       ("name", "contact", "relation", "is_professional")} if reporter else {}

    def correction_form():
        return CorrectionForm(request.POST or None, request.FILES or None, entry=entry,
                              members=members, reporter=reporter_fields)

    form = correction_form()
    if request.method == "POST" and not conflict and form.is_valid():
        try:
            new = correct_entry(
                ctx, entry, text=form.cleaned_data["text"], reason=form.cleaned_data["reason"],
                kind=form.cleaned_data["kind"], occurred_at=form.occurred_at(),
                subjects=form.chosen_subjects(),
                confidentiality=form.cleaned_data["confidentiality"],
                legal_basis=form.cleaned_data["legal_basis"],
                uploads=[form.cleaned_data["attachment"]] if form.cleaned_data.get(
                    "attachment") else [],
                # A reporter the corrector may not see is copied unchanged.
                **({} if shielded else {"reporter": form.reporter()}),
                rule=decision.rule, **form.sensitivity(),
            )
        except CorrectedMeanwhile as lost_race:
            found = _newest_to_correct(ctx, entry.pk)
            if found is None:
                apply_errors(form, lost_race)
            else:
                (entry, decision), conflict = found, True
                form = correction_form()
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("web:entry", pk=new.pk)
    if request.method == "GET" or conflict:
        # The text of the version being corrected is on the page (both texts on a
        # conflict): a read of it.
        with together(ctx):
            record(ctx, "entry.read", [entry], decision=decision)
            if reporter is not None:
                record_reporter(ctx, reporter, decision)
    return render(request, "web/entry_form.html", {
        "household": entry.household, "entry": entry, "form": form,
        "errors": error_summary(form) if not conflict else [], "correcting": True,
        "reporter_shielded": shielded,
        "conflict": {"yours": request.POST.get("text", ""),
                     "file_dropped": bool(request.FILES)} if conflict else None,
    })
