"""'Teamoverzicht': a team manager's view of the caseload of her organisation's workers
(access/caseload.py decides who sees it and what). Counts and case references only:
no household, no name of a family member, no title, no link into a household."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netwerkdossier.access import caseload
from netwerkdossier.access.api import context_for_request, event, record, together
from netwerkdossier.cases import lifecycle, worklist_signals
from netwerkdossier.cases.models import Phase

from ..formatting import long_date, month_names
from .worklist import case_reference

SHOWN_PER_WORKER = 10  # attention rows per worker; the counts cover all cases


def _flags(today) -> dict:
    """phase -> the last day a case may have entered it without being stalled
    (geen_voortgang: stalled_weeks of rules/phases.toml), or None."""
    found = {}
    for phase in lifecycle.phase_order():
        weeks = lifecycle.phase_rule(phase)["stalled_weeks"]
        found[phase] = today - timedelta(weeks=weeks) if weeks else None
    return found


def overview(ctx, today):
    """(worker rows, attention rows, the Case objects shown) for a manager's context.
    Every open case of the organisation's workers is counted; at most SHOWN_PER_WORKER
    of each worker's cases that need attention are named (earliest deadline first)."""
    members = list(caseload.workers(ctx))
    pairs = list(caseload.assignments(ctx))
    cutoff = _flags(today)
    found = {}
    for pk, phase, since, opened, urgent, when in worklist_signals.annotate(
            caseload.cases(), today).filter(pk__in=caseload.case_ids(ctx)).values_list(
            "pk", "phase", "phase_since", "opened_on", "urgent", "deadline_on"):
        stalled_from = cutoff.get(phase)
        marks = [code for code, holds in (
            ("spoed", urgent == 0),
            ("te_laat", worklist_signals.deadline_state(when, today) == "te_laat"),
            ("geen_voortgang", stalled_from is not None and (since or opened) is not None
             and (since or opened) <= stalled_from)) if holds]
        found[pk] = (phase, when, marks)
    months = month_names()
    phases = {value: str(label) for value, label in Phase.choices}
    labels = {"te_laat": _("te laat"), "geen_voortgang": _("geen voortgang"),
              "spoed": _("spoed")}
    by_user: dict = {}
    for user_id, case_id in pairs:
        if case_id in found:
            by_user.setdefault(user_id, []).append(case_id)
    people = {m.user_id: m.user for m in members}
    workers, attention, shown = [], [], set()
    for user_id in [m.user_id for m in members] + sorted(set(by_user) - set(people)):
        mine = by_user.get(user_id, [])
        name = _worker_name(people.get(user_id))
        count = {m: sum(1 for c in mine if m in found[c][2]) for m in labels}
        needing = sorted((c for c in mine if found[c][2]), key=lambda c: (
            found[c][1] is None, found[c][1] or today, str(c)))
        workers.append({"name": name, "cases": len(mine), **count,
                        "not_shown": max(0, len(needing) - SHOWN_PER_WORKER)})
        for case_id in needing[:SHOWN_PER_WORKER]:
            phase, when, marks = found[case_id]
            shown.add(case_id)
            attention.append({
                "worker": name, "reference": case_reference(case_id),
                "phase": phases.get(phase, phase),
                "deadline_iso": when.isoformat() if when else "",
                "deadline": long_date(when, months) if when else "",
                "marks": [{"code": m, "text": labels[m]} for m in marks]})
    return workers, attention, list(caseload.cases().filter(pk__in=shown)) if shown else []


def _worker_name(user) -> str:
    if user is None:  # a team role for the organisation without a membership today
        return _("(niet meer in dienst)")
    return user.get_full_name() or user.username


@require_GET
@login_required
def team_overview(request):
    ctx = caseload.manager_context(context_for_request(request))
    today = timezone.localdate()
    workers, attention, shown = overview(ctx, today)
    # The page names the cases in `shown` (references, phase, deadline); the counts are
    # numbers per worker.
    with together(ctx):
        if shown:
            record(ctx, caseload.EVENT, shown, rule=caseload.RULE)
        else:
            event(ctx, caseload.EVENT, "R", object_type="screen",
                  object_ids=[caseload.SCREEN], rule=caseload.RULE)
    return render(request, "web/team_overview.html", {
        "workers": workers, "attention": attention, "nav": "team_overview",
        "organisation": ctx.membership.organisation.name,
        "totals": {key: sum(w[key] for w in workers)
                   for key in ("cases", "te_laat", "geen_voortgang", "spoed")}})
