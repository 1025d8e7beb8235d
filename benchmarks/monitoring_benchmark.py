"""Monitoring: a regional policy maker's dashboard on a seeded region, and the
incremental refresh of the aggregates after new events (issue 15: p95 <= 1 s at 100,000
households, refresh time measured).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \\
        .venv/bin/python benchmarks/monitoring_benchmark.py --requests 100 --new-events 500

Setup: the events are (re)built from the seeded work when there are none
(`--rebuild` forces it; its time is reported), and the user `bench-regio` (regio_beleid
of a programme office in the seeded region) is created. Then: the dashboard page for
the region by municipality, current half year, `--requests` times (server time through
Django's test client: access decision, aggregate read, suppression, rendering, access-log
append); `--new-events` report events of today are written (as the services would), the
refresh that follows is timed, and the first page read after it.
"""

import argparse
import json
import os
import sys
import time

import bench_env  # noqa: F401 - demo mode, checkpoints per database

os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402
from common import log_in, summary  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.monitoring import events, refresh  # noqa: E402
from netwerkdossier.monitoring.models import Event  # noqa: E402
from netwerkdossier.monitoring.rebuild import rebuild  # noqa: E402
from netwerkdossier.organisations.models import Membership, Organisation  # noqa: E402
from netwerkdossier.synthetic.region import build_region  # noqa: E402

USERNAME = "bench-regio"


def setup(force_rebuild: bool) -> dict:
    found = {}
    if force_rebuild or not Event.objects.exists():
        started = time.monotonic()
        done = rebuild()
        found["rebuild"] = {"events": done["events"], "periods": done["periods"],
                            "seconds": round(time.monotonic() - started, 1),
                            "refresh_seconds": round(done["seconds"], 1)}
    found["events"] = Event.objects.count()
    region = build_region().region
    office, _ = Organisation.objects.get_or_create(
        name="Regionaal programmabureau (benchmark)",
        defaults={"kind": Organisation.Kind.GEMEENTE, "region": region})
    user, created = User.objects.get_or_create(username=USERNAME)
    if created:
        Membership.objects.create(user=user, organisation=office,
                                  role=Membership.Role.REGIO_BELEID, discipline="beleid",
                                  valid_from=timezone.localdate() - timedelta(days=30))
    return found, user


def add_events(n: int) -> None:
    """n report events of today, spread over the seeded region's municipalities."""
    today = timezone.localdate()
    sample = list(Event.objects.filter(kind="report").values_list(
        "region_id", "area_id", "organisation_id")[:50])
    with transaction.atomic():
        Event.objects.bulk_create([events.build(
            "report", on=today, region_id=r, area_id=a, organisation_id=o,
            household_id=f"bench-{time.time_ns()}-{i}", case_id=f"bench-case-{i}",
            code="melding", members=3, children=1)
            for i, (r, a, o) in ((i, sample[i % len(sample)]) for i in range(n))])


def read(client, path, n) -> list:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--new-events", type=int, default=500)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    found, user = setup(args.rebuild)
    client = Client()
    log_in(client, user)
    path = "/monitoring/regio"
    read(client, path, 3)  # warm-up (and a refresh if events were waiting)
    found["dashboard"] = summary(read(client, path, args.requests))
    add_events(args.new_events)
    started = time.monotonic()
    done = refresh.refresh()
    found["refresh_after_new_events"] = {
        "new_events": args.new_events, "periods": done["periods"],
        "seconds": round(time.monotonic() - started, 2)}
    found["first_read_after_refresh_ms"] = round(read(client, path, 1)[0], 1)
    json.dump(found, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
