"""Access log: append rate and `audit verify` of 10 million records (issue 3).

Runs against its own PostgreSQL database (created and migrated beforehand), never the
seeded `nd_bench`, because the access log cannot be emptied without a purge permit:

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE nd_audit'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_audit .venv/bin/netwerkdossier migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_audit \\
        .venv/bin/python benchmarks/audit_benchmark.py append --seconds 10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_audit \\
        .venv/bin/python benchmarks/audit_benchmark.py generate --records 10000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_audit \\
        .venv/bin/python benchmarks/audit_benchmark.py verify --tamper-check

`append` times audit.log.append() as the web path uses it (one record per transaction,
and the household page's two records per transaction) and batched (100 per call), each
with one writer and with --writers processes at once; every commit runs the sequencer,
as in production, and the report says how many records still waited when the writers
stopped and how long chaining them took.
`generate` extends the chain to --records records: it computes the chain (leaves, link
hashes, content seals and seals, with the access-log key of AUDIT_SIGNING_KEY_FILE or
the demo key) in Python with the canonical text of audit/chain.py and COPYs the records
and their chain links in (position = id), as the sequencer would have left them, with
the append-only triggers and all indexes in place (inserts are allowed), then moves the
chain head and the id sequence.
`sequence` times one sequencer run after a commit of 1 and of 100 records, alone.
`verify` times the command `netwerkdossier audit verify` (a fresh process: Django
start-up included) and, with --tamper-check, alters one record near the end inside a
transaction that is rolled back, to show the damage is found and named at that size.
Each prints a JSON report.
"""

import argparse
import hashlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_env  # noqa: E402, F401 - demo mode, checkpoints per database
import django  # noqa: E402
from common import busy_cpu_seconds, machine_speed_ms  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from netwerkdossier.audit.chain import (  # noqa: E402
    GENESIS_HASH,
    SEP,
    epoch_micros,
    leaf_of,
    link_hash,
)
from netwerkdossier.audit.keys import mac_key, sealer  # noqa: E402
from netwerkdossier.audit.log import LogEvent, append  # noqa: E402
from netwerkdossier.audit.models import (  # noqa: E402
    AccessLogRecord,
    ChainHead,
    UnchainedRecord,
)
from netwerkdossier.audit.sequencer import sequence  # noqa: E402
from netwerkdossier.audit.triggers import PG_CREATE, PG_DROP  # noqa: E402
from netwerkdossier.audit.verify import verify_chain  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIMELINE_PAGE = 25  # an entry.list record names the 25 entries of a timeline page


class BenchContext:
    """Stands in for an AccessContext: append() only needs log_fields()."""

    def __init__(self, n):
        self.fields = {
            "user_id": str(uuid.UUID(int=n + 1)), "username": f"nv-wt-{n:04d}",
            "organisation_id": str(uuid.UUID(int=10_000 + n % 7)), "role": "professional",
            "responsible_user_id": str(uuid.UUID(int=n + 1)), "purpose": "hulpverlening",
            "channel": "web",
        }

    def log_fields(self):
        return self.fields


def page_events(i):
    """The two records of one household page view: the household and its timeline page."""
    members = [str(uuid.UUID(int=(i * 4 + k) % 400_000 + 1)) for k in range(4)]
    return [
        LogEvent(event_code="household.read", action="R", object_type="household",
                 object_ids=[str(uuid.UUID(int=i % 100_000 + 1))], subject_ids=members,
                 rule="team"),
        LogEvent(event_code="entry.list", action="R", object_type="entry",
                 object_ids=[str(uuid.uuid4()) for _ in range(TIMELINE_PAGE)],
                 subject_ids=members, rule="team"),
    ]


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_appends(ctxs, batch, seconds, per_transaction):
    """Append for `seconds`; each transaction holds `per_transaction` events in one call."""
    latencies, records = [], 0
    events_pool = [page_events(i) for i in range(200)]
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    i = 0
    while time.perf_counter() < deadline:
        if per_transaction == 2:
            events = events_pool[i % 200]
        else:
            events = [events_pool[(i + k) % 200][k % 2] for k in range(per_transaction)]
        t0 = time.perf_counter()
        with transaction.atomic():
            append(ctxs[i % len(ctxs)], events[:batch] if batch else events)
        latencies.append((time.perf_counter() - t0) * 1000)
        records += len(events)
        i += 1
    elapsed = time.perf_counter() - started
    return {"records": records, "transactions": i, "seconds": round(elapsed, 2),
            "records_per_s": round(records / elapsed),
            "p50_ms_per_transaction": round(statistics.median(latencies), 3),
            "p95_ms_per_transaction": round(pct(latencies, 0.95), 3)}


