"""'Teamoverzicht': a team manager's view of the caseload of her organisation's workers
(access/caseload.py decides who sees it and what). Counts and case references only:
no household, no name of a family member, no title, no link into a household."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netwerkdossier.access import caseload
from netwerkdossier.access.api import context_for_request, event, record, together
from netwerkdossier.cases import worklist_signals
from netwerkdossier.cases.models import Phase

from ..formatting import long_date, month_names
from .worklist import case_reference


def overview(ctx, today):
    """(worker rows, attention rows, the cases shown) for a manager's context."""
    members = list(caseload.workers(ctx))
    pairs = list(caseload.assignments(ctx))
    found = {c.pk: c for c in worklist_signals.annotate(
        caseload.cases({case_id for _user, case_id in pairs}), today)}
    months = month_names()
    phases = {value: str(label) for value, label in Phase.choices}
    marks = {"te_laat": _("te laat"), "geen_voortgang": _("geen voortgang"),
             "spoed": _("spoed")}
    for case in found.values():
        when, _label = worklist_signals.deadline(case)
        case.deadline_shown = when
        codes = {s.code for s in worklist_signals.signals(case, today, months)}
        case.marks = [code for code, holds in (
            ("spoed", case.urgent == 0),
            ("te_laat", worklist_signals.deadline_state(when, today) == "te_laat"),
            ("geen_voortgang", "geen_voortgang" in codes)) if holds]
    by_user: dict = {}
    for user_id, case_id in pairs:
        if case_id in found:
            by_user.setdefault(user_id, []).append(found[case_id])
    people = {m.user_id: m.user for m in members}
    workers, attention = [], []
    for user_id in [m.user_id for m in members] + sorted(set(by_user) - set(people)):
        mine = sorted(by_user.get(user_id, []), key=lambda c: (
            c.deadline_shown is None, c.deadline_shown or today, str(c.pk)))
        name = _worker_name(people.get(user_id))
        count = {m: sum(1 for c in mine if m in c.marks) for m in marks}
        workers.append({"name": name, "cases": len(mine), **count})
        for case in mine:
            if case.marks:
                attention.append({
                    "worker": name, "reference": case_reference(case.pk),
                    "phase": phases.get(case.phase, case.phase),
                    "deadline_iso": case.deadline_shown.isoformat()
                    if case.deadline_shown else "",
                    "deadline": long_date(case.deadline_shown, months)
                    if case.deadline_shown else "",
                    "marks": [{"code": m, "text": marks[m]} for m in case.marks]})
    return workers, attention, list(found.values())


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
