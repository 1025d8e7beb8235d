"""Pages of decision records and requests for a measure in the professional UI.

Who may: reading follows the access module (the decision's owner organisation, and what
the sharing agreements open of its decisions to the reader's organisation kind and
purpose; never emergency access or a case-table seat); anyone else gets the logged 404,
also on a POST. Writing the facts, the family's views, the request, client support,
sharing and sending is for the owner organisation's team; dissent for any team member
who reads the record; the review for the asked reviewer of another organisation. A bad
form is answered 400 with Dutch messages and nothing is saved; a step the reader may not
take says why in Dutch (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
from netwerkdossier.cases.models import Case, PhaseProposal
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, HouseholdMember
from netwerkdossier.measures.models import Measure
from netwerkdossier.web.errormap import apply_errors, error_summary

from . import objection, reading, requests, services
from .forms import (
    AskReviewForm,
    DissentForm,
    DraftForm,
    FactForm,
    ReviewForm,
    SendForm,
    SourceForm,
    SupportForm,
    ViewForm,
)
from .models import DecisionKind, DecisionRecord, Fact, MeasureRequest
from .request_rules import request_rules


def _members(household) -> list:
    return [m.person for m in HouseholdMember.objects.filter(household=household)
            .select_related("person").order_by("person__birth_date")]


def _sources(ctx, household) -> tuple[list, list]:
    entries = list(visible(ctx, READ, Entry.objects.filter(household=household,
                                                           is_current=True))
                   .order_by("-occurred_at")[:100])
    measures = list(visible(ctx, READ, Measure.objects.filter(household=household),
                            household_id=household.pk).select_related("person"))
    return entries, measures


def _fetch(ctx, pk, event, action=READ):
    return fetch(ctx, DecisionRecord.objects.select_related(
        "household", "person", "owner_organisation", "case", "taken_by"), pk,
        action=action, event_code=event)


def _request_of(ctx, decision):
    """The record's request: read under the same gate as the record (its roles)."""
    return visible(ctx, READ, MeasureRequest.objects.filter(decision=decision),
                   household_id=decision.household_id).first()


def _page_url(decision, req) -> str:
    return reverse("decisions:request", args=[req.pk]) if req else \
        reverse("decisions:record", args=[decision.pk])


def _render(request, ctx, decision, granted, bound=None, status=200):
    bound = bound or {}
    household = decision.household
    reading.load(ctx, decision, event="decision.read", decision_rule=granted)
    writer = services.may_write(ctx, decision)
    concept = decision.status == DecisionRecord.Status.CONCEPT
    req = decision.request_shown
    editable = concept and (req is None or req.status in requests.EDITABLE)
    members = _members(household)
    forms = {}
    if writer and editable:
        entries, measures = _sources(ctx, household)
        record(ctx, "decision.sources.read", [household], decision=granted,
               known_subjects=members)
        forms["fact"] = bound.get("feit") or FactForm(entries=entries, measures=measures)
        forms["source"] = bound.get("bron") or SourceForm(entries=entries, measures=measures)
    if writer and concept:
        forms["view"] = bound.get("visie") or ViewForm(facts=decision.fact_list,
                                                      members=members)
    if concept:
        forms["dissent"] = bound.get("afwijkend") or DissentForm()
    pending = review_refusal = None
    if req is not None:
        pending = requests.pending_review(req)
        review_refusal = requests.refusal_to_review(ctx, pending)
        if writer and req.status in requests.EDITABLE:
            forms["ask_review"] = bound.get("toets") or AskReviewForm(
                candidates=requests.reviewers(req, ctx.user))
        if pending is not None and not review_refusal:
            forms["review"] = bound.get("toetsantwoord") or ReviewForm()
        if writer and req.status != MeasureRequest.Status.VERZONDEN:
            forms["support"] = bound.get("ondersteuning") or SupportForm()
            if req.status == MeasureRequest.Status.GOEDGEKEURD:
                forms["send"] = bound.get("verzenden") or SendForm()
    owner_kind = decision.owner_organisation.kind
    return render(request, "decisions/record.html", {
        "nav": "", "record": decision, "household": household, "granted": granted,
        "req": req, "forms": forms, "writer": writer, "pending": pending,
        "review_refusal": review_refusal if pending is not None else "",
        "routes": objection.routes(decision, owner_kind),
        "rules": request_rules(), "share_error": bound.get("delen_error", []),
        "errors": error_summary(*[f for f in bound.values() if hasattr(f, "is_bound")]),
        "entry": requests._entry(req.measure_key) if req else None,
    }, status=status)


