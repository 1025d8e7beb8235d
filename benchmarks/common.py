"""Helpers shared by the benchmark scripts (run them as `python benchmarks/<name>.py`;
Django must be set up before the query helpers are called)."""

import os
import statistics
import time


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(ms, digits=2):
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), digits),
            "p95_ms": round(pct(ms, 0.95), digits), "max_ms": round(max(ms), digits)}


def households_with_300_entries(limit):
    """Households whose current timeline holds 280-320 entries and that have an active
    team: (household id, entry rows counted, a team member's user id)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """SELECT e.household_id, count(*), min(t.user_id)
               FROM dossier_entry e
               JOIN cases_case c ON c.household_id = e.household_id
               JOIN cases_teamassignment t ON t.case_id = c.id AND t.valid_to IS NULL
               WHERE e.is_current
               GROUP BY e.household_id
               HAVING count(DISTINCT e.id) BETWEEN 280 AND 320
               ORDER BY e.household_id LIMIT %s""",
            [limit])
        return cur.fetchall()


def machine_speed_ms(runs: int = 3) -> float:
    """Median time of a fixed pure-Python loop (3 million additions): how fast this machine
    runs Python now. Machines of the same kind differed about 2x between sessions
    (docs/benchmarks.md, worklist, session 12); quote it beside wall times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        total = 0
        for i in range(3_000_000):
            total += i * i
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def busy_cpu_seconds() -> float:
    """CPU seconds this machine has spent on work since boot, on all cores and by every
    process (user, nice, system, irq, softirq; /proc/stat): the difference over a run,
    divided by the work done, is the CPU a unit of work costs, whoever spent it (writers,
    PostgreSQL, the kernel). It varies less between runs than throughput does."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    return (sum(fields[:3]) + fields[5] + fields[6]) / os.sysconf("SC_CLK_TCK")


def summary3(ms):
    return summary(ms, digits=3)


def compiled(qs):
    """The SQL the ORM builds for `qs`, compiled once (building is not what is timed)."""
    sql, params = qs.query.sql_with_params()
    return sql, params


def run_sql(cur, query):
    t0 = time.perf_counter()
    cur.execute(*query)
    rows = cur.fetchall()
    return (time.perf_counter() - t0) * 1000, len(rows)


def compare(pairs, reps):
    """pairs: [(filtered query, unfiltered query)]; alternate them `reps` times each."""
    from django.db import connection

    out = {"filtered": [], "unfiltered": []}
    rows = {"filtered": 0, "unfiltered": 0}
    with connection.cursor() as cur:
        for filtered, unfiltered in pairs:  # warm up: plans, buffers
            run_sql(cur, filtered)
            run_sql(cur, unfiltered)
        for _ in range(reps):
            for filtered, unfiltered in pairs:
                for name, query in (("filtered", filtered), ("unfiltered", unfiltered)):
                    ms, n = run_sql(cur, query)
                    out[name].append(ms)
                    rows[name] += n
    result = {name: summary3(ms) for name, ms in out.items()}
    result["rows_per_query"] = {k: round(v / (reps * len(pairs)), 1) for k, v in rows.items()}
    result["ratio_p50"] = round(statistics.median(out["filtered"])
                                / statistics.median(out["unfiltered"]), 2)
    return result


def log_in(client, user, purpose="hulpverlening"):
    """Log a professional in with a stated purpose of work, as the "Doel" choice does
    (a professional whose organisation may work for several purposes is asked first)."""
    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, user)
    session = client.session
    session["purpose"] = purpose
    session.save()


def raise_priority(niceness: int) -> None:
    """Run this process and its PostgreSQL backend at `niceness` (e.g. -15): on a
    machine shared with other jobs the CPU then goes to the benchmark first, so its
    numbers come closer to a quiet machine's. Needs root (or CAP_SYS_NICE); the
    backend is the one Django's connection holds now and keeps (no CONN_MAX_AGE reset
    in the test client). Disk and lock waits are not affected."""
    import os
    import subprocess

    from django.db import connection

    if not niceness:
        return
    os.setpriority(os.PRIO_PROCESS, 0, niceness)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    subprocess.run(["renice", "-n", str(niceness), "-p", str(backend)], check=True,
                   capture_output=True)
