"""Web pages of the safety plan: the plan with its forms, its history and one version."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    context_for_request,
    decide,
    fetch,
    record,
    together,
    visible,
)
from netwerkdossier.cases import lifecycle
from netwerkdossier.rules import crisis_lines
from netwerkdossier.web.errormap import apply_errors, error_summary

from . import pictograms, services
from .chart import scaling_chart
from .forms import (
    AgreementForm,
    AgreementStatusForm,
    CheckForm,
    ChildVersionForm,
    DangerForm,
    FamilyWordsForm,
    NetworkForm,
    ScalingForm,
)
from .models import Agreement, ChildVersion, PlanVersion, SafetyPlan
from .plan_parts import readable_parts, readable_versions
from .views import fetch_case


def plan_access(ctx, case, action=READ, event_code="plan.read"):
    """Decide on the case's plan (also before it exists: same household-work rule)."""
    plan = services.plan_for(case)
    decision = decide(ctx, action, plan or SafetyPlan(case=case, household_id=case.household_id))
    if not decision.allowed:
        raise AccessRefused(ctx, event_code, "safety_plan", plan.pk if plan else case.pk,
                            decision, action="R" if action == READ else "U")
    return plan, decision


def _plan_context(ctx, case, bound=None, status_forms=None, words_forms=None):
    bound = bound or {}
    words_forms = words_forms or {}
    plan, decision = plan_access(ctx, case)
    today = timezone.localdate()
    members = lifecycle.current_members(case.household_id)
    dangers, agreements, network, scalings, child = [], [], [], [], None
    if plan is not None:
        child = visible(ctx, READ, ChildVersion.objects.filter(plan=plan),
                        household_id=case.household_id).first()
        parts = readable_parts(ctx, plan)
        dangers, agreements = parts["dangers"], parts["agreements"]
        network, scalings = parts["network"], parts["scalings"]
    for a in agreements:
        a.overdue = a.status == "open" and a.due_on < today
        a.blocks = lifecycle.agreement_blocks(a, today)
        a.status_form = (status_forms or {}).get(a.pk) or AgreementStatusForm(
            prefix=f"status-{a.pk}")
    for d in dangers:
        d.words_form = words_forms.get(d.pk) or FamilyWordsForm(
            prefix=f"woorden-{d.pk}", initial={"family_statement": d.family_statement,
                                               "family_goal": d.family_goal})
    with together(ctx):
        record(ctx, "plan.read", [plan] if plan else [case], decision=decision)
        if child is not None:
            record(ctx, "plan.read", [child], decision=decision)
    can_edit = case.closed_on is None and decide(
        ctx, UPDATE, plan or SafetyPlan(case=case, household_id=case.household_id)).allowed
    replaceable = [a for a in agreements if a.status in ("open", "niet_nagekomen")]
    forms = {
        "danger_form": bound.get("danger") or DangerForm(),
        "agreement_form": bound.get("agreement") or AgreementForm(
            members=members, replaceable=replaceable),
        "network_form": bound.get("network") or NetworkForm(),
        "scaling_form": bound.get("scaling") or ScalingForm(
            members=members, initial={"scored_on": today}),
        "check_form": bound.get("check") or CheckForm(),
        "child_form": bound.get("child") or ChildVersionForm(initial=child and {
            "worries": child.worries, "safe_plan": child.safe_plan,
            "helpers": child.helpers, "pictograms": child.pictograms}),
    }
    all_bound = [f for f in bound.values() if f is not None] + list(
        (status_forms or {}).values()) + list(words_forms.values())
    return {
        "case": case, "household": case.household, "plan": plan, "decision": decision,
        "dangers": dangers, "agreements": agreements, "network": network,
        "members": members, "chart": scaling_chart(scalings), "can_edit": can_edit,
        "today": today, "errors": error_summary(*all_bound), **forms,
        "child_version": child,
        "child_pictograms": pictograms.chosen(child.pictograms if child else ()),
        "without_family_words": [n for n, d in enumerate(dangers, 1)
                                 if not d.has_family_words],
    }


@require_GET
@login_required
def plan_page(request, pk):
    ctx = context_for_request(request)
    case, _decision = fetch_case(ctx, pk, READ, "plan.read")
    return render(request, "safety/plan.html", _plan_context(ctx, case))


def _write(request, ctx, case, key, form, action, status_forms=None, words_forms=None,
           anchor=""):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            response = redirect("safety:plan", pk=case.pk)
            if anchor:
                response["Location"] += f"#{anchor}"
            return response
    context = _plan_context(ctx, case, {key: form} if key else None, status_forms,
                            words_forms)
    return render(request, "safety/plan.html", context)


def _case_for_write(request, pk):
    ctx = context_for_request(request)
    case, _decision = fetch_case(ctx, pk, UPDATE, "plan.update")
    plan_access(ctx, case, UPDATE, "plan.update")
    return ctx, case


@require_POST
@login_required
def danger_add(request, pk):
    ctx, case = _case_for_write(request, pk)
    return _write(request, ctx, case, "danger", DangerForm(request.POST),
                  lambda c: services.add_danger(ctx, case, **c))


