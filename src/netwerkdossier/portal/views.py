"""Pages of the family portal. Every read goes through the access module (family_scope,
visible, fetch) and leaves an access-log record in the request's transaction."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netwerkdossier import rules
from netwerkdossier.access.address_shield import address_for
from netwerkdossier.access.api import READ, fetch, record, visible
from netwerkdossier.access.family_rules import words_q
from netwerkdossier.accounts.models import Notification
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.households.models import Person

from . import (
    address,
    export,
    looked,
    looked_filters,
    looked_groups,
    plan_words,
    sections,
    services,
)
from .auth import family_required, portal_context
from .family import family_scope, open_cases, visible_entries
from .forms import CorrectionRequestForm, QuestionnaireForm, StatementForm
from .models import CorrectionRequest, OwnStatement


def _errors(form) -> list[dict]:
    from netwerkdossier.web.errormap import error_summary

    return error_summary(form)


def _apply(form, exc: ValidationError) -> None:
    from netwerkdossier.web.errormap import apply_errors

    apply_errors(form, address.address_errors(getattr(form, "je", False), exc))


def _je(request) -> bool:
    """Is the signed-in member addressed as "je" (portal/address.py)?"""
    return address.informal(family_scope_person(request))


def family_scope_person(request):
    from .auth import portal_user

    user = portal_user(request)
    return user.person if user is not None else None


def _addressed(request, form):
    return address.address_form(form, _je(request))


def _page(request, template, scope, context, status=200):
    unread = Notification.objects.filter(recipient=scope.ctx.user, read_at__isnull=True).count()
    return render(request, template, {"scope": scope, "person": scope.person,
                                      "household": scope.household, "unread": unread,
                                      "crisis_lines": rules.crisis_lines(),
                                      "je": address.informal(scope.person),
                                      **context}, status=status)


def _no_household(request, scope):
    return _page(request, "portal/no_household.html", scope, {"nav": "home"})


@require_GET
@family_required
def home(request):
    scope = family_scope(request)
    if scope.household is None:
        return _no_household(request, scope)
    cases = open_cases(scope.household)
    plan = sections.safety_plan(scope.ctx, scope.household, scope.decision,
                                scope.represented)
    measures = sections.measures(scope.ctx, scope.household, scope.represented,
                                 address.informal(scope.person), scope.decision)
    words = plan_words.family_words(scope) if plan else None
    notifications = list(Notification.objects.filter(recipient=scope.ctx.user,
                                                     read_at__isnull=True)
                         .order_by("-created_at")[:5])
    # The household's data is about everyone in it (the catalogue); the page is also
    # about the persons the member acts for, whichever household they live in.
    record(scope.ctx, "portal.household.read", [scope.household], decision=scope.decision,
           subjects=scope.represented)
    return _page(request, "portal/home.html", scope, {
        "cases": cases, "plan": plan, "words": words,
        "contacts": _contacts(cases),
        "address": export.address_line(address_for(scope.ctx, scope.household)),
        "measures": measures, "notifications": notifications, "nav": "home"})


def _contacts(cases) -> list:
    """The people who are the family's fixed contact (casusregisseur, vast gezicht), one
    card each, for the first screen beside the crisis numbers."""
    from netwerkdossier.cases.models import TeamAssignment

    lead = {TeamAssignment.Role.CASUSREGISSEUR, TeamAssignment.Role.VAST_GEZICHT}
    seen, cards = set(), []
    for case in cases:
        for member in case.active_team:
            if member.role in lead and member.user_id not in seen:
                seen.add(member.user_id)
                cards.append({"user": member.user, "organisation": member.organisation})
    return cards


@require_GET
@family_required
def child_plan(request):
    """The plan for children (words and pictures): youth 12-17 read it here, parents with
    gezag print it for their younger children (access/family_rules.plan_reading)."""
    from netwerkdossier.access.api import AccessRefused, Decision

    scope = family_scope(request)
    if scope.household is None:
        return _no_household(request, scope)
    child, pictures, reading = plan_words.child_sheet(scope)
    if not reading["child_version"]:
        raise AccessRefused(scope.ctx, "portal.child_version.read", "child_version",
                            scope.household.pk, Decision(False, "family_plan_reading", ""))
    names = [p.given_names for p in reading["print_for"]]
    return _page(request, "portal/child_plan.html", scope, {
        "child": child, "pictograms": pictures, "print_for": reading["print_for"],
        "for_name": _(" en ").join(names) if names else "", "nav": "home"})


@require_GET
@family_required
def entry_list(request):
    scope = family_scope(request)
    if scope.household is None:
        return _no_household(request, scope)
    entries = list(visible_entries(scope))
    about = request.GET.get("over", "")
    if about:
        entries = [e for e in entries if any(str(p.pk) == about for p in e.subjects.all())]
    record(scope.ctx, "portal.entry.list", entries, decision=scope.decision)
    return _page(request, "portal/entries.html", scope, {
        "entries": entries, "about": about, "nav": "entries"})


def _fetch_entry(request, pk):
    ctx = portal_context(request)
    return fetch(ctx, Entry.objects.select_related("owner_organisation", "household"), pk,
                 action=READ, event_code="portal.entry.read")


def _entry_page(request, entry, decision, statement_form=None, request_form=None,
                status=200):
    scope = family_scope(request)
    ctx = scope.ctx
    versions = list(visible(ctx, READ, Entry.objects.filter(root_id=entry.root_id))
                    .select_related("owner_organisation")
                    .prefetch_related(Prefetch("subjects", queryset=Person.objects.order_by(
                        "birth_date")))
                    .order_by("-version"))
    # Another member's own words only by the family rule (self; own child under 16).
    statements = list(OwnStatement.objects.filter(words_q(ctx.person_id),
                                                  entry__root_id=entry.root_id)
                      .select_related("person").order_by("created_at"))
    requests_ = list(CorrectionRequest.objects.filter(words_q(ctx.person_id),
                                                      entry__root_id=entry.root_id)
                     .select_related("person").order_by("-received_at"))
    if request.method == "GET":
        record(ctx, "portal.entry.read", versions, decision=decision)
    statement_form = statement_form or _addressed(request, StatementForm())
    request_form = request_form or _addressed(request, CorrectionRequestForm())
    errors = _errors(statement_form) + _errors(request_form)
    return _page(request, "portal/entry.html", scope, {
        "entry": entry, "versions": versions, "current": next(
            (v for v in versions if v.is_current), None),
        "statements": statements, "requests": requests_, "statement_form": statement_form,
        "request_form": request_form, "errors": errors, "decision": decision,
        "max_statement": OwnStatement.MAX_LENGTH, "nav": "entries"}, status=status)


@require_GET
@family_required
def entry_detail(request, pk):
    entry, decision = _fetch_entry(request, pk)
    return _entry_page(request, entry, decision)


@require_POST
@family_required
def statement_add(request, pk):
    entry, decision = _fetch_entry(request, pk)  # access before any validation
    form = _addressed(request, StatementForm(request.POST))
    if form.is_valid():
        try:
            services.add_statement(portal_context(request), entry, form.cleaned_data["text"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, address.say(
                _je(request), _("Uw verklaring is bewaard. Het team ziet die nu naast de "
                                "aantekening."),
                _("Je verklaring is bewaard. Het team ziet die nu naast de aantekening.")))
            return redirect("portal:entry", pk=entry.pk)
    return _entry_page(request, entry, decision, statement_form=form, status=400)


@require_POST
@family_required
def request_add(request, pk):
    entry, decision = _fetch_entry(request, pk)
    form = _addressed(request, CorrectionRequestForm(request.POST))
    if form.is_valid():
        try:
            services.request_correction(portal_context(request), entry,
                                        form.cleaned_data["kind"], form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, address.say(
                _je(request), _("Uw verzoek is verstuurd. U krijgt binnen een maand antwoord. "
                                "Kijk bij 'Mijn verzoeken'."),
                _("Je verzoek is verstuurd. Je krijgt binnen een maand antwoord. Kijk bij "
                  "'Mijn verzoeken'.")))
            return redirect("portal:requests")
    return _entry_page(request, entry, decision, request_form=form, status=400)


@require_GET
@family_required
def decisions(request):
    scope = family_scope(request)
    if scope.household is None:
        return _no_household(request, scope)
    entries = list(visible_entries(scope, kind=EntryKind.DECISION))
    routes = rules.load("objection_routes")["route"]
    for entry in entries:
        kind = entry.owner_organisation.kind
        entry.routes = [r for r in routes if "*" in r["applies_to"] or kind in r["applies_to"]]
    measures = sections.measures(scope.ctx, scope.household, scope.represented,
                                 address.informal(scope.person), scope.decision)
    record(scope.ctx, "portal.decision.list", entries, decision=scope.decision)
    return _page(request, "portal/decisions.html", scope, {
        "entries": entries, "general_routes": [r for r in routes if "*" in r["applies_to"]],
        "measures": measures, "nav": "decisions"})


@require_GET
@family_required
def my_requests(request):
    scope = family_scope(request)
    ctx = scope.ctx
    found = list(CorrectionRequest.objects.filter(requested_by=ctx.user)
                 .select_related("entry", "new_version", "owner_organisation")
                 .order_by("-received_at"))
    # Only entries the member may (still) read are named; the request itself is theirs.
    readable = set(visible(ctx, READ, Entry.objects.filter(
        pk__in=[r.entry_id for r in found] + [r.new_version_id for r in found
                                              if r.new_version_id]))
        .values_list("pk", flat=True))
    for r in found:
        r.entry_readable = r.entry_id in readable
        r.new_readable = r.new_version_id in readable
    Notification.objects.filter(recipient=ctx.user, read_at__isnull=True,
                                kind="portal.correction_request").update(
        read_at=timezone.now())
    # The page shows the member's own requests; of the entries only a link.
    record(ctx, "portal.correction_request.list", found, rule=scope.rule)
    return _page(request, "portal/requests.html", scope, {"requests": found,
                                                          "nav": "requests"})


@require_GET
@family_required
def who_looked(request):
    """The family's access log by day and organisation, a page at a time (looked_groups)."""
    scope = family_scope(request)
    everything = looked.records_about(scope.ctx, scope.represented_ids)
    choices = looked_filters.organisation_choices(everything)
    filters = looked_filters.parse(request.GET, choices)
    records = looked_groups.filtered(everything, filters)
    page, groups, shown = looked_groups.page_of(records, looked_filters.page_number(request.GET))
    days = looked_groups.fill(groups, shown)
    # Reading one's own access log is itself logged: every record of the page's groups.
    record(scope.ctx, "portal.access_log.read", shown, rule=scope.rule,
           subjects=scope.represented)
    return _page(request, "portal/who_looked.html", scope, {
        "days": days, "page": page, "filters": filters, "choices": choices,
        "newer_url": filters.query(page.number - 1) if page.has_previous() else "",
        "older_url": filters.query(page.number + 1) if page.has_next() else "",
        "reset_url": filters.query(), "nav": "looked"})


