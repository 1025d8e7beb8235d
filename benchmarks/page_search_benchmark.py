"""Household page and search: server time p50/p95, and the ratio to bare SQL.

Runs in-process with Django's test client against a seeded PostgreSQL database, so
the time measured is server time (URL routing, access checks, queries, access-log
append, template rendering) without network or browser. The bare SQL baseline runs
the queries that return the same rows, without access filter, log or rendering.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \
        .venv/bin/python benchmarks/page_search_benchmark.py --requests 300

Peak RSS of this process after the run stands in for "one server worker".
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

import bench_env  # noqa: E402, F401 - demo mode, checkpoints per database

os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402
from common import households_with_300_entries, log_in, summary  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.households.search_keys import search_tokens  # noqa: E402

PAGE_SIZE = 25


def bare_household_page(household_id):
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM households_household WHERE id = %s", [household_id])
        cur.fetchall()
        cur.execute("""SELECT m.*, p.* FROM households_householdmember m
                       JOIN households_person p ON p.id = m.person_id
                       WHERE m.household_id = %s""", [household_id])
        cur.fetchall()
        cur.execute("""SELECT e.* FROM dossier_entry e WHERE e.household_id = %s
                       AND e.is_current ORDER BY e.occurred_at DESC LIMIT %s""",
                    [household_id, PAGE_SIZE])
        ids = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT * FROM dossier_entrysubject WHERE entry_id = ANY(%s)", [ids])
        cur.fetchall()


def bare_search(tokens):
    """The same rows as the search page: 50 persons, their households, and the households."""
    where = " AND ".join(["(family_key LIKE %s OR given_key LIKE %s)"] * len(tokens))
    params = [v for t in tokens for v in (t + "%", t + "%")]
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM households_person WHERE {where} "
                    "ORDER BY family_key, given_key, birth_date LIMIT 50", params)
        ids = [r[0] for r in cur.fetchall()]
        cur.execute("""SELECT m.*, h.* FROM households_householdmember m
                       JOIN households_household h ON h.id = m.household_id
                       WHERE m.person_id = ANY(%s)""", [ids])
        cur.fetchall()
        cur.execute(f"""SELECT * FROM households_household WHERE id IN (
                          SELECT m.household_id FROM households_householdmember m
                          JOIN households_person p ON p.id = m.person_id WHERE {where})
                        ORDER BY name LIMIT 50""", params)
        cur.fetchall()


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def search_terms(n):
    with connection.cursor() as cur:
        cur.execute("""SELECT family_key, given_key FROM households_person
                       ORDER BY md5(id::text) LIMIT %s""", [n])
        return [f"{g[:3]} {f[:4]}" for f, g in cur.fetchall()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this benchmark on PostgreSQL (set DATABASE_URL).")

    households = households_with_300_entries(30)
    if not households:
        sys.exit("No household with ~300 entries: seed first (netwerkdossier seed ...).")
    users = {u: User.objects.get(pk=u) for _, _, u in households}
    client = Client()
    # Warm up caches (templates, translations, query plans) as a running worker has them.
    for household_id, _, user_id in households[:5]:
        log_in(client, users[user_id])
        client.get(f"/huishoudens/{household_id}")
        bare_household_page(household_id)
    page_ms, bare_page_ms = [], []
    for i in range(args.requests):
        household_id, _, user_id = households[i % len(households)]
        log_in(client, users[user_id])
        ms, response = timed(client.get, f"/huishoudens/{household_id}")
        assert response.status_code == 200, response.status_code
        page_ms.append(ms)
        bare_page_ms.append(timed(bare_household_page, household_id)[0])

    # Search as a local-team professional (sees the households of their municipality).
    searcher = User.objects.filter(username__startswith="nv-wt-").order_by("username").first()
    log_in(client, searcher)
    search_ms, bare_search_ms = [], []
    for term in search_terms(args.requests):
        ms, response = timed(client.get, "/zoeken", {"q": term})
        assert response.status_code == 200, response.status_code
        search_ms.append(ms)
        bare_search_ms.append(timed(bare_search, search_tokens(term))[0])

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "households_measured": len(households),
        "household_page": summary(page_ms),
        "household_page_bare_sql": summary(bare_page_ms),
        "household_page_ratio_p50": round(statistics.median(page_ms)
                                          / statistics.median(bare_page_ms), 1),
        "search": summary(search_ms),
        "search_bare_sql": summary(bare_search_ms),
        "search_ratio_p50": round(statistics.median(search_ms)
                                  / statistics.median(bare_search_ms), 1),
        "worker_peak_rss_mb": round(rss_mb),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
