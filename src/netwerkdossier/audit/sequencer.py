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

from .chain import CHAINED_FIELDS, GENESIS_HASH, content_seal_text, record_hash
from .checkpoint import checkpoint_after_commit
from .keys import mac_key, sealer
from .models import AccessLogRecord, ChainHead, UnchainedRecord

BATCH = 2000  # records per transaction
LOCK_KEY = 0x4E44_4C4F47  # "NDLOG": the advisory lock only sequencers take
_TABLE = AccessLogRecord._meta.db_table
_HEAD = ChainHead._meta.db_table
_QUEUE = UnchainedRecord._meta.db_table
_READ = (*CHAINED_FIELDS, "content_seal")


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
        if chained < BATCH and not _waiting(refused):
            return total


def _requeue() -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"INSERT INTO {_QUEUE} (id) SELECT r.id FROM {_TABLE} r "  # noqa: S608
                    f"WHERE r.position IS NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {_QUEUE} q WHERE q.id = r.id)")


def sequence_after_commit() -> None:
    """Run by append() after the request's commit; the access itself is done, and its
    locks are released: this waits for no other request."""
    sequence()


def _waiting(refused: set) -> bool:
    return UnchainedRecord.objects.exclude(id__in=refused).exists()


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


def _chain_batch(refused: set, wait: bool) -> int | None:
    seal = sealer(mac_key())
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            if wait:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            else:
                cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
                if not cur.fetchone()[0]:
                    return None
        last_position, prev = _head_for_update(cur)
        queued = list(UnchainedRecord.objects.exclude(id__in=refused).order_by("id")
                      .values_list("id", flat=True)[:BATCH])
        if not queued:
            return 0
        waiting = (AccessLogRecord.objects.filter(id__in=queued, position__isnull=True)
                   .order_by("id").values_list(*_READ))
        chained = []
        position = last_position
        for row in waiting:
            values = dict(zip(_READ, row, strict=True))
            if values["content_seal"] != seal(content_seal_text(values)):
                refused.add(values["id"])  # not written by the application
                continue
            position += 1
            digest = record_hash(prev, values)
            chained.append((values["id"], position, prev, digest, seal(digest)))
            prev = digest
        # Off the queue: what was chained, and ids whose record is chained or gone.
        UnchainedRecord.objects.filter(id__in=[i for i in queued if i not in refused]).delete()
        if not chained:
            return 0
        _write(cur, chained)
        cur.execute(f"UPDATE {_HEAD} SET last_id = %s, last_hash = %s WHERE id = 1",  # noqa: S608
                    [position, prev])
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every and position // every > last_position // every:
            transaction.on_commit(checkpoint_after_commit)
    return len(chained)


def _write(cur, chained: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        rows = ", ".join(["(%s::bigint, %s::bigint, %s, %s, %s)"] * len(chained))
        cur.execute(
            f"UPDATE {_TABLE} AS r SET position = v.position, prev_hash = v.prev_hash, "  # noqa: S608
            f"hash = v.hash, seal = v.seal FROM (VALUES {rows}) "
            "AS v(id, position, prev_hash, hash, seal) WHERE r.id = v.id",
            [v for row in chained for v in row])
        return
    cur.executemany(f"UPDATE {_TABLE} SET position = %s, prev_hash = %s, hash = %s, "  # noqa: S608
                    "seal = %s WHERE id = %s",
                    [(p, ph, h, s, rid) for rid, p, ph, h, s in chained])
