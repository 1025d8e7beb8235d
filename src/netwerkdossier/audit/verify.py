"""Walk the chain and name the first record that was altered, removed or reordered.

Every record must (1) carry the next id (ids run 1, 2, 3, ... without gaps), (2) name
its predecessor's hash as prev_hash, and (3) hash to its stored hash; the chain head
must name the newest record. The first record, in id order, that fails one of these is
reported, with the first failing test in that order.

On PostgreSQL the server checks all three per row (the hash with chain.hash_sql(), the
predecessor with window functions) and returns only the first bad record; a large log
is checked in id ranges in parallel, one connection per core. Python only reads the
answers. On SQLite (tests, demo)
the records are walked in Python. Both give the same result (tests/audit).
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection

from .chain import CHAINED_FIELDS, GENESIS_HASH, hash_sql, record_hash
from .models import AccessLogRecord, ChainHead

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
    """All records verified; the head must name the newest (else the tail was removed)."""
    if head is not None and (head[0] != last_id or head[1] != last_hash):
        return VerifyResult(False, last_id, last_id + 1,
                            f"the newest records after {last_id} were removed")
    return VerifyResult(True, last_id)


def verify_chain(chunk_size: int = 20000) -> VerifyResult:
    if connection.vendor == "postgresql":
        return _verify_postgresql()
    return _verify_python(chunk_size)


def _verify_python(chunk_size: int) -> VerifyResult:
    prev_hash = GENESIS_HASH
    expected_id = 1
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
    SELECT coalesce((SELECT id FROM {_TABLE} WHERE id < %(lo)s ORDER BY id DESC LIMIT 1), 0)
               AS id,
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


def _first_bad(conn, lo: int, hi: int):
    with conn.cursor() as cur:
        cur.execute(CHECK_SQL, {"lo": lo, "hi": hi, "genesis": GENESIS_HASH})
        return cur.fetchone()


def _check_range_on_own_connection(lo: int, hi: int):
    conn = connection.copy()
    try:
        return _first_bad(conn, lo, hi)
    finally:
        conn.close()


def _verify_postgresql(workers: int | None = None,
                       parallel_from: int = PARALLEL_FROM) -> VerifyResult:
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
        bounds = [(lo, min(lo + step - 1, newest_id)) for lo in range(1, newest_id + 1, step)]
        with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
            found = [row for row in pool.map(lambda b: _check_range_on_own_connection(*b),
                                             bounds) if row]
    else:
        row = _first_bad(connection, 1, newest_id)
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
    return _check_head(head, newest_id, newest_hash or GENESIS_HASH)