def _writer(job):
    """One writer process: appends for `seconds`, each commit followed by the sequencer
    (as in production); returns its run_appends() report."""
    seconds, per_transaction, n = job
    ctxs = [BenchContext(n * 50 + k) for k in range(50)]
    return run_appends(ctxs, 1 if per_transaction == 1 else 0, seconds, per_transaction)


def concurrent_appends(writers, seconds, per_transaction):
    """`writers` processes appending at once; records/s over all of them, and how long
    the sequencer needed after they stopped to chain what was still waiting."""
    connection.close()  # forked children open their own
    with ProcessPoolExecutor(writers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(abs, range(writers)))  # the processes started before the count
        busy_before = busy_cpu_seconds()
        reports = list(pool.map(_writer, [(seconds, per_transaction, n)
                                          for n in range(writers)]))
        busy = busy_cpu_seconds() - busy_before
    waiting = sum(len(row.entries()) for row in UnchainedRecord.objects.all())
    t0 = time.perf_counter()
    sequence(wait=True)
    records = sum(r["records"] for r in reports)
    return {"writers": writers, "records_per_transaction": per_transaction,
            "records": records,
            "records_per_s": round(records / max(r["seconds"] for r in reports)),
            # All of the machine's CPU while the writers ran, per record (common.py).
            "cpu_us_per_record": round(1e6 * busy / records, 1),
            "p50_ms_per_transaction": [r["p50_ms_per_transaction"] for r in reports],
            "p95_ms_per_transaction": [r["p95_ms_per_transaction"] for r in reports],
            "waiting_when_stopped": waiting,
            "chained_after_stop_s": round(time.perf_counter() - t0, 3)}


def cmd_append(args):
    ctxs = [BenchContext(n) for n in range(50)]
    with transaction.atomic():  # warm up: chain head row, statement caches
        for i in range(20):
            append(ctxs[0], page_events(i)[:1])
    sequence(wait=True)
    result = {"records_before": ChainHead.objects.get(pk=1).last_id}
    speed_before = machine_speed_ms()
    for per_transaction in (1, 2, 100):
        result[f"one_writer_{per_transaction}_per_transaction"] = run_appends(
            ctxs, 1 if per_transaction == 1 else 0, args.seconds, per_transaction)
        sequence(wait=True)
        result[f"{args.writers}_writers_{per_transaction}_per_transaction"] = \
            concurrent_appends(args.writers, args.seconds, per_transaction)
    result["verify_after"] = verify_chain().__dict__ if args.verify else "skipped"
    # How fast this machine ran Python before and after (common.machine_speed_ms).
    result["machine_speed_loop_ms"] = [speed_before, machine_speed_ms()]
    print(json.dumps(result, indent=2))


# --- generate: the chain computed in Python, COPYed in ---------------------------------

COPY_COLUMNS = ("id", "occurred_at", "event_code", "action", "result", "user_id", "username",
                "organisation_id", "role", "responsible_user_id", "purpose", "object_type",
                "object_ids", "subject_ids", "rule", "consent_profile", "break_glass",
                "source", "channel", "content_seal")
LINK_COLUMNS = ("position", "record_id", "leaf", "prev_hash", "hash", "seal")


