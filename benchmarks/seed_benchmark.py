"""Seeding benchmark: a synthetic region of N households into a fresh PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \
        .venv/bin/python benchmarks/seed_benchmark.py --households 100000 --seed 1 --recreate

Records wall time (total and per step), row counts and peak RSS of this process (and
of any children). Results go to stdout as JSON; docs/benchmarks.md holds the numbers.
The seeded database is left in place for the page and search benchmarks.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import time
from datetime import UTC, datetime
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/nd_bench"
TABLES = ["organisations_organisation", "accounts_user", "organisations_membership",
          "households_household", "households_person", "households_householdmember",
          "households_gezag", "cases_case", "cases_teamassignment", "dossier_entry",
          "dossier_entrysubject"]


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def peak_rss_mb() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "children_mb": round(children, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--recreate", action="store_true",
                        help="drop and create the database first")
    parser.add_argument("--progress", action="store_true", help="show the progress bar")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        parser.error("this benchmark needs a PostgreSQL DATABASE_URL")
    import bench_env  # noqa: F401 - after DATABASE_URL: checkpoints per database

    if args.recreate:
        recreate_database(url)
        # The checkpoints of the dropped database name hashes the new one never had:
        # left in place, every later checkpoint and `audit verify` would report a
        # rewritten log.
        shutil.rmtree(os.environ["AUDIT_CHECKPOINT_DIR"], ignore_errors=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from netwerkdossier.synthetic.generator import generate_region

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.monotonic()
    result = generate_region(args.households, seed=args.seed, progress=args.progress)
    seeded = time.monotonic()
    with connection.cursor() as cur:
        counts = {}
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        cur.execute("SELECT pg_database_size(current_database())")
        db_size = cur.fetchone()[0]
        cur.execute("SHOW server_version")
        server = cur.fetchone()[0]
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "households": args.households,
        "seed": args.seed,
        "migrate_seconds": round(migrated - started, 1),
        "seed_seconds": round(seeded - migrated, 1),
        "seed_phases": {k: round(v, 1) for k, v in result.phases.items()},
        "rows": counts,
        "database_size_mb": round(db_size / 2**20),
        "peak_rss": peak_rss_mb(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "postgresql": server, "platform": platform.platform()},
    }
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
