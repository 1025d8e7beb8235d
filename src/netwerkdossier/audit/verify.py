"""Check the access log and name the first record that was altered, removed, reordered,
forged or rewritten (decision 0027).

Four checks, each naming a record where it can; the smallest id wins:
1. the chain: every record carries the next id (no gaps), names its predecessor's hash
   as prev_hash and hashes to its stored hash; the chain head names the newest record;
2. the seals: every record's seal is the HMAC of its hash under the access-log key, so a
   record appended or re-hashed by someone without the key is named;
3. the checkpoints (outside the database, signed): the record each one names is still
   there with the same hash, so a shortened log is named at its first missing record;
4. the append-only guard: the triggers are there, enabled and unchanged.

After a retention purge the chain starts at the first kept record, with the hash named
in the sealed "audit.purge" record (purge.py).

On PostgreSQL the server checks the chain per row (the hash with chain.hash_sql(), the
predecessor with window functions) and returns only the first bad record; a large log
is checked in id ranges in parallel, one connection per core. On SQLite (tests, demo)
the records are walked in Python. Both give the same result (tests/audit).
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection

from .chain import CHAINED_FIELDS, GENESIS_HASH, hash_sql, record_hash
from .checkpoint import all_checkpoints
from .keys import mac_key, sealer
from .models import AccessLogRecord, ChainHead
from .triggers import PURGE_EVENT, guard_problems

_TABLE = AccessLogRecord._meta.db_table
_HEAD = ChainHead._meta.db_table


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def _missing(expected_id: int, present_id: int) -> VerifyResult:
    return VerifyResult(False, expected_id - 1, expected_id,
                        f"record {expected_id} is missing (next present is {present_id})")


def _unlinked(rid: int, checked: int) -> VerifyResult:
    return VerifyResult(False, checked, rid,
                        f"record {rid} does not follow its predecessor (removed or reordered)")


def _altered(rid: int, checked: int) -> VerifyResult:
    return VerifyResult(False, checked, rid, f"record {rid} was altered")


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
    start_id, start_hash, start_problem = _chain_start()
    seals = None
    with ThreadPoolExecutor(max_workers=1) as pool:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The seals are checked in Python while the server checks the chain.
            seals = pool.submit(_first_unsealed_on_own_connection, start_id)
        if start_problem:
            chain = start_problem
        elif connection.vendor == "postgresql":
            chain = _verify_postgresql(start_id=start_id, start_hash=start_hash)
        else:
            chain = _verify_python(chunk_size, start_id, start_hash)
        sealed = seals.result() if seals else _first_unsealed(start_id)
    if chain.ok and chain.checked:
        chain.checked -= start_id - 1  # records verified, after a purge too
    findings = [f for f in (chain, sealed, *_check_checkpoints(start_id)) if f and not f.ok]
    return _combine(chain, findings, guard_problems(connection))


def _combine(chain: VerifyResult, findings: list[VerifyResult],
             guard: list[str]) -> VerifyResult:
    named = sorted((f for f in findings if f.first_bad_id is not None),
                   key=lambda f: f.first_bad_id)
    unnamed = [f.problem for f in findings if f.first_bad_id is None]
    extra = unnamed + ([f"append-only guard: {'; '.join(guard)}"] if guard else [])
    if named:
        first = named[0]
        problem = "; ".join([first.problem, *extra])
        return VerifyResult(False, first.checked, first.first_bad_id, problem)
    if extra:
        return VerifyResult(False, chain.checked, None, "; ".join(extra))
    return chain


def _chain_start() -> tuple[int, str, VerifyResult | None]:
    """Where the chain starts: record 1 after the genesis hash, or after a retention
    purge the first kept record, after the hash its sealed audit.purge record names."""
    oldest = AccessLogRecord.objects.order_by("id").values_list("id", flat=True).first()
    if oldest is None or oldest == 1:
        return 1, GENESIS_HASH, None
    seal = sealer(mac_key())
    for object_ids, digest, stored in AccessLogRecord.objects.filter(
            event_code=PURGE_EVENT).order_by("-id").values_list("object_ids", "hash", "seal"):
        if object_ids[:1] == [str(oldest)] and len(object_ids) > 1 and stored == seal(digest):
            return oldest, object_ids[1], None
    return 1, GENESIS_HASH, _missing(1, oldest)


SEAL_CHUNK = 100_000  # ids per query of the seal walk (keyset pages, no server cursor)


def _first_unsealed(start_id: int, conn=None, chunk: int = SEAL_CHUNK) -> VerifyResult | None:
    """The first record whose seal is not the HMAC of its hash under the key."""
    seal = sealer(mac_key())
    sql = f"SELECT id, hash, seal FROM {_TABLE} WHERE id >= %s AND id < %s ORDER BY id"  # noqa: S608
    with (conn or connection).cursor() as cur:
        cur.execute(f"SELECT max(id) FROM {_TABLE}")  # noqa: S608
        newest = cur.fetchone()[0] or 0
        for lo in range(start_id, newest + 1, chunk):
            cur.execute(sql, [lo, lo + chunk])
            for rid, record_hash_, stored in cur.fetchall():
                if stored != seal(record_hash_):
                    return VerifyResult(False, rid - start_id, rid,
                                        f"record {rid} is not sealed with the access-log "
                                        "key (forged, or re-hashed after a change)")
    return None


def _first_unsealed_on_own_connection(start_id: int) -> VerifyResult | None:
    conn = connection.copy()
    try:
        return _first_unsealed(start_id, conn)
    finally:
        conn.close()


def _check_checkpoints(start_id: int) -> list[VerifyResult]:
    """Each signed checkpoint's record must still be there with the same hash; a file
    without a valid signature is reported, and the others are still checked."""
    checkpoints = all_checkpoints()
    findings = []
    bad_files = [c.file for c in checkpoints if not c.signature_ok]
    if bad_files:
        findings.append(VerifyResult(False, 0, None, "checkpoint files without a valid "
                                     "signature: " + ", ".join(bad_files)))
    wanted = [c for c in checkpoints if c.signature_ok and c.last_id >= start_id]
    if not wanted:
        return findings
    newest = AccessLogRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    hashes = {}
    ids = [c.last_id for c in wanted]
    for i in range(0, len(ids), 500):
        hashes.update(AccessLogRecord.objects.filter(pk__in=ids[i:i + 500]).values_list(
            "id", "hash"))
    for c in wanted:
        found = hashes.get(c.last_id)
        if found is None and c.last_id > newest:
            return [*findings, VerifyResult(
                False, newest - start_id + 1, newest + 1, f"records {newest + 1} to "
                f"{c.last_id} were removed (checkpoint {c.file} names record {c.last_id})")]
        if found != c.last_hash:
            return [*findings, VerifyResult(
                False, c.last_id - start_id, c.last_id,
                f"record {c.last_id} is missing or differs from checkpoint {c.file}")]
    return findings


def _verify_python(chunk_size: int, start_id: int = 1,
                   start_hash: str = GENESIS_HASH) -> VerifyResult:
    prev_hash = start_hash
    expected_id = start_id
    fields = (*CHAINED_FIELDS, "prev_hash", "hash")
    rows = AccessLogRecord.objects.order_by("id").values_list(*fields)
    for row in rows.iterator(chunk_size=chunk_size):
        values = dict(zip(fields, row, strict=True))
        rid = values["id"]
        if rid != expected_id:
            return _missing(expected_id, rid)
        if values["prev_hash"] != prev_hash:
            return _unlinked(rid, expected_id - 1)
        if record_hash(prev_hash, values) != values["hash"]:
            return _altered(rid, expected_id - 1)
        prev_hash = values["hash"]
        expected_id += 1
    head = ChainHead.objects.filter(pk=1).values_list("last_id", "last_hash").first()
    return _check_head(head, expected_id - 1, prev_hash)


# The checks of the records with ids in [lo, hi]; %(pred_id)s/%(pred_hash)s stand for the
# record before lo (the newest with a smaller id). The planner keeps the window's id
# order, so the LIMIT stops at the first bad record.
CHECK_SQL = f"""
WITH pred AS (
    SELECT coalesce((SELECT id FROM {_TABLE} WHERE id < %(lo)s ORDER BY id DESC LIMIT 1),
                    %(start_before)s) AS id,
           coalesce((SELECT hash FROM {_TABLE} WHERE id < %(lo)s ORDER BY id DESC LIMIT 1),
                    %(genesis)s) AS hash
), checked AS (
    SELECT r.id,
           coalesce(lag(r.id) OVER w, (SELECT id FROM pred)) AS before_id,
           coalesce(r.prev_hash = coalesce(lag(r.hash) OVER w, (SELECT hash FROM pred)),
                    false) AS linked,
           coalesce(r.hash = {hash_sql("r")}, false) AS intact
    FROM {_TABLE} AS r
    WHERE r.id >= %(lo)s AND r.id <= %(hi)s
    WINDOW w AS (ORDER BY r.id)
)
SELECT id, before_id, linked FROM checked
WHERE id <> before_id + 1 OR NOT linked OR NOT intact
ORDER BY id LIMIT 1
"""  # noqa: S608 - table names and expressions are module constants

# The newest record and the chain head, read in one snapshot.
NEWEST_SQL = f"""
SELECT newest.id, newest.hash, head.last_id, head.last_hash, head.last_id IS NOT NULL
FROM (SELECT 1) AS one
LEFT JOIN (SELECT id, hash FROM {_TABLE} ORDER BY id DESC LIMIT 1) AS newest ON true
LEFT JOIN (SELECT last_id, last_hash FROM {_HEAD} WHERE id = 1) AS head ON true
"""  # noqa: S608

PARALLEL_FROM = 1_000_000  # records; below this one statement on one connection


def _first_bad(conn, lo: int, hi: int, start_id: int = 1, start_hash: str = GENESIS_HASH):
    with conn.cursor() as cur:
        cur.execute(CHECK_SQL, {"lo": lo, "hi": hi, "genesis": start_hash,
                                "start_before": start_id - 1})
        return cur.fetchone()


def _check_range_on_own_connection(lo: int, hi: int, start_id: int, start_hash: str):
    conn = connection.copy()
    try:
        return _first_bad(conn, lo, hi, start_id, start_hash)
    finally:
        conn.close()


def _verify_postgresql(workers: int | None = None, parallel_from: int = PARALLEL_FROM,
                       start_id: int = 1, start_hash: str = GENESIS_HASH) -> VerifyResult:
    """Check every record on the server. Records below the newest one never change (the
    append-only triggers), so a large log is split into id ranges that are checked at
    the same time on their own connections, one per core; outside a transaction only,
    since other connections cannot see uncommitted records."""
    with connection.cursor() as cur:
        cur.execute(NEWEST_SQL)
        newest_id, newest_hash, head_id, head_hash, has_head = cur.fetchone()
    newest_id = newest_id or 0
    workers = workers or min(4, os.cpu_count() or 1)
    if workers > 1 and newest_id >= parallel_from and not connection.in_atomic_block:
        step = -(-newest_id // workers)
        bounds = [(lo, min(lo + step - 1, newest_id))
                  for lo in range(start_id, newest_id + 1, step)]
        with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
            found = [row for row in pool.map(
                lambda b: _check_range_on_own_connection(*b, start_id, start_hash), bounds)
                if row]
    else:
        row = _first_bad(connection, start_id, newest_id, start_id, start_hash)
        found = [row] if row else []
    if found:
        bad_id, before_id, linked = min(found)
        expected_id = before_id + 1
        if bad_id != expected_id:
            return _missing(expected_id, bad_id)
        if not linked:
            return _unlinked(bad_id, expected_id - 1)
        return _altered(bad_id, expected_id - 1)
    head = (head_id, head_hash) if has_head else None
    return _check_head(head, newest_id, newest_hash or start_hash)