@require_POST
@login_required
def agreement_add(request, pk):
    ctx, case = _case_for_write(request, pk)
    members = lifecycle.current_members(case.household_id)
    plan = services.plan_for(case)
    replaceable = list(visible(ctx, READ, Agreement.objects.filter(
        plan=plan, status__in=("open", "niet_nagekomen")),
        household_id=case.household_id)) if plan else []
    form = AgreementForm(request.POST, members=members, replaceable=replaceable)
    by_id = {str(p.pk): p.pk for p in members}
    return _write(request, ctx, case, "agreement", form,
                  lambda c: services.add_agreement(
                      ctx, case, member_id=by_id.get(c["member"]), action=c["action"],
                      owner=c["owner"], due_on=c["due_on"], replaces_id=c["replaces"] or None))


@require_POST
@login_required
def agreement_status(request, pk):
    ctx = context_for_request(request)
    agreement, _decision = fetch(ctx, Agreement.objects.select_related(
        "plan__case__household", "member"), pk, action=UPDATE, event_code="plan.update",
        object_type="agreement")
    case, _d = fetch_case(ctx, agreement.plan.case_id, UPDATE, "plan.update")
    form = AgreementStatusForm(request.POST, prefix=f"status-{agreement.pk}")
    return _write(request, ctx, case, None, form,
                  lambda c: services.set_agreement_status(ctx, agreement, status=c["status"],
                                                          note=c["note"]),
                  status_forms={agreement.pk: form})


@require_POST
@login_required
def network_add(request, pk):
    ctx, case = _case_for_write(request, pk)
    return _write(request, ctx, case, "network", NetworkForm(request.POST),
                  lambda c: services.add_network_member(ctx, case, **c))


@require_POST
@login_required
def scaling_add(request, pk):
    ctx, case = _case_for_write(request, pk)
    form = ScalingForm(request.POST, members=lifecycle.current_members(case.household_id))
    return _write(request, ctx, case, "scaling", form,
                  lambda c: services.add_scalings(ctx, case, scored_on=c["scored_on"],
                                                  person_scores=form.person_scores(),
                                                  own_score=c["own_score"]))


@require_POST
@login_required
def check_set(request, pk):
    ctx, case = _case_for_write(request, pk)
    return _write(request, ctx, case, "check", CheckForm(request.POST),
                  lambda c: services.record_check(ctx, case, next_check_on=c["next_check_on"],
                                                  checked=c["checked"]))


@require_GET
@login_required
def plan_history(request, pk):
    ctx = context_for_request(request)
    case, _decision = fetch_case(ctx, pk, READ, "plan.history")
    plan, decision = plan_access(ctx, case, READ, "plan.history")
    versions = readable_versions(ctx, plan) if plan else []
    with together(ctx):
        record(ctx, "plan.history", [plan] if plan else [case], decision=decision)
        record(ctx, "plan.history", versions, decision=decision)
    return render(request, "safety/plan_history.html", {
        "case": case, "household": case.household, "plan": plan, "versions": versions})


@require_GET
@login_required
def plan_version(request, pk):
    ctx = context_for_request(request)
    version, _decision = fetch(ctx, PlanVersion.objects.select_related(
        "plan__case__household", "created_by"), pk, action=READ,
        event_code="plan.version.read", log=True)
    case = version.plan.case
    scores = defaultdict(list)
    for s in version.snapshot.get("scalings", []):
        scores[s["scorer"]].append(s)
    return render(request, "safety/plan_version.html", {
        "case": case, "household": case.household, "version": version,
        "snap": version.snapshot, "scores": dict(scores)})


@require_POST
@login_required
def family_words_set(request, pk):
    """Write the family's words for one danger statement (pk: the statement)."""
    from .models import DangerStatement

    ctx = context_for_request(request)
    danger, _decision = fetch(ctx, DangerStatement.objects.select_related(
        "plan__case__household"), pk, action=UPDATE, event_code="plan.update",
        object_type="danger_statement")
    case, _d = fetch_case(ctx, danger.plan.case_id, UPDATE, "plan.update")
    plan_access(ctx, case, UPDATE, "plan.update")
    form = FamilyWordsForm(request.POST, prefix=f"woorden-{danger.pk}")
    return _write(request, ctx, case, None, form,
                  lambda c: services.set_family_words(ctx, danger, **c),
                  words_forms={danger.pk: form}, anchor=f"gevaar-{danger.pk}")


@require_POST
@login_required
def child_version_set(request, pk):
    ctx, case = _case_for_write(request, pk)
    form = ChildVersionForm(request.POST)
    return _write(request, ctx, case, "child", form,
                  lambda c: services.set_child_version(
                      ctx, case, worries=c["worries"], safe_plan=c["safe_plan"],
                      helpers=c["helpers"], chosen_pictograms=c["pictograms"]),
                  anchor="kindversie")


@require_GET
@login_required
def child_version_print(request, pk):
    """The plan for children as a page to print and take to the child."""
    ctx = context_for_request(request)
    case, _decision = fetch_case(ctx, pk, READ, "plan.child_version.read")
    plan, _plan_decision = plan_access(ctx, case, READ, "plan.child_version.read")
    child = (ChildVersion.objects.select_related("plan").filter(plan=plan).first()
             if plan else None)
    if child is None:  # the team may read the plan; there is just nothing written yet
        raise Http404
    decision = decide(ctx, READ, child)
    if not decision.allowed:
        raise AccessRefused(ctx, "plan.child_version.read", "child_version", child.pk,
                            decision, action="R")
    record(ctx, "plan.child_version.read", [child], decision=decision)
    return render(request, "safety/child_version_print.html", {
        "case": case, "household": case.household, "child": child,
        "pictograms": pictograms.chosen(child.pictograms), "crisis_lines": crisis_lines()})

