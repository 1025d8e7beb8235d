"""The sequencer: gives written access-log records their place in the hash chain
(decisions 0031 and 0047).

Requests write records without touching the chain, and put one row in the queue table
per call: the records' ids and leaves (sha256 of each canonical text) and one leaf seal
over them (log.py, decision 0055). A moment later, after the request has committed, one
sequencer at a time takes the queued rows, oldest first, gives their records positions
after the chain head, prev_hash, hash and seal, INSERTs their links into the narrow
chain table, takes the rows off the queue and moves the head, in one statement. It
neither reads nor rewrites the records. The key stays in this process: the hashes and
seals are computed here, not in the database.

- PostgreSQL: pg_try_advisory_xact_lock. A second sequencer that finds it taken returns
  at once instead of waiting: the one running takes its records too (it looks again
  after releasing the lock), so no request ever waits for another request's work.
  After a commit (outside a transaction) a batch is two messages of several statements
  each (_chain_batch_in_two_trips); inside one, Django's transaction (the operator's
  commands with `wait`, tests).
- SQLite: write transactions hold the database lock, which serialises sequencers.

Queued leaves without a valid leaf seal (a queue row slipped in by someone without the
key) are never chained. A queue row with an empty leaf (queued again by the operator's
commands, or waiting when decision 0047 was installed) makes the sequencer read the
record and check its content seal instead. `audit verify` reports records left
unchained. Runs after every commit that wrote records, on the committing thread (a
thread of its own per process measured slower on 2 cores: docs/benchmarks.md), and from
`netwerkdossier audit sequence` (the operator's timer, for after a crash); `audit
verify` runs it first.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from psycopg import ClientCursor
from psycopg.pq import TransactionStatus

from .arrays import join, joined_array
from .chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    canonical_text,
    content_seal_text,
    leaf_hash,
    leaf_seal_text,
    link_hash,
)
from .checkpoint import checkpoint_after_commit
from .keys import mac_key, sealer
from .models import (
    AccessLogRecord,
    ChainHead,
    ChainLink,
    UnchainedRecord,
    queued_entries,
    queued_ids,
)

BATCH = 2000  # records per transaction (whole queue rows: at least one)
QUEUE_ROWS = 200  # queue rows read per transaction
LOCK_KEY = 0x4E44_4C4F47  # "NDLOG": the advisory lock only sequencers take
_TABLE = AccessLogRecord._meta.db_table
_HEAD = ChainHead._meta.db_table
_LINKS = ChainLink._meta.db_table
_QUEUE = UnchainedRecord._meta.db_table
# Table names are module constants. "Already chained" is one index probe per queued row
# (a LATERAL subquery with LIMIT cannot be turned into a join or a hashed subplan): as a
# join, or as EXISTS with the queue's stale statistics, PostgreSQL merged the queue with
# the whole link index from the first record on, or hashed the whole link table: a walk
# over the entire log on every run (docs/benchmarks.md, access log, session 13).
_QUEUED_PG = (f"SELECT q.id, q.record_ids, q.leaf, q.leaf_seal, l.done IS NOT NULL "  # noqa: S608
              f"FROM {_QUEUE} q "  # noqa: S608
              f"LEFT JOIN LATERAL (SELECT true AS done FROM {_LINKS} l "
              f"WHERE l.record_id = q.id LIMIT 1) l ON true {{where}} ORDER BY q.id "
              "LIMIT {limit}")
# SQLite has no LATERAL; it runs a correlated EXISTS once per row.
_QUEUED_SQLITE = (f"SELECT q.id, q.record_ids, q.leaf, q.leaf_seal, EXISTS "  # noqa: S608
                  f"(SELECT 1 FROM {_LINKS} l WHERE l.record_id = q.id) FROM {_QUEUE} q "
                  "{where} ORDER BY q.id LIMIT {limit}")
_WRITE_PG = (
    f"WITH chained AS (INSERT INTO {_LINKS} (position, record_id, leaf, prev_hash, hash, "  # noqa: S608
    f"seal) SELECT * FROM unnest({joined_array('bigint')}, {joined_array('bigint')}, "
    f"{joined_array('text')}, {joined_array('text')}, {joined_array('text')}, "
    f"{joined_array('text')})), "
    f"dequeued AS (DELETE FROM {_QUEUE} WHERE id = ANY({joined_array('bigint')})) "
    f"UPDATE {_HEAD} SET last_id = %s, last_hash = %s WHERE id = 1")


def requeue_window() -> timedelta:
    """How far back the timer's `audit sequence` looks for unchained records missing from
    the queue: twice the grace period, at least ten minutes. A record held back longer
    is reported by `audit verify`, which then looks at every record (`--all`)."""
    return max(timedelta(seconds=2 * settings.AUDIT_SEQUENCE_GRACE), timedelta(minutes=10))


def sequence(wait: bool = False, requeue_all: bool = False) -> int:
    """Chain every committed record in the queue; returns how many. Returns early,
    without waiting, when another sequencer is running, unless `wait` (the operator's
    commands and the purge, never a request), which also queues again any unchained
    record of the requeue_window() (or of all time: `requeue_all`) missing from the
    queue (a queue row removed by hand)."""
    if wait:
        _requeue(None if requeue_all else timezone.now() - requeue_window())
    total, refused = 0, set()
    while True:
        chained, more = _chain_batch(refused, wait)
        if chained is None:  # another sequencer runs; it looks again after releasing
            return total
        total += chained
        # Look once more after releasing the lock: a writer that committed while this
        # batch ran found the lock taken and left its records to this sequencer.
        if chained == 0 or (chained < BATCH and not (
                _waiting(refused) if more is None else more)):
            return total


def _requeue(since) -> None:
    """Queue again every unchained record (written since `since`) that no queue row
    holds, in a row of its own without a leaf: the sequencer then reads the record and
    checks its content seal. Takes queue rows of chained records off."""
    recent = "" if since is None else "r.occurred_at >= %s AND "
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {_QUEUE} WHERE EXISTS (SELECT 1 FROM {_LINKS} l "  # noqa: S608
                    f"WHERE l.record_id = {_QUEUE}.id)")
        cur.execute(f"SELECT r.id FROM {_TABLE} r WHERE {recent}NOT EXISTS "  # noqa: S608
                    f"(SELECT 1 FROM {_LINKS} l WHERE l.record_id = r.id)",
                    [] if since is None else [since])
        unchained = [row[0] for row in cur.fetchall()]
        if not unchained:
            return
        queued = {i for row in UnchainedRecord.objects.values_list("id", "record_ids")
                  for i in queued_ids(*row)}
        UnchainedRecord.objects.bulk_create(
            [UnchainedRecord(id=i) for i in unchained if i not in queued], batch_size=1000)


# Whether the sequencer lock is free this moment, without a transaction: taken and
# released in one statement (CASE fixes the order). A session-level try sees the
# transaction-level lock of another session.
_PROBE_PG = ("SELECT CASE WHEN pg_try_advisory_lock(%s) THEN pg_advisory_unlock(%s) "
             "ELSE false END")


def sequence_after_commit() -> None:
    """Run by append() after the request's commit; the access itself is done, and its
    locks are released: this waits for no other request. With writers at once, most
    find another sequencer running, which takes their records too: one round trip tells
    them so, instead of a transaction of four (docs/benchmarks.md, access log, session
    15)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cur:
            cur.execute(_PROBE_PG, [LOCK_KEY, LOCK_KEY])
            if not cur.fetchone()[0]:
                return
    sequence()


