"""Web pages of the case lifecycle: a new report, the case page with triage, route,
phase decisions and follow-up checks.

Every page decides access first (fetch: an outsider gets the logged 404), then the team
role for a decision (lifecycle.require_role: a clear Dutch refusal, status 403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    context_for_request,
    fetch,
    record,
    together,
    visible,
)
from netwerkdossier.cases import lifecycle, proposals, reporter_feedback
from netwerkdossier.cases.models import (
    Case,
    FollowUpCheck,
    Phase,
    PhaseProposal,
    PhaseTransition,
    TeamAssignment,
)
from netwerkdossier.web.errormap import apply_errors, error_summary
from netwerkdossier.web.views.household import fetch_household

from .forms import (
    FollowUpForm,
    ProposalAnswerForm,
    ReportForm,
    RouteForm,
    TransitionForm,
    TriageForm,
)


def fetch_case(ctx, pk, action=READ, event_code="case.read"):
    try:
        return fetch(ctx, Case.objects.select_related("household", "lead_organisation"), pk,
                     action=action, event_code=event_code, object_type="case")
    except AccessRefused as exc:
        exc.action = "U" if action != READ else "R"
        raise


@require_http_methods(["GET", "POST"])
@login_required
def report_new(request, pk):
    """A report or request for help on a household opens a case (phase 'melding')."""
    ctx = context_for_request(request)
    try:
        household, decision = fetch_household(ctx, pk, action=UPDATE)
    except AccessRefused as exc:
        exc.action = "C" if request.method == "POST" else "R"
        raise
    members = lifecycle.current_members(household.pk)
    form = ReportForm(request.POST or None, members=members,
                      initial={"reported_on": timezone.localdate(), "kind": "melding",
                               "urgency": "normaal"})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            case = lifecycle.record_report(
                ctx, household, kind=c["kind"], title=c["title"], concerns=c["concerns"],
                urgency=c["urgency"], reported_on=c["reported_on"],
                subjects=form.subject_persons(), reporter=form.reporter(),
                rule=decision.rule)
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"reporter": "reporter_name"})
        else:
            messages.success(request, _("Het traject is gestart. De veiligheidsbeoordeling "
                                        "moet uiterlijk %(d)s klaar zijn.") % {
                "d": case.triage_due.strftime("%d-%m-%Y")})
            return redirect("safety:case", pk=case.pk)
    record(ctx, "household.read", [household], decision=decision)
    return render(request, "safety/report_form.html", {
        "household": household, "form": form, "errors": error_summary(form)})


reads_decisions = lifecycle.decisions_readable  # the triage outcome and route


def _case_context(ctx, case, decision, bound=None):
    today = timezone.localdate()
    options = lifecycle.options(case, today, ctx) if case.closed_on is None else []
    bound = bound or {}
    transitions = list(visible(ctx, READ, PhaseTransition.objects.filter(case=case),
                               household_id=case.household_id)
                       .select_related("case", "decided_by").order_by("decided_at"))
    follow_ups = list(visible(ctx, READ, FollowUpCheck.objects.filter(case=case),
                              household_id=case.household_id)
                      .select_related("case", "done_by"))
    with together(ctx):
        record(ctx, "case.read", [case], decision=decision)
        record(ctx, "case.read", transitions)  # filtered by visible()
        record(ctx, "case.read", follow_ups)
    # Who confirmed a four-eyes decision: the proposals behind the transitions shown.
    confirmed = list(visible(ctx, READ, PhaseProposal.objects.filter(
        transition__in=transitions), household_id=case.household_id)
        .select_related("answered_by", "case"))
    record(ctx, "case.read", confirmed)
    by_transition = {p.transition_id: p.answered_by for p in confirmed}
    for t in transitions:
        t.confirmed_by = by_transition.get(t.pk)
        t.from_label = lifecycle.phase_label(t.from_phase) if t.from_phase else ""
        t.to_label = lifecycle.phase_label(t.to_phase)
        t.role_label = (TeamAssignment.Role(t.decided_role).label
                        if t.decided_role in TeamAssignment.Role.values else t.decided_role)
    forms = {
        "transition_form": bound.get("transition") or (
            TransitionForm(options=options) if options else None),
        "triage_form": bound.get("triage") or (
            TriageForm() if case.phase == Phase.VEILIGHEIDSBEOORDELING
            and not case.triage_outcome else None),
        "route_form": bound.get("route") or (
            RouteForm() if case.phase == Phase.ROUTEBEPALING and not case.route else None),
        "follow_up_form": bound.get("follow_up") or FollowUpForm(),
    }
    proposal = visible(ctx, READ, PhaseProposal.objects.filter(
        case=case, status=PhaseProposal.Status.OPEN), household_id=case.household_id) \
        .select_related("proposed_by", "proposed_organisation", "case").first()
    if proposal is not None:
        record(ctx, "case.read", [proposal])
        proposal.from_label = lifecycle.phase_label(proposal.from_phase)
        proposal.to_label = lifecycle.phase_label(proposal.to_phase)
        # Its decision record (facts with sources, the family's view, dissent), if any,
        # with everything that still keeps it from being confirmed (the same check as
        # the confirmation: for a closure also the family's view per fact).
        from netwerkdossier.decisions.models import DecisionRecord

        proposal.decision_record = visible(ctx, READ, DecisionRecord.objects.filter(
            phase_proposal=proposal), household_id=case.household_id).first()
        if proposal.decision_record is not None:
            from netwerkdossier.decisions.services import problems

            record(ctx, "case.read", [proposal.decision_record])
            proposal.decision_missing = problems(proposal.decision_record)
    due_checks = [f for f in follow_ups if f.done_on is None and f.due_on <= today]
    # The decision records of the case (decision 0051): a concept says what it lacks, a
    # taken one shows its objection route with the last day.
    from netwerkdossier.decisions.reading import for_case as case_records

    records = case_records(ctx, case)
    decisions = reads_decisions(ctx, case)
    return {
        "case": case, "household": case.household, "decision": decision,
        "options": options, "transitions": transitions, "follow_ups": follow_ups,
        "proposal": proposal, "decision_records": records,
        "proposal_refusal": proposals.refusal(ctx, proposal) if proposal else "",
        "proposal_form": bound.get("proposal") or ProposalAnswerForm(),
        "due_checks": due_checks, "today": today,
        "my_roles": lifecycle.team_roles(ctx.user, case),
        "triage_label": lifecycle.labelled("triage_outcome").get(case.triage_outcome, "")
        if decisions else "",
        "route_label": lifecycle.labelled("route").get(case.route, "") if decisions else "",
        "urgency_label": lifecycle.labelled("urgency").get(case.urgency, ""),
        "triage_late": bool(case.triage_due and case.triage_on is None
                            and case.triage_due < today),
        "errors": error_summary(*[f for f in bound.values() if f is not None]),
        # Only for the organisation that may know the reporter (cases/reporter_feedback.py).
        "reporter_feedback_due": reporter_feedback.due(ctx, case),
        "reporter_feedback_given": reporter_feedback.given(ctx, case),
        **forms,
    }


@require_GET
@login_required
def case_page(request, pk):
    ctx = context_for_request(request)
    case, decision = fetch_case(ctx, pk)
    return render(request, "safety/case.html", _case_context(ctx, case, decision))


def _run(request, ctx, case, decision, key, form, action):
    """Run a lifecycle service for a bound form; re-render the case page on errors."""
    status = 200
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("safety:case", pk=case.pk)
    return render(request, "safety/case.html",
                  _case_context(ctx, case, decision, {key: form}), status=status)


@require_POST
@login_required
def transition(request, pk):
    ctx = context_for_request(request)
    case, decision = fetch_case(ctx, pk, UPDATE, "case.transition")
    options = lifecycle.options(case, ctx=ctx) if case.closed_on is None else []
    form = TransitionForm(request.POST, options=options)
    def decide(c):
        result = lifecycle.decide_transition(
            ctx, case, to_phase=c["to_phase"], rationale=c["rationale"],
            family_agrees=c["family_agrees"])
        if isinstance(result, PhaseProposal):
            messages.success(request, _("Uw voorstel is vastgelegd. Een tweede lid van het "
                                        "vaste duo moet het bevestigen; die krijgt een "
                                        "melding."))

    return _run(request, ctx, case, decision, "transition", form, decide)


@require_POST
@login_required
def proposal_answer(request, pk):
    """Confirm or reject the open four-eyes proposal of the case."""
    ctx = context_for_request(request)
    case, decision = fetch_case(ctx, pk, UPDATE, "case.phase_proposal")
    proposal = proposals.open_proposal(case)
    form = ProposalAnswerForm(request.POST)
    if proposal is None:
        messages.error(request, _("Er ligt geen voorstel meer. Misschien heeft iemand anders "
                                  "al beslist."))
        return redirect("safety:case", pk=case.pk)

    def answer(c):
        if c["answer"] == "bevestigen":
            proposals.confirm(ctx, proposal)
        elif c["answer"] == "afwijzen":
            proposals.reject(ctx, proposal, c["note"])
        else:
            raise ValidationError({"answer": [_("Kies of u het besluit bevestigt of niet.")]})

    return _run(request, ctx, case, decision, "proposal", form, answer)


@require_POST
@login_required
def triage(request, pk):
    ctx = context_for_request(request)
    case, decision = fetch_case(ctx, pk, UPDATE, "case.triage")
    return _run(request, ctx, case, decision, "triage", TriageForm(request.POST),
                lambda c: lifecycle.record_triage(ctx, case, outcome=c["outcome"],
                                                  rationale=c["rationale"]))


@require_POST
@login_required
def route(request, pk):
    ctx = context_for_request(request)
    case, decision = fetch_case(ctx, pk, UPDATE, "case.route")
    return _run(request, ctx, case, decision, "route", RouteForm(request.POST),
                lambda c: lifecycle.record_route(ctx, case, route=c["route"],
                                                 rationale=c["rationale"]))


@require_POST
@login_required
def follow_up(request, pk):
    ctx = context_for_request(request)
    check, _decision = fetch(ctx, FollowUpCheck.objects.select_related("case__household"), pk,
                             action=UPDATE, event_code="case.follow_up",
                             object_type="follow_up_check")
    case, decision = fetch_case(ctx, check.case_id, UPDATE, "case.follow_up")
    check.case = case
    form = FollowUpForm(request.POST)
    return _run(request, ctx, case, decision, "follow_up", form,
                lambda c: lifecycle.complete_follow_up(
                    ctx, check, still_safe=form.still_safe_value(), outcome=c["outcome"]))
