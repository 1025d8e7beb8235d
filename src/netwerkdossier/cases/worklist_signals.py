"""Signals on the worklist ("mijn werkvoorraad"), computed for a whole list of cases in
the same query that loads them: a few annotations, no query per case.

- triage te laat: the triage deadline (5 working days) has passed without an outcome
- controle veiligheidsplan: the plan's check date has come
- afspraken niet nagekomen: agreements still open after their date
- geen voortgang: longer in the phase than the weeks agreed in rules/phases.toml
- nacontrole: a follow-up check after closure is due
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
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
        plan_check=F("safety_plan__next_check_on"),
        overdue_agreements=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        follow_up_due=Subquery(follow_up.values("due_on")[:1]),
        follow_up_months=Subquery(follow_up.values("months")[:1]),
    )


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
