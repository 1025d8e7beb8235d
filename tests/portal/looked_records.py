"""Access-log records at a chosen moment, for 'Wie keek er?' tests: written through
audit.log.append() (content seal and all) while its clock shows that moment."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import transaction

from netwerkdossier.audit.log import LogEvent, append

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime:
    """A moment in Amsterdam time: local(2026, 12, 2, 10, 0)."""
    return datetime(*args, tzinfo=AMSTERDAM)


@contextmanager
def clock(moment: datetime):
    """append() takes its timestamp from datetime.now(UTC): let that be `moment`."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)

    with mock.patch("netwerkdossier.audit.log.datetime", Frozen):
        yield


def read_at(ctx, moment: datetime, subjects, *, n: int = 1, object_type: str = "entry",
            event_code: str = "entry.read", action: str = "R", rule: str = "team",
            break_glass: bool = False, purpose: str = "", object_ids=None):
    """n records of ctx reading data about `subjects` (persons) at `moment`."""
    event = LogEvent(event_code=event_code, action=action, object_type=object_type,
                     object_ids=object_ids or ["00000000-0000-4000-8000-000000000001"],
                     subject_ids=[p.pk for p in subjects], rule=rule,
                     break_glass=break_glass, purpose=purpose)
    with clock(moment), transaction.atomic():
        return append(ctx, [event] * n)


def emergency_read_at(ctx, moment, subjects, *, n: int = 1):
    return read_at(ctx, moment, subjects, n=n, object_type="household",
                   event_code="household.read", rule="break_glass", break_glass=True,
                   purpose="noodtoegang")