@require_http_methods(["GET", "POST"])
@family_required
def questionnaire(request):
    scope = family_scope(request)
    if scope.household is None:
        return _no_household(request, scope)
    form = _addressed(request, QuestionnaireForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_questionnaire(scope.ctx, scope.household, form.cleaned_data)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, address.say(
                _je(request), _("Bedankt voor uw antwoorden. Ze worden zonder uw naam "
                                "bewaard."),
                _("Bedankt voor je antwoorden. Ze worden zonder je naam bewaard.")))
            return redirect("portal:home")
    return _page(request, "portal/questionnaire.html", scope, {
        "form": form, "errors": _errors(form), "nav": "questionnaire"},
        status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@family_required
def analysis(request):
    """The integral analysis as this member may see it; co-sign or dispute it."""
    from netwerkdossier.analysis.services import respond

    from .analysis_view import family_analysis
    from .forms import AnalysisResponseForm

    scope = family_scope(request)
    if scope.household is None:
        return _no_household(request, scope)
    view = family_analysis(scope)
    form = _addressed(request, AnalysisResponseForm(request.POST or None))
    if request.method == "POST" and view is not None and form.is_valid():
        try:
            respond(scope.ctx, view.version, scope.person, form.cleaned_data["agrees"],
                    form.cleaned_data["text"], rule=scope.decision.rule)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, address.say(
                _je(request), _("Uw reactie is bewaard. Het team ziet hem bij de analyse."),
                _("Je reactie is bewaard. Het team ziet hem bij de analyse.")))
            return redirect("portal:analysis")
    if view is not None:
        record(scope.ctx, "portal.analysis.read", [view.version], decision=scope.decision,
               subjects=scope.represented)
    return _page(request, "portal/analysis.html", scope, {
        "view": view, "form": form, "errors": _errors(form), "nav": "analysis"},
        status=400 if form.is_bound and form.errors else 200)