def generated_rows(first_id, count, prev_hash, start):
    """(copy lines of record and link, hash) per record: alternately a household.read and
    an entry.list record of one page view (shared timestamp), by 300 users. The canonical
    text is written out here for speed; the first records are checked against chain.py."""
    source = settings.NETWERKDOSSIER_NODE_ID
    users = [BenchContext(n).fields for n in range(300)]
    uid = uuid.UUID
    sha = hashlib.sha256
    seal = sealer(mac_key())
    base = epoch_micros(start)
    for rid in range(first_id, first_id + count):
        view = rid // 2
        u = users[view % 300]
        micros = base + view * 1_500_000 + (view % 1000) * 7  # some microsecond 0
        stamp = (start + timedelta(microseconds=micros - base)).isoformat()
        members = [str(uid(int=(view * 4 + k) % 400_000 + 1)) for k in range(4)]
        if rid % 2:
            event, otype = "household.read", "household"
            objects = [str(uid(int=view % 100_000 + 1))]
        else:
            event, otype = "entry.list", "entry"
            objects = [str(uid(int=(view * TIMELINE_PAGE + k) * 7919 + 1))
                       for k in range(TIMELINE_PAGE)]
        objects_json, members_json = json.dumps(objects), json.dumps(members)
        text = SEP.join((
            str(rid), str(micros), event, "R", "granted", u["user_id"], u["username"],
            u["organisation_id"], u["role"], u["responsible_user_id"], u["purpose"], otype,
            objects_json, members_json, "team", "", "0", source, "web"))
        leaf = sha(text.encode()).hexdigest()
        digest = sha((prev_hash + SEP + leaf).encode()).hexdigest()
        line = "\t".join((
            str(rid), stamp, event, "R", "granted", u["user_id"], u["username"],
            u["organisation_id"], u["role"], u["responsible_user_id"], u["purpose"], otype,
            objects_json, members_json, "team", "", "f", source, "web",
            seal("content" + SEP + text))) + "\n"
        link = "\t".join((str(rid), str(rid), leaf, prev_hash, digest, seal(digest))) + "\n"
        yield rid, micros, event, otype, objects, members, u, (line, link), prev_hash, digest
        prev_hash = digest


def cmd_generate(args):
    head = ChainHead.objects.filter(pk=1).first()
    last_id, last_hash = (head.last_id, head.last_hash) if head else (0, GENESIS_HASH)
    todo = args.records - last_id
    if todo <= 0:
        print(json.dumps({"records": last_id, "generated": 0}))
        return
    start = datetime(2026, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    written = 0
    prev = last_hash
    rows = generated_rows(last_id + 1, todo, last_hash, start)
    while written < todo:
        n = min(args.chunk, todo - written)
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SELECT last_id FROM audit_chainhead WHERE id = 1 FOR UPDATE")
            buffer, links = [], []
            with cur.cursor.copy(f"COPY audit_accesslogrecord ({', '.join(COPY_COLUMNS)}) "
                                 "FROM STDIN") as copy:
                for k in range(n):
                    rid, micros, event, otype, objects, members, u, (line, link), p, digest \
                        = next(rows)
                    if written + k < 1000:  # the written-out text equals chain.py's
                        assert digest == link_hash(p, leaf_of({
                            "id": rid, "occurred_at": start + timedelta(
                                microseconds=micros - epoch_micros(start)),
                            "event_code": event, "action": "R", "result": "granted", **u,
                            "object_type": otype, "object_ids": objects,
                            "subject_ids": members, "rule": "team", "consent_profile": "",
                            "break_glass": False, "source": settings.NETWERKDOSSIER_NODE_ID}))
                    buffer.append(line)
                    links.append(link)
                    if len(buffer) >= 2000:
                        copy.write("".join(buffer))
                        buffer.clear()
                    prev = digest
                if buffer:
                    copy.write("".join(buffer))
            with cur.cursor.copy(f"COPY audit_chainlink ({', '.join(LINK_COLUMNS)}) "
                                 "FROM STDIN") as copy:
                for i in range(0, len(links), 2000):
                    copy.write("".join(links[i:i + 2000]))
            written += n
            cur.execute("INSERT INTO audit_chainhead (id, last_id, last_hash) VALUES "
                        "(1, %s, %s) ON CONFLICT (id) DO UPDATE SET last_id = "
                        "excluded.last_id, last_hash = excluded.last_hash",
                        [last_id + written, prev])
            cur.execute("SELECT setval(pg_get_serial_sequence('audit_accesslogrecord', "
                        "'id'), %s)", [last_id + written])
        if args.progress:
            rate = written / (time.perf_counter() - started)
            print(f"{last_id + written:,} records ({rate:,.0f}/s)", file=sys.stderr)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("ANALYZE audit_accesslogrecord")
        cur.execute("ANALYZE audit_chainlink")
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('audit_accesslogrecord')), "
                    "pg_size_pretty(pg_total_relation_size('audit_chainlink'))")
        size = " + ".join(cur.fetchone())
    print(json.dumps({"records": last_id + written, "generated": written,
                      "seconds": round(elapsed, 1),
                      "records_per_s": round(written / elapsed), "table_size": size},
                     indent=2))


