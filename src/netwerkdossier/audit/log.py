"""Append records to the access log, inside the caller's transaction (fail closed).

A request writes its records and nothing else: no lock shared with other requests, no
chain (decision 0031). Each record carries a content seal under the access-log key, so
a request without the key writes nothing; one queue row per call carries the records'
leaves (the sha256 of each canonical text) and one leaf seal over them (decisions 0047
and 0055). After the commit, the sequencer (sequencer.py) chains the queued leaves, a
moment later and in its own transaction, without reading the record; readers (*Wie
keek er?*, the privacy officer) see a record as soon as it is committed. On PostgreSQL
the ids come from the table's sequence, and a call's records and queue row are one
statement: see docs/benchmarks.md "Access log".
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter

from django.conf import settings
from django.db import connection, transaction

from .arrays import join
from .chain import (
    CHAINED_FIELDS,
    canonical_text,
    content_seal_text,
    epoch_micros,
    json_list_text,
    leaf_hash,
    leaf_seal_text,
)
from .keys import mac_key, sealer
from .models import AccessLogRecord, UnchainedRecord

COLUMNS = (*CHAINED_FIELDS, "content_seal")
_TABLE = AccessLogRecord._meta.db_table
_QUEUE = UnchainedRecord._meta.db_table
# The sequence looked up once per statement, not once per id (a catalog lookup each).
_NEXT_IDS_PG = ("SELECT nextval(seq.id) FROM (SELECT pg_get_serial_sequence("  # noqa: S608
                f"'{_TABLE}', 'id')::regclass AS id) AS seq, generate_series(1, %s)")


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


def _new_ids(cur, count: int) -> list[int]:
    """Ids for this many records. PostgreSQL: the table's own sequence (no lock; a
    rolled-back request leaves a gap). SQLite: every write transaction holds the
    database lock (transaction_mode IMMEDIATE), so the next free ids are safe to take."""
    if connection.vendor == "postgresql":
        cur.execute(_NEXT_IDS_PG, [count])
        return [row[0] for row in cur.fetchall()]
    cur.execute(f"SELECT coalesce(max(id), 0) FROM {_TABLE}")  # noqa: S608
    newest = cur.fetchone()[0]
    return list(range(newest + 1, newest + 1 + count))


_ROW = itemgetter(*COLUMNS)  # a record's values as a row of COLUMNS
_QUEUE_INSERT = (f"INSERT INTO {_QUEUE} (id, record_ids, leaf, leaf_seal) "  # noqa: S608
                 "VALUES (%s, %s, %s, %s)")
# The values every record of one call shares (append()'s `shared`); the others, the
# purpose among them (an event may set its own), differ per record.
ACTOR_FIELDS = ("user_id", "username", "organisation_id", "role", "responsible_user_id")
SHARED = ("occurred_at", *ACTOR_FIELDS, "source", "channel")
PER_RECORD = tuple(c for c in COLUMNS if c not in SHARED)
_PER_RECORD_VALUES = itemgetter(*PER_RECORD)
_SHARED_VALUES = itemgetter(*(c for c in COLUMNS if c in SHARED))  # in COLUMNS order
VALUE_SEP = "\x1e"  # between two records' values of a column (ASCII record separator)
_ARRAY_TYPES = {"id": "bigint", "break_glass": "boolean", "object_ids": "json",
                "subject_ids": "json"}  # the others: text, assigned to varchar


def _column_sql(name: str) -> str:
    if name in SHARED:
        return "%s"
    return f"u.{name}"


# PostgreSQL: the records as one array per column that differs per record (one text
# each, split by the server) and the shared values once, and their queue row: one
# statement, one round trip, whatever the number (COPY took three: docs/benchmarks.md,
# access log, session 21).
_FROM_COLUMNS_PG = (
    f"WITH written AS (INSERT INTO {_TABLE} ({', '.join(COLUMNS)}) SELECT "  # noqa: S608
    + ", ".join(_column_sql(name) for name in COLUMNS) + " FROM unnest("
    + ", ".join(f"string_to_array(%s, chr(30))::{_ARRAY_TYPES.get(name, 'text')}[]"
                for name in PER_RECORD)
    + f") AS u({', '.join(PER_RECORD)})) " + _QUEUE_INSERT)


def _column_text(values) -> str:
    return VALUE_SEP.join([v if type(v) is str else ("1" if v else "0") if type(v) is bool
                           else str(v) for v in values])


def _column_params(stored: list[dict]) -> list[str] | None:
    """One text per PER_RECORD column, or None when the values go as rows: one record
    (string_to_array() makes an empty text no value at all, not one empty value), or a
    value that holds VALUE_SEP (the lists' JSON escapes it; a code could hold one)."""
    count = len(stored)
    if count == 1:
        return None
    texts = [_column_text(column)
             for column in zip(*map(_PER_RECORD_VALUES, stored), strict=True)]
    if any(text.count(VALUE_SEP) != count - 1 for text in texts):
        return None
    return texts


def _insert(cur, stored: list[dict], queued: tuple) -> None:
    """The records (values as stored) and their queue row (id, record ids, leaves,
    seal)."""
    if connection.vendor == "postgresql":
        columns = _column_params(stored)
        if columns is not None:
            cur.execute(_FROM_COLUMNS_PG, [*_SHARED_VALUES(stored[0]), *columns, *queued])
            return
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    insert = (f"INSERT INTO {_TABLE} ({', '.join(COLUMNS)}) VALUES "  # noqa: S608
              + ", ".join([one] * len(stored)))
    params = [v for values in stored for v in _ROW(values)]
    if connection.vendor == "postgresql":  # one statement, one round trip
        cur.execute(f"WITH written AS ({insert}) {_QUEUE_INSERT}",  # noqa: S608
                    [*params, *queued])
        return
    cur.execute(insert, params)
    cur.execute(_QUEUE_INSERT, queued)


def append(ctx, events: list[LogEvent]) -> Sequence[AccessLogRecord]:
    """Write events for the acting context. Must run inside the transaction of the access."""
    if not events:
        return WrittenRecords([])
    # No savepoint of its own: if writing the log fails, the whole access rolls back.
    seal = sealer(mac_key())  # no key, no log, no access (fail closed)
    with transaction.atomic(savepoint=False), connection.cursor() as cur:
        ids = _new_ids(cur, len(events))
        now = datetime.now(UTC)
        actor = ctx.log_fields() if ctx is not None else {}
        shared = {"occurred_at": now, "source": settings.NETWERKDOSSIER_NODE_ID,
                  "channel": actor.get("channel", "system"),
                  **{name: actor.get(name, "") for name in ACTOR_FIELDS}}
        purpose = actor.get("purpose", "")
        # The shared timestamp's canonical text, once per call (chain.py).
        occurred = str(epoch_micros(now))
        records, stored_rows, leaves = [], [], []
        for rid, event in zip(ids, events, strict=True):
            object_ids = [str(i) for i in event.object_ids]
            subject_ids = sorted({str(i) for i in event.subject_ids})
            values = {
                **shared,
                "id": rid,
                "purpose": event.purpose or purpose,
                "event_code": event.event_code,
                "action": event.action,
                "result": event.result,
                "object_type": event.object_type,
                "object_ids": object_ids,
                "subject_ids": subject_ids,
                "rule": event.rule,
                "consent_profile": event.consent_profile,
                "break_glass": event.break_glass,
            }
            # The row holds the lists as their canonical JSON text, written once for the
            # hash and the row alike; PostgreSQL's json keeps that text as written.
            stored = {**values, "object_ids": json_list_text(object_ids),
                      "subject_ids": json_list_text(subject_ids)}
            text = canonical_text({**stored, "occurred_at": occurred})
            values["content_seal"] = stored["content_seal"] = seal(
                content_seal_text(values, text))
            records.append(values)
            stored_rows.append(stored)
            leaves.append(leaf_hash(text))
        # One queue row and one leaf seal for the whole call (decision 0055).
        record_ids, leaf_text = join(ids), join(leaves)
        queued = (ids[0], record_ids, leaf_text, seal(leaf_seal_text(record_ids, leaf_text)))
        _insert(cur, stored_rows, queued)
        _sequence_after_commit()
    return WrittenRecords(records)


def _sequence_after_commit() -> None:
    """Chain this transaction's records once it has committed (once per transaction)."""
    from .sequencer import sequence_after_commit  # sequencer imports this module's table

    if not any(entry[1] is sequence_after_commit for entry in connection.run_on_commit):
        transaction.on_commit(sequence_after_commit, robust=True)


def _instance(values: dict) -> AccessLogRecord:
    # As loaded from the database (saved, on this connection); COLUMNS are the model's
    # concrete fields in order, so from_db() takes them positionally (faster than **).
    return AccessLogRecord.from_db(connection.alias, COLUMNS, [values[c] for c in COLUMNS])


class WrittenRecords(Sequence):
    """What append() wrote, as model instances built on first use: the web path never
    uses them, and building them cost about a tenth of a batch's time."""

    def __init__(self, values: list[dict]):
        self._values = values
        self._built = None

    def _records(self) -> list[AccessLogRecord]:
        if self._built is None:
            self._built = [_instance(values) for values in self._values]
        return self._built

    def __getitem__(self, index):
        return self._records()[index]

    def __len__(self) -> int:
        return len(self._values)

    def __add__(self, other) -> list[AccessLogRecord]:  # as the list it was before
        return [*self, *other]

    def __radd__(self, other) -> list[AccessLogRecord]:
        return [*other, *self]


def log(ctx, event_code: str, action: str, **kwargs) -> AccessLogRecord:
    return append(ctx, [LogEvent(event_code=event_code, action=action, **kwargs)])[0]
