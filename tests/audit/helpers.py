"""Helpers for tests that read the access log: write records and chain them at once, as
the sequencer does after the request's commit (inside a test transaction, on_commit never
runs); find the records written after a point."""

from django.db import transaction

from netwerkdossier.audit.log import append
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.sequencer import sequence


def append_chained(ctx, events) -> list[AccessLogRecord]:
    """The written records, chained, in chain order (with position, hash and seal)."""
    with transaction.atomic():
        written = append(ctx, events)
    sequence()
    return list(AccessLogRecord.objects.filter(id__in=[r.id for r in written])
                .order_by("position"))


def newest_log_id() -> int:
    """The id of the newest record; records written after it have larger ids. (Ids come
    from a sequence that a rolled-back test does not reset: not from a count.)"""
    return AccessLogRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
