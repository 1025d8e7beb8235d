"""Retention at scale (issue 12): list what has passed its period and destroy N dossiers
(an organisation's part of a household: its entries with versions, subjects and
attachments) on a seeded PostgreSQL database; the household page before and after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \
        .venv/bin/python benchmarks/retention_benchmark.py --dossiers 10000

It changes the database: the cases of the chosen households are closed on 1 January
2000 and their parts destroyed. Seed again before other benchmarks
(seed_benchmark.py --recreate). Results go to stdout as JSON; docs/benchmarks.md
holds the numbers.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta

import bench_env  # noqa: F401 - demo mode, checkpoints per database
import django
from common import households_with_300_entries, log_in, summary

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from netwerkdossier.access.api import context_for  # noqa: E402
from netwerkdossier.access.person_reach import differing_households  # noqa: E402
from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.audit.sequencer import sequence  # noqa: E402
from netwerkdossier.audit.verify import verify_chain  # noqa: E402
from netwerkdossier.cases.models import Case  # noqa: E402
from netwerkdossier.dossier.models import Entry  # noqa: E402
from netwerkdossier.organisations.models import Membership, Organisation  # noqa: E402
from netwerkdossier.retention.due import destroy_due, due_parts, parts  # noqa: E402

BATCH = 500  # households per destroy_due() call, as the page would post them


def page_times(sample, passes=3) -> dict:
    client, ms = Client(), []
    for _ in range(passes):
        for household_id, _, user_id in sample:
            log_in(client, User.objects.get(pk=user_id))
            t0 = time.perf_counter()
            response = client.get(f"/huishoudens/{household_id}")
            ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
    return summary(ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=40, help="households for the page")
    parser.add_argument("--pages-only", action="store_true",
                        help="only time the household page (e.g. again after autovacuum)")
    args = parser.parse_args()
    if args.pages_only:
        print(json.dumps({"household_page": page_times(
            households_with_300_entries(args.sample))}, indent=2))
        return 0

    top = (Entry.objects.values("owner_organisation_id")
           .annotate(n=Count("household_id", distinct=True)).order_by("-n").first())
    organisation = Organisation.objects.get(pk=top["owner_organisation_id"])
    sample = households_with_300_entries(args.sample)
    keep = {h for h, _, _ in sample}
    chosen = [h for h in Entry.objects.filter(owner_organisation=organisation)
              .values_list("household_id", flat=True).distinct().order_by("household_id")
              if h not in keep][:args.dossiers]
    for start in range(0, len(chosen), 5000):
        Case.objects.filter(household_id__in=chosen[start:start + 5000]).update(
            closed_on=date(2000, 1, 1), phase="afgesloten")
    officer, _ = User.objects.get_or_create(username="bench_fg", defaults={
        "first_name": "Bench", "last_name": "Functionaris"})
    Membership.objects.get_or_create(
        user=officer, organisation=organisation, role=Membership.Role.PRIVACY_OFFICER,
        defaults={"discipline": "privacy",
                  "valid_from": timezone.localdate() - timedelta(days=1)})
    ctx = context_for(officer)

    listing = []
    for _ in range(3):
        t0 = time.perf_counter()
        everything = parts(organisation)
        due = due_parts(organisation, of=everything)
        listing.append(time.perf_counter() - t0)
    page_before = page_times(sample)
    entries_before = Entry.objects.count()

    due_ids = [p.household_id for p in due]
    t0 = time.perf_counter()
    destroyed = 0
    for start in range(0, len(due_ids), BATCH):
        destroyed += len(destroy_due(ctx, organisation, due_ids[start:start + BATCH])
                         ["destroyed"])
    destroy_s = time.perf_counter() - t0
    entries_removed = entries_before - Entry.objects.count()

    page_after = page_times(sample)
    t0 = time.perf_counter()
    sequence(wait=True)
    verified = verify_chain()
    verify_s = time.perf_counter() - t0
    reach_differs = len(differing_households())
    print(json.dumps({
        "organisation_parts": len(everything), "due": len(due), "destroyed": destroyed,
        "entry_rows_removed": entries_removed,
        "listing_s_median": round(statistics.median(listing), 2),
        "listing_s_runs": [round(x, 2) for x in listing],
        "destroy_s": round(destroy_s, 1),
        "destroy_ms_per_dossier": round(destroy_s * 1000 / max(destroyed, 1), 1),
        "household_page_before": page_before, "household_page_after": page_after,
        "audit_verify_ok": verified.ok, "audit_verify_s": round(verify_s, 1),
        "reach_check_differing": reach_differs,
    }, indent=2))
    return 0 if verified.ok and reach_differs == 0 and destroyed == len(due) else 1


if __name__ == "__main__":
    sys.exit(main())
