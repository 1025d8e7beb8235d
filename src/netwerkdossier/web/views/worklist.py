"""'Mijn werkvoorraad': the user's cases, their next deadline and signals.

The page lists up to 200 cases, so the rows are prepared in Python with cheap
formatting (labels translated once, URLs built from one reversed pattern), and each
table row is written as one escaped string (row_html): the template's per-row tags and
the loop over the signals took about a tenth of the page's time (docs/benchmarks.md,
worklist). The template keeps the table around the rows.
"""

from html import escape as _escape
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import (
    READ,
    context_for_request,
    record,
    together,
    visible,
)
from netwerkdossier.cases import worklist_news, worklist_signals
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.cases.team import current_q
from netwerkdossier.collaboration.queries import open_actions_for
from netwerkdossier.measures import coherence
from netwerkdossier.measures import deadlines as measure_deadlines
from netwerkdossier.organisations.models import Membership

from ..context import monitoring_only
from ..exports import MAX_ROWS, export_format
from ..formatting import long_date, month_names
from .worklist_export import export_worklist

LIMIT = 200
_PLACEHOLDER = UUID(int=0)


def worklist_cases(ctx, user, today, limit=None):
    """The user's cases with their signals: open cases where the user is on the team
    today, and closed cases whose follow-up check is due (the casusregisseur stays on
    the team until the follow-up checks are done). One query, plus one for the roles.
    At most `limit` cases (the page: LIMIT)."""
    # The team as it stands (cases/team.py): a role handed over today is no longer held,
    # so the case leaves the old holder's worklist (their read access lasts the day).
    mine = TeamAssignment.objects.filter(current_q(today), user=user)
    team_cases = visible(ctx, READ, Case.objects.filter(pk__in=mine.values("case_id")))
    # Their households first: the plan, agreements, follow-ups and proposals counted in
    # the signals are those ctx may read there (worklist_signals.annotate).
    households = set(team_cases.values_list("household_id", flat=True))
    listed = worklist_signals.awaiting(worklist_signals.on_worklist(
        team_cases, today, ctx, households), ctx, households)
    cases = list(
        # Urgent reports first (first contact in hours), then overdue deadlines, then
        # those within 7 days, then the rest (worklist_signals.order).
        worklist_signals.order(listed).select_related("household")[:limit or LIMIT]
    )
    # The user's roles on these cases as plain values (a prefetch built model objects
    # and a second queryset for them: ~3 ms), in the order they were given.
    roles: dict = {}
    for case_id, role in mine.filter(case_id__in=[c.pk for c in cases]).order_by(
            "pk").values_list("case_id", "role"):
        roles.setdefault(case_id, []).append(role)
    for case in cases:
        case.my_roles = roles.get(case.pk, [])
    months = month_names()
    urls = {"request": _url_maker("portal_staff:request"), "entry": _url_maker("web:entry"),
            "analysis": _url_maker("analysis:analysis"),
            "household": _url_maker("web:household")}
    found = worklist_news.for_cases(ctx, cases)
    households = {c.household_id for c in cases}
    # The measures in force, read once for their deadlines and their conflicts.
    in_force = measure_deadlines.in_force(ctx, households)
    measures = measure_deadlines.for_households(
        ctx, households, today, urls["household"], in_force)
    # Measures that contradict each other or the registration (measures/coherence.py).
    overview = _url_maker("measures:overview")
    for household_id, contradicting in coherence.for_households(
            ctx, households, today, in_force).items():
        measures.setdefault(household_id, []).extend(
            (f"botsing_{c.rule.key}", _("Maatregelen botsen: %(what)s") % {
                "what": c.rule.label}, overview(household_id))
            for c in contradicting if c.is_conflict)
    for case in cases:
        case.signals = (worklist_signals.signals(case, today, months)
                        + worklist_news.news(case, found, today, months, urls)
                        + [worklist_signals.Signal(*m)
                           for m in measures.get(case.household_id, ())])
        case.deadline, case.deadline_text = worklist_signals.deadline(case)
        case.deadline_state = worklist_signals.deadline_state(case.deadline, today)
    return cases


