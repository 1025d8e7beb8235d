"""Signals on the worklist ("mijn werkvoorraad"), computed for a whole list of cases in
the same query that loads them: a few annotations, no query per case.

- triage te laat: the triage deadline (5 working days) has passed without an outcome
- controle veiligheidsplan: the plan's check date has come
- afspraken niet nagekomen: agreements still open after their date
- geen voortgang: longer in the phase than the weeks agreed in rules/phases.toml
- nacontrole: a follow-up check after closure is due
- spoed: an urgent report without a safety assessment yet (first contact in hours);
  such cases lead the list (urgent_first)
- fasebesluit wacht op u: a four-eyes proposal the user may confirm

The case's deadline (`deadline_on`) is the earliest of its open deadlines, computed in
the same query (deadline_sources): the stored next deadline (Case.next_deadline, the
case's own, kept by lifecycle.refresh_deadline), the triage deadline, the plan's check
date, the open agreements' due dates and the follow-up checks. deadline_state() marks it
"te laat" (before today) or "binnen 7 dagen" (today and the six days after); the
worklist sorts those cases first, after the urgent reports. News from others (the
family, new reports, emergency access) is in worklist_news.py.

The plan, its agreements, the follow-up checks and the four-eyes proposals are household
work with readers of their own: a police officer or a GGZ consultant in the team may
read the case but not always the plan. With a reader's context, annotate() and
awaiting() read them through the access module (visible_in_households), so a signal, a
deadline or the order of the list never rests on something the reader could not open
(access/signals.py says the same of the news).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case as Case_
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, NullIf
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import calendar, lifecycle
from .models import FollowUpCheck, Phase

SOON_DAYS = 7  # "binnen 7 dagen": today and the six days after
_FAR = date(9999, 12, 31)  # stands for "no deadline" inside LEAST (NULL would win on SQLite)


@dataclass(frozen=True)
class Signal:
    code: str
    text: str
    url: str = ""  # where to act, when the signal has a place of its own


# The label of each deadline source (deadline_sources); "next_deadline" has its own
# label on the case (Case.next_deadline_label).
_LABELS = {
    "triage": gettext_lazy("Veiligheidsbeoordeling afronden"),
    "plan_check": gettext_lazy("Controle veiligheidsplan"),
    "agreement": gettext_lazy("Afspraak uit het veiligheidsplan"),
    "follow_up": gettext_lazy("Nacontrole"),
}


def deadline_sources():
    """name -> (expression on an annotated Case, Dutch label): the open deadlines of a
    case. The column names refer to annotate()'s columns. Measure deadlines (issue 14)
    join here as one more entry: the earliest open measure deadline of the case."""
    pending = Q(closed_on__isnull=True)
    expressions = {
        "next_deadline": F("next_deadline"),
        "triage": Case_(When(pending & Q(triage_on__isnull=True, phase__in=TRIAGE_PHASES),
                             then=F("triage_due")), output_field=DateField()),
        "plan_check": Case_(When(pending, then=F("plan_check")), output_field=DateField()),
        "agreement": Case_(When(pending, then=F("first_agreement_due")),
                           output_field=DateField()),
        "follow_up": F("follow_up_next"),
    }
    return {name: (expression, _LABELS.get(name)) for name, expression in expressions.items()}


TRIAGE_PHASES = (Phase.MELDING, Phase.VEILIGHEIDSBEOORDELING)


def _readable(ctx, queryset, households):
    """The rows of `queryset` ctx may read, in the form for these households (it shares
    the consent facts the news of the same page loads); all rows without a reader (the
    team manager's overview: dates and states of its own workers' cases, no content)."""
    if ctx is None:
        return queryset
    from netwerkdossier.access.api import READ, visible_in_households

    return visible_in_households(ctx, READ, households, queryset)


def annotate(queryset, today: date, ctx=None, households=()):
    """Add the columns the signals need; one query for the whole list. `ctx`: the
    reader, whose access decides which plans, agreements and follow-up checks of
    `households` (those of the listed cases) count."""
    from netwerkdossier.safety.models import Agreement, SafetyPlan

    open_agreements = _readable(ctx, Agreement.objects.filter(
        plan__case_id=OuterRef("pk"), status="open"), households).order_by().values("plan_id")
    overdue = open_agreements.filter(due_on__lt=today).annotate(n=Count("pk")).values("n")
    first_due = open_agreements.annotate(d=Min("due_on")).values("d")
    follow_up = (_readable(ctx, FollowUpCheck.objects.filter(
        case_id=OuterRef("pk"), done_on__isnull=True), households).order_by("due_on"))
    plan_check = _readable(ctx, SafetyPlan.objects.filter(case_id=OuterRef("pk")),
                           households).values("next_check_on")
    queryset = queryset.annotate(
        urgent=Case_(When(respond_by__isnull=False, triage_on__isnull=True,
                          closed_on__isnull=True, then=Value(0)),
                     default=Value(1), output_field=IntegerField()),
        urgent_by=Case_(When(respond_by__isnull=False, triage_on__isnull=True,
                             closed_on__isnull=True, then=F("respond_by"))),
        plan_check=Subquery(plan_check[:1], output_field=DateField()),
        overdue_agreements=Coalesce(Subquery(overdue[:1], output_field=IntegerField()),
                                    Value(0)),
        first_agreement_due=Subquery(first_due[:1], output_field=DateField()),
        follow_up_next=Subquery(follow_up.values("due_on")[:1]),
        follow_up_months=Subquery(follow_up.values("months")[:1]),
    )
    far = Value(_FAR, output_field=DateField())
    earliest = Least(*(Coalesce(expression, far, output_field=DateField())
                       for expression, _label in deadline_sources().values()))
    return queryset.annotate(deadline_on=NullIf(earliest, far, output_field=DateField()))


def deadline(case) -> tuple[date | None, str]:
    """The case's earliest open deadline and its label (annotated case, no query)."""
    when = getattr(case, "deadline_on", case.next_deadline)
    if when is None:
        return None, ""
    if when == case.next_deadline and case.next_deadline_label:
        return when, case.next_deadline_label
    values = {"triage": case.triage_due if case.phase in TRIAGE_PHASES and
              case.triage_on is None and case.closed_on is None else None,
              "plan_check": case.plan_check if case.closed_on is None else None,
              "agreement": case.first_agreement_due if case.closed_on is None else None,
              "follow_up": case.follow_up_next}
    name = next((n for n, v in values.items() if v == when), None)
    return when, deadline_label(name) if name else case.next_deadline_label


