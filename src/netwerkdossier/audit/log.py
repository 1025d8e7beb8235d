"""Append records to the access log, inside the caller's transaction (fail closed).

The chain head's row lock serialises appends. The hot path uses plain SQL (one
statement to lock the head, one to write the records, one to move the head), and on
PostgreSQL larger batches are written with COPY: see docs/benchmarks.md "Access log".
Each record is sealed with the access-log key (keys.py); after the commit that takes the
chain past a multiple of AUDIT_CHECKPOINT_EVERY records, a signed checkpoint is written
(checkpoint.py).
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction

from .chain import CHAINED_FIELDS, GENESIS_HASH, record_hash
from .checkpoint import checkpoint_after_commit
from .keys import mac_key, seal_of
from .models import AccessLogRecord, ChainHead

COLUMNS = (*CHAINED_FIELDS, "prev_hash", "hash", "seal")
LIST_COLUMNS = frozenset({"object_ids", "subject_ids"})
COPY_FROM = 8  # records; from this many on, PostgreSQL takes them by COPY
_TABLE = AccessLogRecord._meta.db_table
_HEAD = ChainHead._meta.db_table


@dataclass
class LogEvent:
    event_code: str
    action: str
    result: str = AccessLogRecord.Result.GRANTED
    object_type: str = ""
    object_ids: list = field(default_factory=list)
    subject_ids: list = field(default_factory=list)
    rule: str = ""
    consent_profile: str = ""
    break_glass: bool = False
    # Set when the access itself decides the purpose (a read under emergency access is
    # "noodtoegang", whatever the session states); empty: the context's purpose.
    purpose: str = ""


def _head_for_update(cur) -> tuple[int, str]:
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT last_id, last_hash FROM {_HEAD} WHERE id = 1{lock}"  # noqa: S608
    cur.execute(sql)
    row = cur.fetchone()
    if row is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        cur.execute(sql)
        row = cur.fetchone()
    return row


def _db_row(values: dict) -> tuple:
    return tuple(json.dumps(values[c]) if c in LIST_COLUMNS else values[c] for c in COLUMNS)


def _insert_postgresql(cur, rows: list[dict]) -> None:
    if len(rows) >= COPY_FROM:
        with cur.cursor.copy(f"COPY {_TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(_db_row(values))
        return
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    cur.execute(f"INSERT INTO {_TABLE} ({', '.join(COLUMNS)}) VALUES "  # noqa: S608
                + ", ".join([one] * len(rows)),
                [v for values in rows for v in _db_row(values)])


def append(ctx, events: list[LogEvent]) -> list[AccessLogRecord]:
    """Write events for the acting context. Must run inside the transaction of the access."""
    if not events:
        return []
    # No savepoint of its own: if writing the log fails, the whole access rolls back.
    key = mac_key()  # before the lock: no key, no log, no access (fail closed)
    with transaction.atomic(savepoint=False), connection.cursor() as cur:
        last_id, prev = _head_for_update(cur)
        now = datetime.now(UTC)
        actor = ctx.log_fields() if ctx is not None else {}
        common = {
            "occurred_at": now,
            "user_id": actor.get("user_id", ""),
            "username": actor.get("username", ""),
            "organisation_id": actor.get("organisation_id", ""),
            "role": actor.get("role", ""),
            "responsible_user_id": actor.get("responsible_user_id", ""),
            "purpose": actor.get("purpose", ""),
            "source": settings.NETWERKDOSSIER_NODE_ID,
            "channel": actor.get("channel", "system"),
        }
        rows = []
        for n, event in enumerate(events, start=1):
            values = {
                **common,
                # The id is part of the hash, so take it from the chain head, not the
                # sequence.
                "id": last_id + n,
                "purpose": event.purpose or common["purpose"],
                "event_code": event.event_code,
                "action": event.action,
                "result": event.result,
                "object_type": event.object_type,
                "object_ids": [str(i) for i in event.object_ids],
                "subject_ids": sorted({str(i) for i in event.subject_ids}),
                "rule": event.rule,
                "consent_profile": event.consent_profile,
                "break_glass": event.break_glass,
                "prev_hash": prev,
            }
            values["hash"] = prev = record_hash(prev, values)
            values["seal"] = seal_of(prev, key)
            rows.append(values)
        if connection.vendor == "postgresql":
            _insert_postgresql(cur, rows)
            written = [_instance(values) for values in rows]
        else:
            written = AccessLogRecord.objects.bulk_create(
                [AccessLogRecord(**values) for values in rows])
        cur.execute(f"UPDATE {_HEAD} SET last_id = %s, last_hash = %s WHERE id = 1",  # noqa: S608
                    [rows[-1]["id"], prev])
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every and rows[-1]["id"] // every > last_id // every:
            transaction.on_commit(checkpoint_after_commit)
    return written


def _instance(values: dict) -> AccessLogRecord:
    record = AccessLogRecord(**values)
    record._state.adding = False
    record._state.db = connection.alias
    return record


def log(ctx, event_code: str, action: str, **kwargs) -> AccessLogRecord:
    return append(ctx, [LogEvent(event_code=event_code, action=action, **kwargs)])[0]