def _not_refused(refused: set) -> str:
    """The queue rows' filter that leaves out the refused ones: their ids (integers
    read from the queue) written into the SQL, so statements can go in one message."""
    return f"WHERE q.id NOT IN ({', '.join(str(int(i)) for i in refused)})" if refused else ""


def _waiting_sql(refused: set) -> str:
    # In id order, so PostgreSQL walks the queue's index, whose entries of dequeued rows
    # it marks dead as it passes, instead of the table's pages of dequeued rows (many
    # between two vacuums: 7-18 ms a look). Not EXISTS: it drops the ordering.
    return f"SELECT q.id FROM {_QUEUE} q {_not_refused(refused)} ORDER BY q.id LIMIT 1"  # noqa: S608


def _waiting(refused: set) -> bool:
    with connection.cursor() as cur:
        cur.execute(_waiting_sql(refused))
        return cur.fetchone() is not None


# The sequencer lock, tried, and the chain head, as one row whatever happens: whether the
# lock was taken, and the head (NULLs when the lock was not taken or there is no head
# yet). The head row is locked only when the advisory lock was taken. The commit need
# not wait for its WAL flush: if a crash loses it, its records are simply back in the
# queue (they leave it in the same transaction) and are chained again; not when a
# checkpoint follows (_checkpoint_due). No parallel workers for the small queue reads
# either: starting them costs more than the reads. LOCK_KEY is a constant written in, so
# the statement can share a message with others (_chain_batch_in_two_trips).
_LOCK_AND_HEAD_PG = (
    f"SELECT try.got, head.last_id, head.last_hash FROM (SELECT "  # noqa: S608
    f"pg_try_advisory_xact_lock({LOCK_KEY}) AS got, set_config('synchronous_commit', "
    "'off', true), set_config('max_parallel_workers_per_gather', '0', true)) AS try "
    f"LEFT JOIN LATERAL (SELECT last_id, last_hash FROM {_HEAD} WHERE id = 1 AND try.got "
    "FOR UPDATE) AS head ON true")