@require_GET
@login_required
def record_page(request, pk):
    ctx = context_for_request(request)
    decision, granted = _fetch(ctx, pk, "decision.read")
    return _render(request, ctx, decision, granted)


@require_GET
@login_required
def request_page(request, pk):
    ctx = context_for_request(request)
    req, _granted = fetch(ctx, MeasureRequest.objects.all(), pk, event_code="decision.read")
    decision, granted = _fetch(ctx, req.decision_id, "decision.read")
    return _render(request, ctx, decision, granted)


def _fact_of(ctx, decision, fact_id):
    from netwerkdossier.uuids import parse_uuid

    if parse_uuid(fact_id) is None:
        return None
    return visible(ctx, READ, Fact.objects.filter(decision=decision, pk=fact_id),
                   household_id=decision.household_id).first()


@require_POST
@login_required
def act(request, pk, step):
    """One step on a decision record (the form named `step`)."""
    ctx = context_for_request(request)
    decision, granted = _fetch(ctx, pk, f"decision.{step}")
    req = _request_of(ctx, decision)
    household, post = decision.household, request.POST
    forms = {
        "feit": lambda: FactForm(post, entries=_sources(ctx, household)[0],
                                 measures=_sources(ctx, household)[1]),
        "bron": lambda: SourceForm(post, entries=_sources(ctx, household)[0],
                                   measures=_sources(ctx, household)[1]),
        "visie": lambda: ViewForm(post, facts=list(visible(
            ctx, READ, Fact.objects.filter(decision=decision), household_id=household.pk)),
                                  members=_members(household)),
        "afwijkend": lambda: DissentForm(post),
        "toets": lambda: AskReviewForm(post, candidates=requests.reviewers(req, ctx.user)),
        "toetsantwoord": lambda: ReviewForm(post),
        "ondersteuning": lambda: SupportForm(post),
        "verzenden": lambda: SendForm(post),
        "delen": lambda: None,
    }
    if step not in forms or (req is None and step in ("toets", "toetsantwoord",
                                                      "ondersteuning", "verzenden", "delen")):
        raise AccessRefused(ctx, f"decision.{step}", "decision_record", pk,
                            Decision(False, "not_found", ""), action="U")
    form = forms[step]()
    if form is not None and not form.is_valid():
        return _render(request, ctx, decision, granted, {step: form}, status=400)
    d = form.cleaned_data if form is not None else {}
    try:
        done = _step(ctx, decision, req, step, d)
    except PermissionDenied as exc:
        if step in ("toetsantwoord", "afwijkend"):
            form.add_error(None, str(exc))
            return _render(request, ctx, decision, granted, {step: form}, status=403)
        raise AccessRefused(ctx, f"decision.{step}", "decision_record", pk,
                            Decision(False, "not_owner", ""), action="U") from None
    except ValidationError as exc:
        if form is None:
            return _render(request, ctx, decision, granted,
                           {"delen_error": exc.messages}, status=400)
        apply_errors(form, exc)
        return _render(request, ctx, decision, granted, {step: form}, status=400)
    messages.success(request, done)
    return redirect(_page_url(decision, req))


