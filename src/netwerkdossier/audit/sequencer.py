"""The sequencer: gives written access-log records their place in the hash chain
(decision 0031).

Requests write records without touching the chain, and put their ids in the queue
table (log.py). A moment later, after the request has committed, one sequencer at a
time takes the queued records, oldest id first, and gives them positions after the
chain head, prev_hash, hash and seal, in one UPDATE (the only UPDATE the append-only
guard allows, once per record), takes them off the queue and moves the head. The key
stays in this process: the hashes and seals are computed here, not in the database.

- PostgreSQL: pg_try_advisory_xact_lock. A second sequencer that finds it taken returns
  at once instead of waiting: the one running takes its records too (it looks again
  after releasing the lock), so no request ever waits for another request's work.
- SQLite: write transactions hold the database lock, which serialises sequencers.

A record whose content seal is not valid (slipped into the table by someone without
the key) is never chained; `audit verify` reports it. Runs after every commit that
wrote records, on the committing thread (a thread of its own per process measured
slower on 2 cores: docs/benchmarks.md), and from `netwerkdossier audit sequence` (the
operator's timer, for after a crash); `audit verify` runs it first.
"""

from django.conf import settings
from django.db import connection, transaction

from .chain import CHAINED_FIELDS, GENESIS_HASH, canonical_text, content_seal_text, record_hash
from .checkpoint import checkpoint_after_commit
from .keys import mac_key, sealer
from .models import AccessLogRecord, ChainHead, UnchainedRecord

BATCH = 2000  # records per transaction
LOCK_KEY = 0x4E44_4C4F47  # "NDLOG": the advisory lock only sequencers take
_TABLE = AccessLogRecord._meta.db_table
_HEAD = ChainHead._meta.db_table
_QUEUE = UnchainedRecord._meta.db_table
_READ = (*CHAINED_FIELDS, "content_seal")
# Table names are module constants.
_WRITE_PG = (
    "WITH v AS (SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], "  # noqa: S608
    "%s::text[]) AS v(id, position, prev_hash, hash, seal)), "
    f"chained AS (UPDATE {_TABLE} AS r SET position = v.position, prev_hash = v.prev_hash, "
    "hash = v.hash, seal = v.seal FROM v WHERE r.id = v.id), "
    f"dequeued AS (DELETE FROM {_QUEUE} WHERE id = ANY(%s)) "
    f"UPDATE {_HEAD} SET last_id = %s, last_hash = %s WHERE id = 1")


def sequence(wait: bool = False) -> int:
    """Chain every committed record in the queue; returns how many. Returns early,
    without waiting, when another sequencer is running, unless `wait` (the operator's
    commands and the purge, never a request), which also queues again any unchained
    record missing from the queue (a crash, or a queue row removed by hand)."""
    if wait:
        _requeue()
    total, refused = 0, set()
    while True:
        chained = _chain_batch(refused, wait)
        if chained is None:  # another sequencer runs; it looks again after releasing
            return total
        total += chained
        # Look once more after releasing the lock: a writer that committed while this
        # batch ran found the lock taken and left its records to this sequencer.
        if chained == 0 or (chained < BATCH and not _waiting(refused)):
            return total