def _lock_and_head(cur, wait: bool) -> tuple[int, str] | None:
    """Take the sequencer lock and the chain head; None when another sequencer holds
    the lock (and not `wait`)."""
    if connection.vendor == "postgresql" and not wait:
        cur.execute(_LOCK_AND_HEAD_PG)
        got, *head = cur.fetchone()
        if not got:
            return None
        if head[0] is not None:
            return tuple(head)
    elif connection.vendor == "postgresql":
        cur.execute("SELECT pg_advisory_xact_lock(%s), set_config("
                    "'max_parallel_workers_per_gather', '0', true)", [LOCK_KEY])
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT last_id, last_hash FROM {_HEAD} WHERE id = 1{lock}"  # noqa: S608
    cur.execute(sql)
    row = cur.fetchone()
    if row is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        cur.execute(sql)
        row = cur.fetchone()
    return row


def _leaves_from_records(ids: list[int], seal) -> dict[int, str]:
    """The leaves of queued records without one, read from the records: only those
    with a valid content seal (written by the application)."""
    fields = (*CHAINED_FIELDS, "content_seal")
    leaves = {}
    for row in AccessLogRecord.objects.filter(id__in=ids).values_list(*fields):
        values = dict(zip(fields, row, strict=True))
        text = canonical_text(values)
        if values["content_seal"] == seal(content_seal_text(values, text)):
            leaves[values["id"]] = leaf_hash(text)
    return leaves


def _take(rows: list[tuple]) -> list[tuple]:
    """Queue rows, oldest first, until they hold BATCH records (at least one row)."""
    taken, records = [], 0
    for row in rows:
        if taken and records >= BATCH:
            break
        taken.append(row)
        records += row[1].count(",") + 1
    return taken


def _entries(rid, record_ids, leaves, leaf_seal, from_records, seal):
    """(record id, leaf) per record of a queue row, or None when the row is not the
    application's: its leaves need the writer's leaf seal over ids and leaves; a row
    without leaves takes each record's leaf from the record, if its content seal holds."""
    if leaves:
        if leaf_seal != seal(leaf_seal_text(record_ids or str(rid), leaves)):
            return None
        return queued_entries(rid, record_ids, leaves)
    entries = [(i, from_records.get(i)) for i in queued_ids(rid, record_ids)]
    return None if any(leaf is None for _i, leaf in entries) else entries


def _chain_batch(refused: set, wait: bool) -> tuple[int | None, bool | None]:
    """Chain one batch: (records chained, or None when another sequencer holds the lock;
    whether more rows wait in the queue, or None when not looked at yet)."""
    # Only in autocommit (after a commit): the batch begins and ends its own transaction.
    if connection.vendor == "postgresql" and not wait and connection.get_autocommit():
        done = _chain_batch_in_two_trips(refused)
        if done is not None:
            return done
    return _chain_batch_in_transaction(refused, wait), None


def _queued_sql(refused: set) -> str:
    queued = _QUEUED_PG if connection.vendor == "postgresql" else _QUEUED_SQLITE
    return queued.format(where=_not_refused(refused), limit=QUEUE_ROWS)


def _chain_batch_in_transaction(refused: set, wait: bool) -> int | None:
    seal = sealer(mac_key())
    with transaction.atomic(), connection.cursor() as cur:
        head = _lock_and_head(cur, wait)
        if head is None:
            return None
        cur.execute(_queued_sql(refused))
        chained, done_ids = _links_after(head, _take(cur.fetchall()), refused, seal)
        if not chained:
            _dequeue(done_ids)
            return 0
        _write(cur, chained, done_ids, chained[-1][0], chained[-1][4])
        if _checkpoint_due(head[0], chained):
            if connection.vendor == "postgresql":  # a signed head must be on disk first
                cur.execute("SET LOCAL synchronous_commit = on")
            transaction.on_commit(checkpoint_after_commit)
    return len(chained)