def _step(ctx, decision, req, step, d) -> str:
    if step == "feit":
        services.add_fact(ctx, decision, services.FactIn(
            text=d.get("text"), basis=d.get("basis") or "", reported_by=d.get("reported_by"),
            source_entry_id=d.get("source_entry") or None,
            source_measure_id=d.get("source_measure") or None))
        return _("Het feit is vastgelegd.")
    if step == "bron":
        fact = _fact_of(ctx, decision, d.get("fact"))
        if fact is None:
            raise ValidationError({"__all__": [_("Kies het feit zonder bron.")]})
        services.add_source(ctx, fact, source_entry_id=d.get("source_entry") or None,
                            source_measure_id=d.get("source_measure") or None)
        return _("De bron is vastgelegd.")
    if step == "visie":
        fact = _fact_of(ctx, decision, d.get("fact"))
        if fact is None:
            raise ValidationError({"fact": [_("Kies het feit.")]})
        services.record_view(ctx, decision, person_id=d.get("person") or None,
                             answer=d.get("answer") or "", words=d.get("words"), fact=fact)
        return _("De visie van het gezinslid is vastgelegd.")
    if step == "afwijkend":
        services.record_dissent(ctx, decision, d.get("reasons"))
        return _("Uw afwijkende mening is vastgelegd.")
    if step == "toets":
        requests.ask_review(ctx, req, d.get("reviewer"))
        return _("De toets is gevraagd.")
    if step == "toetsantwoord":
        review = requests.pending_review(req)
        if review is None:
            raise ValidationError({"__all__": [_("Er wacht geen toets.")]})
        requests.answer_review(ctx, review, outcome=d.get("outcome") or "",
                               reasons=d.get("reasons"))
        return _("Uw toets is vastgelegd.")
    if step == "ondersteuning":
        requests.record_support(ctx, req, offered_on=d.get("offered_on"), by=d.get("by"),
                                answer=d.get("answer") or "")
        return _("Het aanbod van cliëntondersteuning is vastgelegd.")
    if step == "delen":
        requests.share_with_family(ctx, req)
        return _("Het gezin kan het concept nu lezen in het gezinsportaal.")
    requests.send(ctx, req, reference=d.get("reference"))
    return _("Het verzoek is verzonden en als aangevraagde maatregel vastgelegd.")


@require_http_methods(["GET", "POST"])
@login_required
def draft(request, pk):
    ctx = context_for_request(request)
    event = "measure_request.draft"
    household, granted = fetch(ctx, Household.objects.all(), pk, action=UPDATE,
                               event_code=event)
    if not requests.may_draft(ctx, household):
        raise AccessRefused(ctx, event, "household", pk, Decision(False, "not_owner", ""),
                            action="U")
    members = _members(household)
    form = DraftForm(request.POST or None, members=members,
                     entries=requests.requestable(ctx))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = requests.draft(ctx, household, person_id=d.get("person") or None,
                                  measure_key=d.get("measure_key") or "",
                                  court=d.get("court"), grounds=d.get("grounds"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Het concept is gemaakt. Leg nu de feiten vast, elk "
                                        "met de bron."))
            return redirect(reverse("decisions:request", args=[made.pk]))
    record(ctx, "measure_request.draft.read", [household], decision=granted,
           known_subjects=members)
    return render(request, "decisions/draft.html", {
        "nav": "", "household": household, "form": form, "errors": error_summary(form)},
        status=400 if form.is_bound else 200)


@require_GET
@login_required
def household_list(request, pk):
    ctx = context_for_request(request)
    household, granted = fetch(ctx, Household.objects.all(), pk, event_code="decision.list")
    if not decide(ctx, READ, DecisionRecord(household=household)).allowed:
        raise AccessRefused(ctx, "decision.list", "household", pk,
                            Decision(False, "not_related", ""))
    records = reading.for_household(ctx, household)
    requests_by = {r.decision_id: r for r in visible(
        ctx, READ, MeasureRequest.objects.filter(decision__in=records),
        household_id=household.pk)}
    for r in records:
        r.req = requests_by.get(r.pk)
    record(ctx, "decision.list", records)
    record(ctx, "decision.list", list(requests_by.values()))
    probe = DecisionRecord(household=household, kind=DecisionKind.PLAATSING,
                           owner_organisation_id=ctx.organisation_id)
    children = [p for p in _members(household) if p.age() < 18] \
        if services.may_write(ctx, probe) else []
    if children:
        record(ctx, "decision.list", [household], decision=granted,
               known_subjects=children)
    return render(request, "decisions/list.html", {
        "nav": "", "household": household, "records": records,
        "may_draft": requests.may_draft(ctx, household), "children": children})


