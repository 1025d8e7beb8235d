"""Aggregates from events, refreshed incrementally (docs/decisions/0045).

A refresh computes every indicator for the periods that new events can change: from the
half year of the earliest new event (12 months earlier, for the repeat reports after
closure) up to today's, every quarter of those half years included, and then decides
their suppression marks (marks.py). Older periods keep their aggregates and marks.
Dashboards read only the aggregates. `full=True` (after a rebuild) recomputes every period.
"""

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from netwerkdossier.organisations.models import Region

from . import areas, marks, periods
from .data import Data
from .indicators import all_indicators
from .indicators.outcomes import AFTER_CLOSURE_DAYS
from .models import Aggregate, Event, RefreshState


def state() -> RefreshState:
    found = RefreshState.objects.order_by("pk").first()
    return found or RefreshState.objects.create()


def is_stale() -> bool:
    newest = Event.objects.aggregate(m=Max("pk"))["m"] or 0
    return newest > state().last_event_id


def compute(data: Data, period, pilot_regions: set) -> list[Aggregate]:
    now = timezone.now()
    rows = []
    for indicator in all_indicators():
        totals: dict = {}
        for unit, (numerator, denominator) in indicator.compute(data, period).items():
            for key in areas.rollup(unit, pilot_regions):
                cell = totals.setdefault(key, [0, 0])
                cell[0] += numerator
                cell[1] += denominator
        rows.extend(Aggregate(indicator=indicator.key, period=period.key, level=level,
                              unit=unit, numerator=n, denominator=d, refreshed_at=now)
                    for (level, unit), (n, d) in totals.items())
    return rows


def refresh(full: bool = False, today=None) -> dict:
    """Bring the aggregates up to date; returns what was done (for the command and the
    benchmark)."""
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        current = RefreshState.objects.select_for_update().filter(
            pk=state().pk).first()
        newest = Event.objects.aggregate(m=Max("pk"))["m"] or 0
        if not full and newest <= current.last_event_id:
            return {"periods": 0, "events": 0, "seconds": 0.0}
        new = Event.objects.all() if full else Event.objects.filter(
            pk__gt=current.last_event_id)
        first = new.aggregate(m=Min("occurred_on"))["m"]
        if first is None:
            first = today
        if not full:
            first -= timedelta(days=AFTER_CLOSURE_DAYS)
        # Whole half years, quarters included: the unit suppression is decided over.
        first = periods.containing(first, "H").start
        last = max(today, new.aggregate(m=Max("occurred_on"))["m"] or today)
        touched = [p for kind in periods.KINDS for p in periods.between(first, last, kind)]
        data = Data.load(Event.objects.all())
        pilots = set(Region.objects.filter(is_pilot=True).values_list("pk", flat=True))
        keys = [p.key for p in touched]
        if full:
            Aggregate.objects.all().delete()
        else:
            Aggregate.objects.filter(period__in=keys).delete()
        for period in touched:
            Aggregate.objects.bulk_create(compute(data, period, pilots), batch_size=2000)
        marks.apply(keys)
        seconds = time.monotonic() - started
        RefreshState.objects.filter(pk=current.pk).update(
            last_event_id=newest, refreshed_at=timezone.now(), seconds=seconds)
    return {"periods": len(touched), "events": len(data.rows), "seconds": seconds}
