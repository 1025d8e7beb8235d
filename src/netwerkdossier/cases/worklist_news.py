"""Signals on the worklist about what others did in the user's households: the family's
correction requests, own statements and disputes, new reports and emergency access by
someone outside the team. Each is one subquery of the query that loads the cases (no
query per case), over rows the access module lets the user read (access/signals.py).

"New" means: in the last NEW_DAYS days. There is no "seen" mark per user and household
(it would need a table and a write on every household page); a statement or report
stays a signal for NEW_DAYS days after it was written, whether the user opened it or
not. An open correction request stays a signal until it is answered.
"""

from datetime import datetime, timedelta

from django.db.models import DateField, DateTimeField, OuterRef, Subquery, UUIDField
from django.utils import timezone
from django.utils.translation import gettext as _

from .worklist_signals import Signal

NEW_DAYS = 14


def annotate(queryset, ctx, now=None):
    """Add one column per kind of news (the id to link to, or the moment) to a Case
    queryset; empty where there is none."""
    from netwerkdossier.access import signals

    now = now or timezone.now()
    since = now - timedelta(days=NEW_DAYS)
    household = OuterRef("household_id")
    requests = signals.correction_requests(ctx).filter(
        entry__household_id=household).order_by("deadline", "received_at")
    statements = signals.own_statements(ctx).filter(
        entry__household_id=household, created_at__gte=since).order_by("-created_at")
    disputes = signals.disputes(ctx).filter(
        household_id=household, recorded_at__gte=since).order_by("-recorded_at")
    # A report recorded lately about something after this case was opened: the household
    # was already known to the team (the report that opened the case is not news to it).
    reports = signals.reports(ctx).filter(
        household_id=household, recorded_at__gte=since,
        occurred_at__date__gt=OuterRef("opened_on")).order_by("-recorded_at")
    emergency = signals.emergency_uses(ctx).filter(
        household_id=household, started_at__gte=since).order_by("-started_at")
    return queryset.annotate(
        news_request=Subquery(requests.values("pk")[:1], output_field=UUIDField()),
        news_request_due=Subquery(requests.values("deadline")[:1], output_field=DateField()),
        news_statement=Subquery(statements.values("entry_id")[:1], output_field=UUIDField()),
        news_dispute=Subquery(disputes.values("recorded_at")[:1],
                              output_field=DateTimeField()),
        news_report=Subquery(reports.values("pk")[:1], output_field=UUIDField()),
        news_emergency=Subquery(emergency.values("started_at")[:1],
                                output_field=DateTimeField()),
    )


def _day(moment, months) -> str:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return f"{local.day} {months[local.month]}"


def news(case, today, months, urls) -> list[Signal]:
    """The news signals of one annotated case (pure Python, no query). `urls`: name ->
    function of an id, built once per page."""
    found = []
    if getattr(case, "news_request", None):
        due = case.news_request_due
        text = (_("Correctieverzoek van het gezin, te laat: antwoord was uiterlijk %(d)s")
                if due < today else
                _("Correctieverzoek van het gezin: antwoord uiterlijk %(d)s"))
        found.append(Signal("correctieverzoek", text % {"d": _day(due, months)},
                          urls["request"](case.news_request)))
    if getattr(case, "news_statement", None):
        found.append(Signal("eigen_verklaring", _("Nieuwe eigen verklaring van het gezin"),
                          urls["entry"](case.news_statement)))
    if getattr(case, "news_dispute", None):
        found.append(Signal("betwist", _("Gezinslid betwist de integrale analyse (%(d)s)") % {
            "d": _day(case.news_dispute, months)}, urls["analysis"](case.household_id)))
    if getattr(case, "news_report", None):
        found.append(Signal("nieuwe_melding", _("Nieuwe melding over dit gezin"),
                          urls["entry"](case.news_report)))
    if getattr(case, "news_emergency", None):
        found.append(Signal("noodtoegang", _(
            "Noodtoegang door iemand buiten het team (%(d)s)") % {
            "d": _day(case.news_emergency, months)}, urls["household"](case.household_id)))
    return found