def _requeue() -> None:
    """Put the queue right: every unchained record in it, nothing else."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {_QUEUE} WHERE NOT EXISTS (SELECT 1 FROM {_TABLE} r "  # noqa: S608
                    f"WHERE r.id = {_QUEUE}.id AND r.position IS NULL)")
        cur.execute(f"INSERT INTO {_QUEUE} (id) SELECT r.id FROM {_TABLE} r "  # noqa: S608
                    f"WHERE r.position IS NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {_QUEUE} q WHERE q.id = r.id)")


def sequence_after_commit() -> None:
    """Run by append() after the request's commit; the access itself is done, and its
    locks are released: this waits for no other request."""
    sequence()


def _waiting(refused: set) -> bool:
    return UnchainedRecord.objects.exclude(id__in=refused).exists()


def _lock_and_head(cur, wait: bool) -> tuple[int, str] | None:
    """Take the sequencer lock and the chain head; None when another sequencer holds
    the lock (and not `wait`). On PostgreSQL one statement: the try-lock is the row's
    filter, so the head row is locked only when the advisory lock was taken."""
    if connection.vendor == "postgresql" and not wait:
        # The commit need not wait for its WAL flush: if a crash loses it, its records
        # are simply back in the queue (they leave it in the same transaction) and are
        # chained again. Not when a checkpoint follows (_chain_batch switches it back).
        cur.execute(f"SELECT last_id, last_hash, set_config('synchronous_commit', 'off', "  # noqa: S608
                    f"true) FROM {_HEAD} WHERE id = 1 AND pg_try_advisory_xact_lock(%s) "
                    "FOR UPDATE", [LOCK_KEY])
        row = cur.fetchone()
        if row is not None:
            return row[:2]
        # No head yet, or the lock is taken: the try is re-entrant, so ask once more.
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        if not cur.fetchone()[0]:
            return None
    elif connection.vendor == "postgresql":
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT last_id, last_hash FROM {_HEAD} WHERE id = 1{lock}"  # noqa: S608
    cur.execute(sql)
    row = cur.fetchone()
    if row is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        cur.execute(sql)
        row = cur.fetchone()
    return row


def _chain_batch(refused: set, wait: bool) -> int | None:
    seal = sealer(mac_key())
    with transaction.atomic(), connection.cursor() as cur:
        head = _lock_and_head(cur, wait)
        if head is None:
            return None
        last_position, prev = head
        queued = list(UnchainedRecord.objects.exclude(id__in=refused).order_by("id")
                      .values_list("id", flat=True)[:BATCH])
        if not queued:
            return 0
        # By id only: a filter on position would let the planner pick the log's partial
        # index of unchained records, which is full of dead entries between vacuums.
        waiting = (AccessLogRecord.objects.filter(id__in=queued).order_by("id")
                   .values_list("position", *_READ))
        chained = []
        position = last_position
        for already, *row in waiting:
            if already is not None:
                continue  # chained (a queue row added by hand): only dequeued
            values = dict(zip(_READ, row, strict=True))
            text = canonical_text(values)
            if values["content_seal"] != seal(content_seal_text(values, text)):
                refused.add(values["id"])  # not written by the application
                continue
            position += 1
            digest = record_hash(prev, values, text)
            chained.append((values["id"], position, prev, digest, seal(digest)))
            prev = digest
        done = [i for i in queued if i not in refused]
        if not chained:
            _dequeue(done)
            return 0
        _write(cur, chained, done, (position, prev))
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every and position // every > last_position // every:
            if connection.vendor == "postgresql":  # a signed head must be on disk first
                cur.execute("SET LOCAL synchronous_commit = on")
            transaction.on_commit(checkpoint_after_commit)
    return len(chained)


def _dequeue(ids: list[int]) -> None:
    UnchainedRecord.objects.filter(id__in=ids).delete()


def _write(cur, chained: list[tuple], ids: list[int], head: tuple[int, str]) -> None:
    """Chain the records, take `ids` off the queue and move the head."""
    if connection.vendor == "postgresql":
        # One statement, five array parameters: cheap to send and to parse, whatever
        # the batch size.
        cur.execute(_WRITE_PG, [*(list(column) for column in zip(*chained, strict=True)),
                                ids, *head])
        return
    cur.executemany(f"UPDATE {_TABLE} SET position = %s, prev_hash = %s, hash = %s, "  # noqa: S608
                    "seal = %s WHERE id = %s",
                    [(p, ph, h, s, rid) for rid, p, ph, h, s in chained])
    _dequeue(ids)
    cur.execute(f"UPDATE {_HEAD} SET last_id = %s, last_hash = %s WHERE id = 1",  # noqa: S608
                list(head))