@require_POST
@login_required
def for_proposal(request, pk):
    """Open (or make) the decision record of the case's open four-eyes phase decision."""
    ctx = context_for_request(request)
    event = "decision.proposal"
    case, _granted = fetch(ctx, Case.objects.select_related("household"), pk, action=UPDATE,
                           event_code=event)
    proposal = visible(ctx, READ, PhaseProposal.objects.filter(
        case=case, status=PhaseProposal.Status.OPEN), household_id=case.household_id).first()
    if proposal is None:
        raise AccessRefused(ctx, event, "case", pk, Decision(False, "not_found", ""),
                            action="U")
    existing = DecisionRecord.objects.filter(phase_proposal=proposal).first()
    if existing is None:
        from netwerkdossier.cases import lifecycle

        try:
            existing = services.start(
                ctx, case.household, case=case, phase_proposal=proposal,
                kind=DecisionKind.AFSLUITING if proposal.to_phase == "afgesloten"
                else DecisionKind.FASE,
                question=_("Fasebesluit: van %(from)s naar %(to)s") % {
                    "from": lifecycle.phase_label(proposal.from_phase),
                    "to": lifecycle.phase_label(proposal.to_phase)})
        except PermissionDenied:
            raise AccessRefused(ctx, event, "case", pk, Decision(False, "not_owner", ""),
                                action="U") from None
    return redirect(reverse("decisions:record", args=[existing.pk]))


@require_POST
@login_required
def for_case(request, pk):
    """Open (or make) the decision record of the route, a phase decision or the closure,
    from the case page where that decision is taken (decision 0051)."""
    ctx = context_for_request(request)
    event = "decision.for_case"
    case, _granted = fetch(ctx, Case.objects.select_related("household"), pk, action=UPDATE,
                           event_code=event)
    kind = request.POST.get("kind") or ""
    to_phase = request.POST.get("to_phase") or ""
    if kind == DecisionKind.FASE:
        kind = services.phase_kind(to_phase)
    if kind not in services.CASE_KINDS:
        messages.error(request, _("Kies over welk besluit het verslag gaat."))
        return redirect(reverse("safety:case", args=[case.pk]))
    from netwerkdossier.cases import lifecycle

    # Only who may take the decision prepares its record (the roles of rules/phases.toml).
    rule = lifecycle.transition_rule(case.phase, to_phase) \
        if kind != DecisionKind.ROUTE else None
    allowed = lifecycle.config()["decisions"]["route_roles"] if kind == DecisionKind.ROUTE \
        else (rule or {}).get("roles", ())
    if not lifecycle.team_roles(ctx.user, case) & set(allowed):
        raise AccessRefused(ctx, event, "case", pk, Decision(False, "not_owner", ""),
                            action="U")
    existing = services.concept_for(ctx, kind=kind, case=case, to_phase=to_phase)
    if existing is None:
        question = (_("Routebepaling: welke route krijgt het traject?")
                    if kind == DecisionKind.ROUTE else
                    _("Fasebesluit: van %(from)s naar %(to)s") % {
                        "from": lifecycle.phase_label(case.phase),
                        "to": lifecycle.phase_label(to_phase)})
        try:
            existing = services.start(ctx, case.household, case=case, kind=kind,
                                      to_phase=to_phase, question=question)
        except PermissionDenied:
            raise AccessRefused(ctx, event, "case", pk, Decision(False, "not_owner", ""),
                                action="U") from None
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return redirect(reverse("safety:case", args=[case.pk]))
    return redirect(reverse("decisions:record", args=[existing.pk]))


@require_POST
@login_required
def for_placement(request, pk):
    """Open (or make) the decision record of a placement of one child of the household
    (decision 0051): registering the placement as granted takes it."""
    ctx = context_for_request(request)
    event = "decision.for_placement"
    household, _granted = fetch(ctx, Household.objects.all(), pk, action=UPDATE,
                                event_code=event)
    person = services.member_of(household, request.POST.get("person"))
    if person is None:
        messages.error(request, _("Kies over welk kind het plaatsingsbesluit gaat."))
        return redirect(reverse("decisions:household", args=[household.pk]))
    existing = services.concept_for(ctx, kind=DecisionKind.PLAATSING,
                                    household_id=household.pk, person_id=person.pk)
    if existing is None:
        try:
            existing = services.start(
                ctx, household, kind=DecisionKind.PLAATSING, person_id=person.pk,
                question=_("Uithuisplaatsing van %(name)s") % {"name": person.full_name})
        except PermissionDenied:
            raise AccessRefused(ctx, event, "household", pk,
                                Decision(False, "not_owner", ""), action="U") from None
    return redirect(reverse("decisions:record", args=[existing.pk]))