def deadline_label(name: str) -> str:
    """The Dutch label of one deadline source, without building the expressions
    (deadline() runs for every case of the page)."""
    return str(_LABELS[name])


def deadline_state(when: date | None, today: date) -> str:
    """"te_laat" before today, "binnen_7_dagen" up to six days after, else ""."""
    if when is None:
        return ""
    if when < today:
        return "te_laat"
    return "binnen_7_dagen" if when < today + timedelta(days=SOON_DAYS) else ""


def order(queryset):
    """Urgent reports first (first contact in hours), then the earliest deadline: overdue
    deadlines, then those within 7 days, then the rest, then cases without one."""
    return queryset.order_by("urgent", F("urgent_by").asc(nulls_last=True),
                             F("deadline_on").asc(nulls_last=True), "opened_on", "pk")


def awaiting(queryset, ctx, households):
    """Mark cases with a four-eyes proposal that ctx's user did not make and may read
    (the page shows the signal; proposals.refusal() decides on the case page whether
    they may confirm); `households`: those of the cases."""
    from .models import PhaseProposal

    proposals = PhaseProposal.objects.filter(
        case_id=OuterRef("pk"), status=PhaseProposal.Status.OPEN).exclude(proposed_by=ctx.user)
    return queryset.annotate(proposal_waiting=Exists(_readable(ctx, proposals, households)))


def on_worklist(queryset, today: date, ctx=None, households=()):
    """Open cases, and closed cases with a follow-up check due (that ctx may read)."""
    return annotate(queryset, today, ctx, households).filter(
        Q(closed_on__isnull=True) | Q(follow_up_next__lte=today))


def signals(case, today: date, months: dict | None = None) -> list[Signal]:
    """The signals of one annotated case (pure Python, no query). `months`: month names
    translated once per page (web.formatting.month_names)."""
    months = months or {n: str(m) for n, m in MONTHS.items()}
    found = []
    if case.closed_on is None:
        if getattr(case, "urgent", 1) == 0:
            moment = timezone.localtime(case.respond_by)
            late = moment < timezone.now()
            found.append(Signal("spoed", (_("Spoed, te laat: eerste contact was uiterlijk "
                                             "%(d)s %(t)s") if late else
                                          _("Spoed: eerste contact uiterlijk %(d)s %(t)s")) % {
                "d": f"{moment.day} {months[moment.month]}", "t": moment.strftime("%H:%M")}))
        if getattr(case, "proposal_waiting", False):
            found.append(Signal("fasebesluit", _("Fasebesluit wacht op bevestiging (vier "
                                                 "ogen)")))
        if case.phase in (Phase.MELDING, Phase.VEILIGHEIDSBEOORDELING) and \
                case.triage_on is None and case.triage_due and case.triage_due < today:
            found.append(Signal("triage_te_laat", _("Triage te laat (uiterlijk %(d)s)") % {
                "d": f"{case.triage_due.day} {months[case.triage_due.month]}"}))
        if case.plan_check and case.plan_check <= today:
            found.append(Signal("controle_plan", _("Controle veiligheidsplan nodig")))
        if case.overdue_agreements:
            found.append(Signal("afspraken", ngettext(
                "%(n)s afspraak niet nagekomen", "%(n)s afspraken niet nagekomen",
                case.overdue_agreements) % {"n": case.overdue_agreements}))
        weeks = lifecycle.phase_rule(case.phase)["stalled_weeks"] \
            if case.phase in lifecycle.phase_order() else 0
        since = case.phase_since or case.opened_on
        if weeks and since and calendar.add_weeks(since, weeks) <= today:
            found.append(Signal("geen_voortgang", _(
                "Geen voortgang: al %(w)s weken in deze fase (sinds %(d)s)") % {
                "w": (today - since).days // 7,
                "d": f"{since.day} {months[since.month]} {since.year}"}))
    if getattr(case, "follow_up_next", None) and case.follow_up_next <= today:
        found.append(Signal("nacontrole", _("Nacontrole na %(n)s maanden") % {
            "n": case.follow_up_months}))
    return found
