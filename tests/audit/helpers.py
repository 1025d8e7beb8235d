"""Helpers for tests that read the access log: write records and chain them at once, as
the sequencer does after the request's commit (inside a test transaction, on_commit never
runs); find the records written after a point; reach a record by its place in the chain."""

import pytest
from django.db import connection, transaction

from netwerkdossier.audit.log import append
from netwerkdossier.audit.models import AccessLogRecord, ChainLink
from netwerkdossier.audit.sequencer import sequence

# Tests of what only PostgreSQL has (triggers' roles, generated columns, the column form).
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="PostgreSQL only")

LINK_FIELDS = ("position", "leaf", "prev_hash", "hash", "seal")


def with_links(records) -> list[AccessLogRecord]:
    """The records, each with its chain link's fields as attributes (None when not
    chained), in chain order."""
    records = list(records)
    links = {link.record_id: link for link in
             ChainLink.objects.filter(record_id__in=[r.id for r in records])}
    for record in records:
        link = links.get(record.id)
        for name in LINK_FIELDS:
            setattr(record, name, getattr(link, name) if link else None)
    return sorted(records, key=lambda r: (r.position is None, r.position or 0, r.id))


def append_chained(ctx, events) -> list[AccessLogRecord]:
    """The written records, chained, in chain order (with position, hash and seal)."""
    with transaction.atomic():
        written = append(ctx, events)
    sequence()
    return with_links(AccessLogRecord.objects.filter(id__in=[r.id for r in written]))


def record_at(position: int):
    """The record at this place in the chain, as a queryset (update, delete)."""
    return AccessLogRecord.objects.filter(link__position=position)


def link_at(position: int):
    return ChainLink.objects.filter(position=position)


def positions() -> list[int]:
    return list(ChainLink.objects.order_by("position").values_list("position", flat=True))


def newest_log_id() -> int:
    """The id of the newest record; records written after it have larger ids. (Ids come
    from a sequence that a rolled-back test does not reset: not from a count.)"""
    return AccessLogRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
