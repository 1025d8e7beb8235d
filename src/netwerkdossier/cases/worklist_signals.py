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
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case as Case_
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import calendar, lifecycle
from .models import FollowUpCheck, Phase


@dataclass(frozen=True)
class Signal:
    code: str
    text: str


def annotate(queryset, today: date):
    """Add the columns the signals need; one query for the whole list."""
    from netwerkdossier.safety.models import Agreement

    overdue = (Agreement.objects.filter(plan_id=OuterRef("safety_plan__id"), status="open",
                                        due_on__lt=today)
               .order_by().values("plan_id").annotate(n=Count("pk")).values("n")[:1])
    follow_up = (FollowUpCheck.objects.filter(case_id=OuterRef("pk"), done_on__isnull=True,
                                              due_on__lte=today).order_by("due_on"))
    return queryset.annotate(
        urgent=Case_(When(respond_by__isnull=False, triage_on__isnull=True,
                          closed_on__isnull=True, then=Value(0)),
                     default=Value(1), output_field=IntegerField()),
        plan_check=F("safety_plan__next_check_on"),
        overdue_agreements=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        follow_up_due=Subquery(follow_up.values("due_on")[:1]),
        follow_up_months=Subquery(follow_up.values("months")[:1]),
    )


def awaiting(queryset, user):
    """Mark cases with a four-eyes proposal that `user` did not make (the page shows
    the signal; proposals.refusal() decides on the case page whether they may confirm)."""
    from .models import PhaseProposal

    return queryset.annotate(proposal_waiting=Exists(PhaseProposal.objects.filter(
        case_id=OuterRef("pk"), status=PhaseProposal.Status.OPEN).exclude(
        proposed_by=user)))


def on_worklist(queryset, today: date):
    """Open cases, and closed cases with a follow-up check due."""
    return annotate(queryset, today).filter(Q(closed_on__isnull=True)
                                            | Q(follow_up_due__isnull=False))


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
    if getattr(case, "follow_up_due", None):
        found.append(Signal("nacontrole", _("Nacontrole na %(n)s maanden") % {
            "n": case.follow_up_months}))
    return found