def _url_maker(name):
    pattern = reverse(name, args=[_PLACEHOLDER])
    head, tail = pattern.split(str(_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def rows(cases):
    months = month_names()
    phases = {value: str(label) for value, label in Phase.choices}
    roles = {value: str(label) for value, label in TeamAssignment.Role.choices}
    states = {"te_laat": _("te laat"), "binnen_7_dagen": _("binnen 7 dagen")}
    household_url, case_url = _url_maker("web:household"), _url_maker("safety:case")
    return [{
        "household_url": household_url(c.household_id), "household": c.household.name,
        "case_url": case_url(c.pk), "title": c.title, "phase": phases.get(c.phase, c.phase),
        "reference": case_reference(c.pk),
        "deadline_iso": c.deadline.isoformat() if c.deadline else "",
        "deadline": long_date(c.deadline, months) if c.deadline else "",
        "deadline_label": c.deadline_text, "deadline_state": c.deadline_state,
        "deadline_state_text": states.get(c.deadline_state, ""), "signals": c.signals,
        "roles": ", ".join(roles.get(role, role) for role in c.my_roles),
    } for c in cases]


def _e(value) -> str:
    """The template's autoescape (django.utils.html.conditional_escape) for one value."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else _escape(str(value))


def row_html(row: dict, words: dict) -> str:
    """One row of the page's table, as the template wrote it (same markup, escaped the
    same way). `words`: the empty cells' texts, translated once per page."""
    state = row["deadline_state"]
    if row["deadline"]:
        tone = "nd-badge--late" if state == "te_laat" else "nd-badge--soon"
        badge = (f'<span class="nd-badge {tone}">{_e(row["deadline_state_text"])}</span> '
                 if state else "")
        label = (f'<br><span class="nd-muted">{_e(row["deadline_label"])}</span>'
                 if row["deadline_label"] else "")
        deadline = (f'{badge}<time datetime="{_e(row["deadline_iso"])}">'
                    f'{_e(row["deadline"])}</time>{label}')
    else:
        deadline = f'<span class="nd-muted">{words["no_deadline"]}</span>'
    if row["signals"]:
        items = "".join(
            f'<li><span class="nd-badge" data-signal="{_e(s.code)}">'
            + (f'<a class="utrecht-link" href="{_e(s.url)}">{_e(s.text)}</a>' if s.url
               else _e(s.text)) + "</span></li>" for s in row["signals"])
        signals = f'<ul class="nd-signals nd-tight-list">{items}</ul>'
    else:
        signals = f'<span class="nd-muted">{words["no_signals"]}</span>'
    marked = f' data-deadline="{_e(state)}"' if state else ""
    return (
        '<tr class="utrecht-table__row">\n'
        '      <th scope="row" class="utrecht-table__header-cell"><a class="utrecht-link '
        f'utrecht-link--html-a" href="{_e(row["household_url"])}">{_e(row["household"])}'
        '</a></th>\n'
        f'      <td class="utrecht-table__cell"><a class="utrecht-link" '
        f'href="{_e(row["case_url"])}">{_e(row["title"])}</a><br><span class="nd-muted">'
        f'{words["reference"]} {_e(row["reference"])}</span></td>\n'
        f'      <td class="utrecht-table__cell">{_e(row["phase"])}</td>\n'
        f'      <td class="utrecht-table__cell"{marked}>{deadline}</td>\n'
        f'      <td class="utrecht-table__cell">{signals}</td>\n'
        f'      <td class="utrecht-table__cell">{_e(row["roles"])}</td>\n'
        '    </tr>')


def table(page_rows: list) -> list:
    """The page's rows (rows()) as escaped HTML table rows (row_html), in order."""
    words = {"no_deadline": _e(_("geen termijn")), "no_signals": _e(_("geen")),
             "reference": _e(_("kenmerk"))}
    return [mark_safe(row_html(r, words)) for r in page_rows]  # noqa: S308 - escaped


def case_reference(pk) -> str:
    """A case's short reference ("kenmerk"): the first 8 characters of its id. The team
    manager's page names cases by it, without a household or a name."""
    return str(pk)[:8]


@require_GET
@login_required
def worklist(request):
    ctx = context_for_request(request)
    if monitoring_only(ctx):  # a policy maker has no cases: their start is the figures
        return redirect("monitoring:home")
    fmt = export_format(request)
    today = timezone.localdate()
    if fmt:  # all of the user's cases, not only the page's LIMIT
        cases = worklist_cases(ctx, request.user, today, limit=MAX_ROWS + 1)
        return export_worklist(request, ctx, fmt, cases, rows(cases[:MAX_ROWS]))
    cases = worklist_cases(ctx, request.user, today)
    # Follow-up actions from case-table (MDA++) meetings that this user owns.
    actions = list(open_actions_for(request.user, ctx=ctx, today=today)[:50])
    with together(ctx):
        record(ctx, "case.list", cases, rule="team")
        record(ctx, "meeting.action.list", actions)
    shown = rows(cases)
    return render(request, "web/worklist.html", {
        "rows": shown, "table": table(shown), "nav": "worklist", "actions": actions,
        "signal_cases": sum(1 for c in cases if c.signals or c.deadline_state),
        "is_manager": ctx.role == Membership.Role.TEAMMANAGER})
