"""`netwerkdossier monitoring rebuild` derives the events from the stored work, and
refresh keeps the aggregates up to date incrementally."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from netwerkdossier.cases import lifecycle
from netwerkdossier.monitoring import areas, periods, refresh
from netwerkdossier.monitoring.models import Aggregate, Event, RefreshState
from netwerkdossier.monitoring.pseudonyms import pseudonym

pytestmark = pytest.mark.django_db


def live_report(cast, ctx_of):
    return lifecycle.record_report(
        ctx_of("lotte"), cast.household, kind="hulpvraag", title="Hulpvraag",
        concerns="Moeder vraagt hulp.", urgency="normaal",
        reported_on=timezone.localdate() - timedelta(days=2), subjects=[cast.mother])


def test_rebuild_gives_the_same_report_events_as_the_live_work(cast, ctx_of):
    live_report(cast, ctx_of)
    live = set(Event.objects.filter(kind__in=["report", "team"]).values_list(
        "kind", "code", "occurred_on", "household_key", "case_key", "members", "children"))
    call_command("monitoring", "rebuild")
    rebuilt = set(Event.objects.filter(kind__in=["report", "team"]).values_list(
        "kind", "code", "occurred_on", "household_key", "case_key", "members", "children"))
    assert live <= rebuilt
    # The cast's own case (made without the services) is there too.
    assert Event.objects.filter(kind="report",
                                case_key=pseudonym("case", cast.case.pk)).count() == 1


def test_refresh_is_incremental(cast, ctx_of):
    call_command("monitoring", "rebuild")
    state = RefreshState.objects.get()
    today = timezone.localdate()
    quarter = periods.containing(today, "K").key
    region = str(cast.household.region_id)

    def reports():
        row = Aggregate.objects.filter(indicator="nieuwe_meldingen", period=quarter,
                                       level=areas.REGION, unit=region).first()
        return row.numerator if row else 0

    before = reports()
    assert not refresh.is_stale()
    old_period = Aggregate.objects.filter(period="2001-H1").count()
    live_report(cast, ctx_of)
    assert refresh.is_stale()
    done = refresh.refresh()
    assert reports() == before + 1
    # Only the periods the new event can change: the half years of the last 12 months
    # and today's (at most three) with their quarters, the unit suppression is decided
    # over (marks.py).
    assert done["periods"] <= 3 + 6
    assert RefreshState.objects.get().last_event_id > state.last_event_id
    assert Aggregate.objects.filter(period="2001-H1").count() == old_period
    assert refresh.refresh()["periods"] == 0  # nothing new