# --- verify ----------------------------------------------------------------------------

def cmd_verify(args):
    count = AccessLogRecord.objects.count()
    command = [str(ROOT / ".venv/bin/netwerkdossier"), "audit", "verify"]
    runs = []
    speed_before = machine_speed_ms()
    for _ in range(args.runs):
        t0 = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        runs.append(round(time.perf_counter() - t0, 2))
        output = (done.stdout + done.stderr).strip()
    result = {"records": count, "command": " ".join(command[1:]), "wall_s": runs,
              "last_output": output, "exit_code": done.returncode,
              "machine_speed_loop_ms": [speed_before, machine_speed_ms()]}
    if args.tamper_check:
        result["tamper_check"] = tamper_check(count)
    print(json.dumps(result, indent=2))


def tamper_check(count):
    """Alter one record 1,000 before the end (triggers dropped as an attacker would, in a
    transaction that is rolled back) and check verify_chain names it."""
    target = count - 1000
    outcome = {}
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                for sql in PG_DROP:
                    cur.execute(sql)
                cur.execute("UPDATE audit_accesslogrecord SET username = username || 'x' "
                            "WHERE id = (SELECT record_id FROM audit_chainlink "
                            "WHERE position = %s)", [target])
            t0 = time.perf_counter()
            found = verify_chain()
            outcome = {"altered_id": target, "first_bad_id": found.first_bad_id,
                       "problem": found.problem, "checked": found.checked,
                       "seconds": round(time.perf_counter() - t0, 2),
                       "named_correctly": found.first_bad_id == target}
            raise _Rollback
    except _Rollback:
        pass
    with connection.cursor() as cur:  # the rollback restored them; make sure
        cur.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE "
                    "'audit_accesslogrecord_no_%%' OR tgname LIKE 'audit_chainlink_no_%%'")
        if cur.fetchone()[0] != 6:
            for sql in PG_DROP + PG_CREATE:
                cur.execute(sql)
    return outcome


# --- sequence: one sequencer run after a commit, alone ---------------------------------

def _backend_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a PostgreSQL backend on this machine (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cmd_sequence(args):
    """`sequence()` after each commit of 1 and of 100 records (the commit's own run
    switched off), one process: client CPU, the server backend's CPU and wall time per
    run (decision 0056)."""
    from netwerkdossier.audit import log

    log._sequence_after_commit = lambda: None  # this benchmark runs it, and times it
    ctx = BenchContext(1)
    sequence(wait=True)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    result = {}
    for per_call in (1, 100):
        events = [page_events(i)[i % 2] for i in range(per_call)]
        client = server = wall = 0.0
        for _ in range(args.runs):
            with transaction.atomic():
                append(ctx, events)
            s0, c0, w0 = _backend_cpu_s(pid), time.process_time(), time.perf_counter()
            sequence()
            client += time.process_time() - c0
            wall += time.perf_counter() - w0
            server += _backend_cpu_s(pid) - s0
        result[f"{per_call}_per_commit_us_per_run"] = {
            "client_cpu": round(client / args.runs * 1e6),
            "server_cpu": round(server / args.runs * 1e6),
            "wall": round(wall / args.runs * 1e6)}
    result["machine_speed_loop_ms"] = machine_speed_ms()
    print(json.dumps(result, indent=2))


class _Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("append")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--verify", action="store_true")
    p.add_argument("--writers", type=int, default=4)
    p = sub.add_parser("generate")
    p.add_argument("--records", type=int, default=10_000_000)
    p.add_argument("--chunk", type=int, default=500_000)
    p.add_argument("--progress", action="store_true")
    p = sub.add_parser("verify")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--tamper-check", action="store_true")
    p = sub.add_parser("sequence")
    p.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this benchmark on PostgreSQL (set DATABASE_URL to a fresh database).")
    commands = {"append": cmd_append, "generate": cmd_generate, "verify": cmd_verify,
                "sequence": cmd_sequence}
    commands[args.command](args)


if __name__ == "__main__":
    main()
