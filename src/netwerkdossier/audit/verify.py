"""Check the access log and name the first record that was altered, removed, reordered,
forged or rewritten (decisions 0027, 0031 and 0047).

Records are named by their position in the chain ("record N"). Five checks, each naming
a record where it can; the smallest position wins:
1. the chain: every link has the next position (no gaps), names its predecessor's hash
   as prev_hash and carries the hash of its leaf (chain.link_hash); its record is there
   and its canonical text hashes to the leaf (a link without a leaf, chained before
   decision 0047: the hash covers the record's text, chain.record_hash); the chain head
   names the newest link;
2. the seals: a record's seal is the HMAC of its hash under the access-log key. Since
   each hash covers every record before it, the newest record's valid seal vouches for
   the whole chain that (1) found intact; only when something is wrong are all seals
   walked, to name the first record appended or re-hashed by someone without the key;
3. the checkpoints (outside the database, signed): the record each one names is still
   there with the same hash, so a shortened log is named at its first missing record;
4. the records not chained yet: each must carry a valid content seal (else it was not
   written by the application) and be younger than AUDIT_SEQUENCE_GRACE seconds (else
   the sequencer has stopped, or someone holds records back);
5. the append-only guard: the triggers are there, enabled and unchanged.

After a retention purge the chain starts at the first kept record, with the hash named
in the sealed "audit.purge" record (purge.py).

On PostgreSQL the server checks the chain per row and returns only the first bad
record, in two kinds of query: the links alone in position order (predecessor with a
window function, link hash), and the records joined to their links in id order (leaf
or legacy hash; a link without its record; records without a link, which are the
unchained ones). A large log is checked in ranges in parallel, one connection per core.
On SQLite (tests, demo) the links are walked in Python. Both give the same result
(tests/audit).
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    content_seal_text,
    hash_sql,
    leaf_of,
    leaf_sql,
    link_digest,
    link_hash_sql,
)
from .checkpoint import all_checkpoints
from .keys import mac_key, sealer
from .models import AccessLogRecord, ChainHead, ChainLink
from .triggers import PURGE_EVENT, guard_problems

_TABLE = AccessLogRecord._meta.db_table
_HEAD = ChainHead._meta.db_table
_LINKS = ChainLink._meta.db_table


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None  # a position in the chain
    problem: str = ""
    waiting: int = 0  # records written but not chained yet (within the grace period)
    # Ids of the records without a link, when the check found them on the way.
    unchained_ids: list | None = field(default=None, compare=False, repr=False)


def _missing(expected_id: int, present_id: int) -> VerifyResult:
    return VerifyResult(False, expected_id - 1, expected_id,
                        f"record {expected_id} is missing (next present is {present_id})")


def _unlinked(rid: int, checked: int) -> VerifyResult:
    return VerifyResult(False, checked, rid,
                        f"record {rid} does not follow its predecessor (removed or reordered)")


def _altered(rid: int, checked: int) -> VerifyResult:
    return VerifyResult(False, checked, rid, f"record {rid} was altered")


def _record_missing(rid: int, checked: int) -> VerifyResult:
    return VerifyResult(False, checked, rid,
                        f"record {rid} is missing (its chain link is still there)")


def _check_head(head, last_id: int, last_hash: str) -> VerifyResult:
    """All records verified; the head must name the newest."""
    if head is None:
        if last_id:
            return VerifyResult(False, last_id, None, "the chain head row is missing")
        return VerifyResult(True, 0)
    head_id, head_hash = head
    if head_id < last_id:
        return VerifyResult(False, head_id, head_id + 1,
                            f"record {head_id + 1} lies beyond the chain head (record "
                            f"{head_id}): appended outside the application, or the head "
                            "was moved back")
    if head_id > last_id:
        return VerifyResult(False, last_id, last_id + 1,
                            f"records {last_id + 1} to {head_id} were removed (the chain "
                            f"head names record {head_id})")
    if head_hash != last_hash:
        return VerifyResult(False, last_id - 1, last_id,
                            f"the chain head does not match record {last_id}")
    return VerifyResult(True, last_id)


def verify_chain(chunk_size: int = 20000) -> VerifyResult:
    """Check the log as it is committed; writes nothing (`audit verify` runs the
    sequencer first)."""
    start, start_hash, start_problem = _chain_start()
    if start_problem:
        chain = start_problem
    elif connection.vendor == "postgresql":
        chain = _verify_postgresql(start=start, start_hash=start_hash)
    else:
        chain = _verify_python(chunk_size, start, start_hash)
    checkpoints = _check_checkpoints(start)
    sealed = None
    if not chain.ok or checkpoints or not _newest_sealed():
        sealed = _first_unsealed(start)  # something is wrong: name the first forgery
    if chain.ok and chain.checked:
        chain.checked -= start - 1  # records verified, after a purge too
    waiting, unchained = _check_unchained(chain.unchained_ids)
    chain.waiting = waiting
    findings = [f for f in (chain, sealed, *checkpoints) if f and not f.ok]
    guard = guard_problems(connection)
    guarded = [f"append-only guard: {'; '.join(guard)}"] if guard else []
    return _combine(chain, findings, [*unchained, *guarded])


def _combine(chain: VerifyResult, findings: list[VerifyResult],
             other: list[str]) -> VerifyResult:
    named = sorted((f for f in findings if f.first_bad_id is not None),
                   key=lambda f: f.first_bad_id)
    extra = [f.problem for f in findings if f.first_bad_id is None] + other
    if named:
        first = named[0]
        problem = "; ".join([first.problem, *extra])
        return VerifyResult(False, first.checked, first.first_bad_id, problem, chain.waiting)
    if extra:
        return VerifyResult(False, chain.checked, None, "; ".join(extra), chain.waiting)
    return chain


def _chain_start() -> tuple[int, str, VerifyResult | None]:
    """Where the chain starts: position 1 after the genesis hash, or after a retention
    purge the first kept record, after the hash its sealed audit.purge record names."""
    oldest = _chained().order_by("position").values_list("position", flat=True).first()
    if oldest is None or oldest == 1:
        return 1, GENESIS_HASH, None
    seal = sealer(mac_key())
    for object_ids, digest, stored in _chained().filter(
            record__event_code=PURGE_EVENT).order_by("-position").values_list(
            "record__object_ids", "hash", "seal"):
        if object_ids[:1] == [str(oldest)] and len(object_ids) > 1 and stored == seal(digest):
            return oldest, object_ids[1], None
    return 1, GENESIS_HASH, _missing(1, oldest)


def _chained():
    return ChainLink.objects.all()


def _newest_sealed() -> bool:
    """The newest chained record carries a valid seal (true for an empty chain)."""
    newest = _chained().order_by("-position").values_list("hash", "seal").first()
    return newest is None or newest[1] == sealer(mac_key())(newest[0])


SEAL_CHUNK = 100_000  # positions per query of the seal walk (keyset pages)


def _first_unsealed(start: int, chunk: int = SEAL_CHUNK) -> VerifyResult | None:
    """The first record whose seal is not the HMAC of its hash under the key."""
    seal = sealer(mac_key())
    sql = (f"SELECT position, hash, seal FROM {_LINKS} "  # noqa: S608
           "WHERE position >= %s AND position < %s ORDER BY position")
    with connection.cursor() as cur:
        cur.execute(f"SELECT max(position) FROM {_LINKS}")  # noqa: S608
        newest = cur.fetchone()[0] or 0
        for lo in range(start, newest + 1, chunk):
            cur.execute(sql, [lo, lo + chunk])
            for position, record_hash_, stored in cur.fetchall():
                if stored != seal(record_hash_):
                    return VerifyResult(False, position - start, position,
                                        f"record {position} is not sealed with the "
                                        "access-log key (forged, or re-hashed after a change)")
    return None


UNCHAINED_CHUNK = 10_000


def _check_unchained(ids: list | None = None) -> tuple[int, list[str]]:
    """Records written but not chained yet (`ids`, when the chain check found them):
    how many are fine (young, sealed by the writer), and the problems with the others."""
    seal = sealer(mac_key())
    fields = (*CHAINED_FIELDS, "content_seal")
    too_old = timezone.now() - timedelta(seconds=settings.AUDIT_SEQUENCE_GRACE)
    fine, forged, late = 0, [], []
    if ids is None:
        found = [AccessLogRecord.objects.filter(link__isnull=True)]
    else:  # in pieces: a stopped sequencer can leave very many
        found = [AccessLogRecord.objects.filter(id__in=ids[i:i + UNCHAINED_CHUNK])
                 for i in range(0, len(ids), UNCHAINED_CHUNK)]
    rows = (row for records in found
            for row in records.order_by("id").values_list(*fields).iterator(chunk_size=2000))
    for row in rows:
        values = dict(zip(fields, row, strict=True))
        if values["content_seal"] != seal(content_seal_text(values)):
            forged.append(values["id"])
        elif values["occurred_at"] < too_old:
            late.append(values["id"])
        else:
            fine += 1
    problems = []
    if forged:
        problems.append(f"{len(forged)} unchained records were not written by the "
                        f"application (no valid content seal; first id {forged[0]})")
    if late:
        problems.append(f"{len(late)} records wait longer than "
                        f"{settings.AUDIT_SEQUENCE_GRACE} s to be chained (first id "
                        f"{late[0]}): is `netwerkdossier audit sequence` scheduled?")
    return fine, problems


def _check_checkpoints(start: int) -> list[VerifyResult]:
    """Each signed checkpoint's record must still be there with the same hash; a file
    without a valid signature is reported, and the others are still checked."""
    checkpoints = all_checkpoints()
    findings = []
    bad_files = [c.file for c in checkpoints if not c.signature_ok]
    if bad_files:
        findings.append(VerifyResult(False, 0, None, "checkpoint files without a valid "
                                     "signature: " + ", ".join(bad_files)))
    wanted = [c for c in checkpoints if c.signature_ok and c.last_id >= start]
    if not wanted:
        return findings
    newest = _chained().order_by("-position").values_list("position", flat=True).first() or 0
    hashes = {}
    positions = [c.last_id for c in wanted]
    for i in range(0, len(positions), 500):
        hashes.update(ChainLink.objects.filter(
            position__in=positions[i:i + 500]).values_list("position", "hash"))
    for c in wanted:
        found = hashes.get(c.last_id)
        if found is None and c.last_id > newest:
            return [*findings, VerifyResult(
                False, newest - start + 1, newest + 1, f"records {newest + 1} to "
                f"{c.last_id} were removed (checkpoint {c.file} names record {c.last_id})")]
        if found != c.last_hash:
            return [*findings, VerifyResult(
                False, c.last_id - start, c.last_id,
                f"record {c.last_id} is missing or differs from checkpoint {c.file}")]
    return findings


def _verify_python(chunk_size: int, start: int = 1,
                   start_hash: str = GENESIS_HASH) -> VerifyResult:
    prev_hash = start_hash
    expected = start
    links = ChainLink.objects.order_by("position").values_list(
        "position", "record_id", "leaf", "prev_hash", "hash")
    chunk = []

    def walk(chunk):
        nonlocal prev_hash, expected
        records = {row[0]: dict(zip(CHAINED_FIELDS, row, strict=True)) for row in
                   AccessLogRecord.objects.filter(id__in=[link[1] for link in chunk])
                   .values_list(*CHAINED_FIELDS)}
        for position, record_id, leaf, stored_prev, stored_hash in chunk:
            if position != expected:
                return _missing(expected, position)
            values = records.get(record_id)
            if values is None:
                return _record_missing(position, expected - 1)
            if stored_prev != prev_hash:
                return _unlinked(position, expected - 1)
            if (link_digest(stored_prev, leaf, values) != stored_hash
                    or (leaf and leaf_of(values) != leaf)):
                return _altered(position, expected - 1)
            prev_hash = stored_hash
            expected += 1
        return None

    for link in links.iterator(chunk_size=chunk_size):
        chunk.append(link)
        if len(chunk) >= chunk_size:
            found, chunk = walk(chunk), []
            if found:
                return found
    found = walk(chunk) if chunk else None
    if found:
        return found
    head = ChainHead.objects.filter(pk=1).values_list("last_id", "last_hash").first()
    return _check_head(head, expected - 1, prev_hash)


# The links at positions [lo, hi], in position order: gaps, predecessors and link hashes
# (a legacy link's hash covers its record's text: RECORDS_SQL checks it).
# %(start_before)s/%(genesis)s stand for the link before the chain's start. The planner
# keeps the window's position order, so the LIMIT stops at the first bad link.
LINKS_SQL = f"""
WITH pred AS (
    SELECT coalesce((SELECT position FROM {_LINKS} WHERE position < %(lo)s
                     ORDER BY position DESC LIMIT 1), %(start_before)s) AS position,
           coalesce((SELECT hash FROM {_LINKS} WHERE position < %(lo)s
                     ORDER BY position DESC LIMIT 1), %(genesis)s) AS hash
), checked AS (
    SELECT l.position,
           coalesce(lag(l.position) OVER w, (SELECT position FROM pred)) AS before,
           coalesce(l.prev_hash = coalesce(lag(l.hash) OVER w, (SELECT hash FROM pred)),
                    false) AS linked,
           (l.leaf = '' OR coalesce(l.hash = {link_hash_sql("l")}, false)) AS intact
    FROM {_LINKS} AS l
    WHERE l.position >= %(lo)s AND l.position <= %(hi)s
    -- lag() ignores the frame; a frame of one row lets the window drop the rows it passed.
    WINDOW w AS (ORDER BY l.position ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
)
SELECT position, before, linked FROM checked
WHERE position <> before + 1 OR NOT linked OR NOT intact
ORDER BY position LIMIT 1
"""  # noqa: S608 - table names and expressions are module constants

# The records with ids in [lo, hi] and the links naming them (up to the newest link
# read before the check): the first link whose record is gone, the first whose record
# does not give its leaf (legacy: its hash), and the records without a link.
RECORDS_SQL = f"""
SELECT min(position) FILTER (WHERE record_id IS NULL),
       min(position) FILTER (WHERE record_id IS NOT NULL AND position IS NOT NULL),
       coalesce(array_agg(record_id) FILTER (WHERE position IS NULL), '{{}}')
FROM (
    SELECT r.id AS record_id, l.position
    FROM (SELECT * FROM {_TABLE} WHERE id >= %(lo)s AND id <= %(hi)s) AS r
    FULL JOIN (SELECT position, record_id, leaf, prev_hash, hash FROM {_LINKS}
               WHERE record_id >= %(lo)s AND record_id <= %(hi)s
                 AND position >= %(start)s AND position <= %(newest)s) AS l
      ON l.record_id = r.id
    WHERE r.id IS NULL OR l.position IS NULL OR NOT
          CASE WHEN l.leaf = '' THEN coalesce(l.hash = {hash_sql("r", "l.prev_hash")}, false)
               ELSE coalesce(l.leaf = {leaf_sql("r")}, false) END
) AS bad
"""  # noqa: S608 - only the rows that are wrong (or unchained) reach the aggregate

# The newest link, the chain head and the id range of records and links, in one
# snapshot.
NEWEST_SQL = f"""
SELECT newest.position, newest.hash, head.last_id, head.last_hash, head.last_id IS NOT NULL,
       least((SELECT min(id) FROM {_TABLE}), (SELECT min(record_id) FROM {_LINKS})),
       greatest((SELECT max(id) FROM {_TABLE}), (SELECT max(record_id) FROM {_LINKS}))
FROM (SELECT 1) AS one
LEFT JOIN (SELECT position, hash FROM {_LINKS} ORDER BY position DESC LIMIT 1) AS newest
  ON true
LEFT JOIN (SELECT last_id, last_hash FROM {_HEAD} WHERE id = 1) AS head ON true
"""  # noqa: S608

PARALLEL_FROM = 1_000_000  # records; below this one statement of each kind on one connection
# Record ranges per thread (links: half as many). 2, 4 and 8 took the same time at one
# million records; one range per thread left a core idle at the end (docs/benchmarks.md).
RANGES_PER_WORKER = 4


def _check(conn, kind: str, params: dict):
    with conn.cursor() as cur:
        cur.execute(LINKS_SQL if kind == "links" else RECORDS_SQL, params)
        return kind, cur.fetchone()


class _Connections:
    """One connection per pool thread, kept for all the ranges that thread checks, so
    more and smaller ranges cost no more connections."""

    def __init__(self):
        self._local = threading.local()
        self._opened = []
        self._lock = threading.Lock()

    def check(self, kind: str, params: dict):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connection.copy()
            conn.inc_thread_sharing()  # closed by the calling thread in close()
            with self._lock:
                self._opened.append(conn)
            with conn.cursor() as cur:
                # Records and links meet in a merge join of two index scans in id order;
                # a hash join of millions of rows would spill to disk.
                cur.execute("SET enable_hashjoin = off")
        return _check(conn, kind, params)

    def close(self):
        for conn in self._opened:
            conn.close()
            conn.dec_thread_sharing()


def _ranges(lo: int, hi: int, parts: int) -> list[tuple[int, int]]:
    step = max(1, -(-(hi - lo + 1) // parts))
    return [(a, min(a + step - 1, hi)) for a in range(lo, hi + 1, step)]


def _verify_postgresql(workers: int | None = None, parallel_from: int = PARALLEL_FROM,
                       start: int = 1, start_hash: str = GENESIS_HASH) -> VerifyResult:
    """Check every link and record on the server. Links and records never change (the
    triggers), so a large log is split into ranges that are checked at the same time
    on their own connections, one per core; outside a transaction only, since other
    connections cannot see uncommitted records."""
    with connection.cursor() as cur:
        cur.execute(NEWEST_SQL)
        newest, newest_hash, head_id, head_hash, has_head, low_id, high_id = cur.fetchone()
    newest = newest or 0
    common = {"genesis": start_hash, "start_before": start - 1, "start": start,
              "newest": newest}
    workers = workers or min(4, os.cpu_count() or 1)
    parallel = (workers > 1 and newest >= parallel_from and not connection.in_atomic_block)
    tasks = []
    # Ranges small enough that the threads finish close together: the records (the
    # heavier kind, about twice the links' time) first.
    parts = RANGES_PER_WORKER * workers if parallel else 1
    if low_id is not None:
        tasks += [("records", {**common, "lo": a, "hi": b})
                  for a, b in _ranges(low_id, high_id, parts)]
    tasks += [("links", {**common, "lo": a, "hi": b})
              for a, b in _ranges(start, max(newest, start), max(1, parts // 2))]
    if parallel:
        connections = _Connections()
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                answers = list(pool.map(lambda t: connections.check(*t), tasks))
        finally:
            connections.close()
    else:
        answers = [_check(connection, kind, params) for kind, params in tasks]
    found, unchained = [], []
    for kind, row in answers:
        if kind == "links" and row:
            bad, before, linked = row
            if bad != before + 1:
                found.append((before + 1, 0, _missing(before + 1, bad)))
            elif not linked:
                found.append((bad, 2, _unlinked(bad, bad - 1)))
            else:
                found.append((bad, 3, _altered(bad, bad - 1)))
        elif kind == "records":
            missing, altered, ids = row
            if missing is not None:
                found.append((missing, 1, _record_missing(missing, missing - 1)))
            if altered is not None:
                found.append((altered, 3, _altered(altered, altered - 1)))
            unchained += ids
    if found:
        result = min(found, key=lambda f: f[:2])[2]
    else:
        head = (head_id, head_hash) if has_head else None
        result = _check_head(head, newest, newest_hash or start_hash)
    result.unchained_ids = sorted(unchained)
    return result
