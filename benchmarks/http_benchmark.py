"""Household page over HTTP with gunicorn: throughput at 1, 2 and 4 clients, and how
often a request waits on a lock (issue 11, point 4).

Starts gunicorn (from the lock file) with --workers against a seeded PostgreSQL database,
signs one team member per measured household in (a session with a verified second
factor and a stated purpose, as after the real sign-in), and lets N client threads
fetch their household pages over HTTP for --seconds each. Meanwhile a separate
connection samples pg_stat_activity every 10 ms and counts the samples in which a
backend of this database waits on a lock (`wait_event_type = 'Lock'`): with the
access log's chain-head row lock, page views queue behind each other there.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \
        .venv/bin/python benchmarks/http_benchmark.py --workers 4 --seconds 20

Prints a JSON report: requests per second and p50/p95 latency per client count, the
ratio of 2 to 1 client, and lock-wait samples.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import bench_env  # noqa: E402, F401 - demo mode, checkpoints per database
import django  # noqa: E402
from common import households_with_300_entries, log_in, pct  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from netwerkdossier.accounts.models import User  # noqa: E402

HOST, PORT = "127.0.0.1", 8765


def start_server(workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "CONN_MAX_AGE": "60", "ALLOWED_HOSTS": HOST,
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    server = subprocess.Popen(
        [str(gunicorn), "netwerkdossier.wsgi:application", "--bind", f"{HOST}:{PORT}",
         "--workers", str(workers), "--timeout", "60", "--log-level", "warning"], env=env)
    for _ in range(100):
        try:
            http.client.HTTPConnection(HOST, PORT, timeout=1).request("GET", "/inloggen")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def sessions(households) -> list[tuple[str, str]]:
    """(session cookie, household page path) per measured household."""
    found = []
    for household_id, _entries, user_id in households:
        client = Client()
        log_in(client, User.objects.get(pk=user_id))
        found.append((client.cookies["sessionid"].value, f"/huishoudens/{household_id}"))
    return found


def client_loop(targets, stop_at, latencies, errors):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    n = 0
    while time.perf_counter() < stop_at:
        cookie, path = targets[n % len(targets)]
        n += 1
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            errors.append(response.status)
        latencies.append((time.perf_counter() - start) * 1000)
    conn.close()


def sample_lock_waits(stop, counts):
    """Every 10 ms: active backends, and those waiting on a lock by kind (`tuple` and
    `transactionid` are row locks such as the chain head's; `advisory` the sequencer's,
    which requests only try and never wait on)."""
    from django.db import connections

    with connections["default"].cursor() as cur:
        while not stop.is_set():
            cur.execute("SELECT wait_event_type = 'Lock', wait_event "
                        "FROM pg_stat_activity WHERE datname = current_database() "
                        "AND state = 'active' AND pid <> pg_backend_pid()")
            rows = cur.fetchall()
            waits = [event for waiting, event in rows if waiting]
            counts["samples"] += 1
            counts["active"] += len(rows)
            counts["waiting"] += len(waits)
            counts["samples_with_a_wait"] += 1 if waits else 0
            for event in waits:
                counts["by_kind"][event] = counts["by_kind"].get(event, 0) + 1
            time.sleep(0.01)
    connections["default"].close()


def run(targets, clients: int, seconds: float) -> dict:
    latencies, errors = [], []
    counts = {"samples": 0, "active": 0, "waiting": 0, "samples_with_a_wait": 0,
              "by_kind": {}}
    stop = threading.Event()
    sampler = threading.Thread(target=sample_lock_waits, args=(stop, counts))
    sampler.start()
    stop_at = time.perf_counter() + seconds
    threads = [threading.Thread(target=client_loop,
                                args=(targets[i::clients], stop_at, latencies, errors))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    sampler.join()
    return {"clients": clients, "requests": len(latencies),
            "per_second": round(len(latencies) / seconds, 1),
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(pct(latencies, 0.95), 1), "errors": len(errors),
            "lock_wait_share_of_samples": round(counts["samples_with_a_wait"]
                                                / max(counts["samples"], 1), 3),
            "lock_waits_by_kind": counts["by_kind"],
            "mean_active_backends": round(counts["active"] / max(counts["samples"], 1), 2),
            "log_records_waiting_after": waiting_log_records()}


def waiting_log_records() -> int:
    """Access-log records written but not chained yet, a moment after the run."""
    from django.db import connections

    time.sleep(0.5)
    with connections["default"].cursor() as cur:
        cur.execute("SELECT count(*) FROM audit_unchainedrecord")  # the sequencer's queue
        waiting = cur.fetchone()[0]
    connections["default"].close()
    return waiting


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", default="1,2,4")
    args = parser.parse_args()
    targets = sessions(households_with_300_entries(30))
    connection.close()
    server = start_server(args.workers)
    try:
        run(targets, 1, 3)  # warm up: workers, plans, buffers
        results = [run(targets, int(c), args.seconds) for c in args.clients.split(",")]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    by_clients = {r["clients"]: r for r in results}
    report = {"workers": args.workers, "seconds": args.seconds, "runs": results,
              "load_avg_1m": round(os.getloadavg()[0], 2)}
    if 1 in by_clients and 2 in by_clients:
        report["ratio_2_to_1_clients"] = round(
            by_clients[2]["per_second"] / by_clients[1]["per_second"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
