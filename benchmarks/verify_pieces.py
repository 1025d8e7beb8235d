"""Where `audit verify` spends its time: each piece of its two queries, timed alone on one
connection (no parallel workers, jit off, warm: the median of --runs), in seconds per
million rows. Read-only; run it against a database that `audit_benchmark.py generate`
filled:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_v1m \\
        .venv/bin/python benchmarks/verify_pieces.py --runs 3

A piece's cost is its query's time minus the time of the query it extends (`adds_s`).
The two `one_hash_per_block_of_…` pieces are not what verify runs: they hash the texts
of 16 records, or the leaves of 256 links, in one call, as a changed chain format could
(decision 0057), timed here so they can be compared with one call per row. The two
`python_…` pieces are not what verify runs either: the server sends the record texts
(or the links) by COPY and Python hashes them, to see whether Python's cheaper hash call
pays for the transfer (session 18: it does not; `python_cpu_s` is the Python side).
"""

import argparse
import hashlib
import json
import statistics
import time

import bench_env  # noqa: F401 - demo mode
import django
from common import machine_speed_ms

django.setup()

from django.db import connection  # noqa: E402

from netwerkdossier.audit import verify  # noqa: E402
from netwerkdossier.audit.chain import (  # noqa: E402
    GENESIS_HASH,
    canonical_sql,
    leaf_sql,
    link_hash_sql,
)

RECORDS = "audit_accesslogrecord"
LINKS = "audit_chainlink"
BLOCK = 256  # links per hash in the block variant
TEXTS = 16  # record texts per hash in the block variant
TEXT = canonical_sql("r")

# (name, the piece it extends, SQL): each query adds one piece to the one it names.
PIECES = [
    ("records_read", None, f"SELECT count(r.channel) FROM {RECORDS} r"),  # each row read
    ("canonical_text", "records_read", f"SELECT sum(octet_length({TEXT})) FROM {RECORDS} r"),
    ("textsend", "canonical_text",
     f"SELECT sum(length(textsend({TEXT}))) FROM {RECORDS} r"),
    ("leaf_sha256_hex", "textsend", f"SELECT count({leaf_sql('r')}) FROM {RECORDS} r"),
    ("sha256_of_a_number", None,
     f"SELECT count(sha256(textsend(r.id::text))) FROM {RECORDS} r"),
    ("links_read", None, f"SELECT count(l.leaf) FROM {LINKS} l"),
    ("link_sha256_hex", "links_read",
     f"SELECT count({link_hash_sql('l')}) FROM {LINKS} l"),
    ("one_hash_per_block_of_texts", "textsend", f"""
        SELECT count(d) FROM generate_series(0, (SELECT max(id) FROM {RECORDS}) / {TEXTS}) b,
        LATERAL (SELECT sha256(textsend(string_agg(t, ''))) AS d FROM (
            SELECT {TEXT} AS t FROM {RECORDS} r WHERE r.id >= b * {TEXTS}
              AND r.id < (b + 1) * {TEXTS} ORDER BY r.id) r) x"""),
    ("one_hash_per_block_of_leaves", "links_read", f"""
        SELECT count(d) FROM generate_series(0, (SELECT max(position) FROM {LINKS}) / {BLOCK}) b,
        LATERAL (SELECT sha256(textsend(string_agg(l.leaf, ''))) AS d FROM (
            SELECT leaf FROM {LINKS} l WHERE l.position >= b * {BLOCK}
              AND l.position < (b + 1) * {BLOCK} ORDER BY l.position) l) x"""),
]


def timed(cur, sql, params, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        cur.execute(sql, params)
        cur.fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _python_hashed(cur, sql, check) -> tuple[float, float]:
    """Stream `sql` by COPY (one text line per row) and run `check` on each line's
    tab-separated fields; (wall, Python CPU) seconds. Counts mismatches so nothing is
    optimised away; a generated log has none."""
    started, cpu = time.perf_counter(), time.process_time()
    bad = 0
    with cur.copy(f"COPY ({sql}) TO STDOUT") as copy:
        for row in copy:  # psycopg yields one CopyData message, one row, at a time
            bad += not check(bytes(row).rstrip(b"\n").split(b"\t"))
    assert bad == 0, f"{bad} rows did not hash as stored"
    return time.perf_counter() - started, time.process_time() - cpu


def python_pieces(runs: int, per_million: float) -> dict:
    sha = hashlib.sha256

    def record(fields):  # id, text, leaf (COPY escapes no byte of these generated texts)
        return sha(fields[1]).hexdigest().encode() == fields[2]

    def link(fields):  # prev_hash, leaf, hash
        return sha(fields[0] + b"\x1f" + fields[1]).hexdigest().encode() == fields[2]

    queries = {
        "python_hashes_the_server_texts": (
            f"SELECT r.id, {TEXT}, l.leaf FROM {RECORDS} r JOIN {LINKS} l "
            "ON l.record_id = r.id ORDER BY r.id", record),
        "python_hashes_the_links": (
            f"SELECT prev_hash, leaf, hash FROM {LINKS} ORDER BY position", link),
    }
    report = {}
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute("SET enable_hashjoin = off")
        for name, (sql, check) in queries.items():
            walls, cpus = zip(*(_python_hashed(cur, sql, check) for _ in range(runs)),
                              strict=True)
            report[name] = {"s_per_million": round(statistics.median(walls) * per_million, 2),
                            "python_cpu_s": round(statistics.median(cpus) * per_million, 2)}
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    speed = machine_speed_ms()
    with connection.cursor() as cur:
        cur.execute("SET jit = off; SET max_parallel_workers_per_gather = 0; "
                    "SET enable_hashjoin = off")
        cur.execute(f"SELECT count(*) FROM {RECORDS}")  # noqa: S608
        records = cur.fetchone()[0]
        cur.execute(f"SELECT count(*), max(position) FROM {LINKS}")  # noqa: S608
        links, newest = cur.fetchone()
        per_million = 1_000_000 / max(records, 1)
        seconds = {}
        report = {}
        for name, extends, sql in PIECES:
            seconds[name] = timed(cur, sql, None, args.runs)
            report[name] = {"s_per_million": round(seconds[name] * per_million, 2)}
            if extends:
                report[name]["adds_s"] = round(
                    (seconds[name] - seconds[extends]) * per_million, 2)
        params = {"genesis": GENESIS_HASH, "start_before": 0, "start": 1,
                  "newest": newest or 0, "lo": 1, "hi": max(newest or 0, records)}
        for kind, sql in (("verify_records_query", verify.queries(True)["records"]),
                          ("verify_links_query", verify.queries(True)["links"]),
                          ("verify_records_query_recomputed", verify.queries(False)["records"]),
                          ("verify_links_query_recomputed", verify.queries(False)["links"])):
            report[kind] = {"s_per_million": round(
                timed(cur, sql, params, args.runs) * per_million, 2)}
    report.update(python_pieces(args.runs, per_million))
    print(json.dumps({"records": records, "links": links, "runs": args.runs,
                      "machine_speed_loop_ms": [speed, machine_speed_ms()],
                      "pieces": report}, indent=2))


if __name__ == "__main__":
    main()