def _chain_batch_in_two_trips(refused: set) -> tuple[int | None, bool | None] | None:
    """The same batch on PostgreSQL after a commit (not inside a transaction), in two
    round trips instead of six (docs/benchmarks.md, access log, session 16): BEGIN, the
    lock and head, and the queue read in one message; the links, COMMIT and the look for
    more work in the next. In READ COMMITTED every statement of a message takes its own
    snapshot, so the queue read sees what the sequencer before this one committed, and
    the look after COMMIT sees what writers committed while this one held the lock
    (decision 0055). (None, None) when another sequencer holds the lock; None when
    there is no head yet: the caller then takes the way that creates it."""
    seal = sealer(mac_key())
    checkpoint = False
    with connection.cursor() as cur:
        raw = connection.connection
        try:
            cur.execute(f"BEGIN; {_LOCK_AND_HEAD_PG}; {_queued_sql(refused)}")
            cur.nextset()
            got, *head = cur.fetchone()
            cur.nextset()
            rows = cur.fetchall()
            if not got or head[0] is None:
                # As a statement: psycopg's rollback() would also drop its prepared
                # statements, which the writers then prepare again.
                cur.execute("ROLLBACK")
                return (None, None) if not got else None
            chained, done_ids = _links_after(head, _take(rows), refused, seal)
            statements = []
            if chained:
                statements.append(_write_sql(chained, done_ids, chained[-1][0],
                                             chained[-1][4]))
                checkpoint = _checkpoint_due(head[0], chained)
                if checkpoint:  # a signed head must be on disk first
                    statements.append("SET LOCAL synchronous_commit = on")
            elif done_ids:
                statements.append(_dequeue_sql(done_ids))
            cur.execute("; ".join([*statements, "COMMIT", _waiting_sql(refused)]))
            while cur.nextset():  # to the look for more work, the last statement
                pass
            more = cur.fetchone() is not None
        except BaseException:
            if raw.info.transaction_status != TransactionStatus.IDLE:
                raw.rollback()
            raise
    if checkpoint:
        checkpoint_after_commit()
    return len(chained), more


def _checkpoint_due(last_position: int, chained: list[tuple]) -> bool:
    """The batch crosses an AUDIT_CHECKPOINT_EVERY boundary."""
    every = settings.AUDIT_CHECKPOINT_EVERY
    return bool(every) and chained[-1][0] // every > last_position // every


def _links_after(head: tuple[int, str], queued: list[tuple], refused: set,
                 seal) -> tuple[list[tuple], list[int]]:
    """The links that chain the queued rows' records after the head (position,
    record id, leaf, prev_hash, hash, seal) and the ids of the rows to take off the
    queue; a row that is not the application's joins `refused` and stays."""
    last_position, prev = head
    unread = [i for rid, ids, leaves, _s, done in queued if not leaves and not done
              for i in queued_ids(rid, ids)]
    from_records = _leaves_from_records(unread, seal) if unread else {}
    chained, done_ids, seen = [], [], set()
    position = last_position
    for rid, record_ids, leaves, leaf_seal, already in queued:
        if already:  # its first record is chained (a row added by hand): only dequeued
            done_ids.append(rid)
            continue
        entries = _entries(rid, record_ids, leaves, leaf_seal, from_records, seal)
        if entries is None:  # not queued, or not written, by the application
            refused.add(rid)
            continue
        for record_id, leaf in entries:
            if record_id in seen:  # also in an earlier row (one added by hand)
                continue
            seen.add(record_id)
            position += 1
            digest = link_hash(prev, leaf)
            chained.append((position, record_id, leaf, prev, digest, seal(digest)))
            prev = digest
        done_ids.append(rid)
    return chained, done_ids


def _dequeue_sql(ids: list[int]) -> str:
    """Take these queue rows off (ids: integers read from the queue, written in)."""
    return f"DELETE FROM {_QUEUE} WHERE id IN ({', '.join(str(int(i)) for i in ids)})"  # noqa: S608


def _dequeue(ids: list[int]) -> None:
    if ids:
        with connection.cursor() as cur:
            cur.execute(_dequeue_sql(ids))


def _write_params(chained: list[tuple], ids: list[int], position: int,
                  digest: str) -> list:
    # One statement, array parameters: cheap to send and to parse, whatever the batch.
    return [*(join(column) for column in zip(*chained, strict=True)), join(ids),
            position, digest]


def _write_sql(chained: list[tuple], ids: list[int], position: int, digest: str) -> str:
    """_WRITE_PG with its values written in (by psycopg's quoting), for a message of
    several statements."""
    return ClientCursor(connection.connection).mogrify(
        _WRITE_PG, _write_params(chained, ids, position, digest))


def _write(cur, chained: list[tuple], ids: list[int], position: int, digest: str) -> None:
    """Insert the links, take `ids` off the queue and move the head."""
    if connection.vendor == "postgresql":
        cur.execute(_WRITE_PG, _write_params(chained, ids, position, digest))
        return
    cur.executemany(f"INSERT INTO {_LINKS} (position, record_id, leaf, prev_hash, hash, "  # noqa: S608
                    "seal) VALUES (%s, %s, %s, %s, %s, %s)", chained)
    _dequeue(ids)
    cur.execute(f"UPDATE {_HEAD} SET last_id = %s, last_hash = %s WHERE id = 1",  # noqa: S608
                [position, digest])
