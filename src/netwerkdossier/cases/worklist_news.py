"""Signals on the worklist about what others did in the user's households: the family's
correction requests, own statements and disputes, new reports and emergency access by
someone outside the team. The rows come from access/signals.news() for all households
of the page at once (a constant number of queries, none per case), over what the access
module lets the user read.

"New" means: in the last NEW_DAYS days. There is no "seen" mark per user and household
(it would need a table and a write on every household page); a statement or report
stays a signal for NEW_DAYS days after it was written, whether the user opened it or
not. An open correction request stays a signal until it is answered.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .worklist_signals import Signal

NEW_DAYS = 14


def for_cases(ctx, cases, now=None) -> dict:
    """household id -> {kind: [rows]} for the households of `cases`
    (access.signals.news rows)."""
    from netwerkdossier.access import signals

    now = now or timezone.now()
    found = signals.news(ctx, {c.household_id for c in cases}, now - timedelta(days=NEW_DAYS))
    by_household: dict = {}
    for kind, rows in found.items():
        for row in rows:
            by_household.setdefault(row[0], {}).setdefault(kind, []).append(row)
    return by_household


def _day(moment, months) -> str:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return f"{local.day} {months[local.month]}"


def news(case, found: dict, today, months, urls) -> list[Signal]:
    """The news signals of one case (pure Python, no query). `found`: for_cases();
    `urls`: name -> function of an id, built once per page."""
    rows = found.get(case.household_id, {})
    signals = []
    if rows.get("request"):
        _h, due, pk = min(rows["request"], key=lambda r: (r[1], str(r[2])))
        text = (_("Correctieverzoek van het gezin, te laat: antwoord was uiterlijk %(d)s")
                if due < today else
                _("Correctieverzoek van het gezin: antwoord uiterlijk %(d)s"))
        signals.append(Signal("correctieverzoek", text % {"d": _day(due, months)},
                              urls["request"](pk)))
    if rows.get("statement"):
        _h, _at, entry_id = max(rows["statement"], key=lambda r: r[1])
        signals.append(Signal("eigen_verklaring", _("Nieuwe eigen verklaring van het gezin"),
                              urls["entry"](entry_id)))
    if rows.get("dispute"):
        moment = max(r[1] for r in rows["dispute"])
        signals.append(Signal("betwist", _("Gezinslid betwist de integrale analyse (%(d)s)") % {
            "d": _day(moment, months)}, urls["analysis"](case.household_id)))
    # A report about something after this case was opened: the household was already
    # known to the team (the report that opened the case is not news to it).
    later = [r for r in rows.get("report", ())
             if timezone.localtime(r[3]).date() > case.opened_on]
    if later:
        _h, _at, entry_id, _occurred = max(later, key=lambda r: r[1])
        signals.append(Signal("nieuwe_melding", _("Nieuwe melding over dit gezin"),
                              urls["entry"](entry_id)))
    if rows.get("emergency"):
        moment = max(r[1] for r in rows["emergency"])
        signals.append(Signal("noodtoegang", _(
            "Noodtoegang door iemand buiten het team (%(d)s)") % {"d": _day(moment, months)},
            urls["household"](case.household_id)))
    return signals
