"""The national picture from 26 regional exports (issue 15: 26 regions, 2.6 million
households in all, combined in <= 10 s).

    createdb -h 127.0.0.1 -U postgres nd_national   # an empty database of its own
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_national \\
        .venv/bin/python benchmarks/national_benchmark.py

The national installation holds no households: it only imports. The script migrates the
database, generates 26 regional exports (suppressed by monitoring/marks.decide, the code a
region runs) for regions of 100,000 households each with 13 municipalities, the four
half years of the dashboard and every indicator: figures drawn at random in proportion
to 100,000 households (a few municipalities small enough to be suppressed), each region
signed with its own Ed25519 key. Timed: importing the 26 files (parse, verify, check,
store, log) and the programme team's national dashboard built from them (server time
through Django's test client, the first read and `--requests` more).
"""

import argparse
import json
import os
import random
import sys
import time

import bench_env  # noqa: F401 - demo mode, checkpoints per database

os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402
from common import log_in, summary  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from netwerkdossier.access.context import context_for  # noqa: E402
from netwerkdossier.access.monitoring_exchange import import_region_context  # noqa: E402
from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.monitoring import marks, periods  # noqa: E402
from netwerkdossier.monitoring.exchange import (  # noqa: E402
    national,
    region_file,
    region_import,
    signing,
)
from netwerkdossier.monitoring.exchange.models import ImportedRegion  # noqa: E402
from netwerkdossier.monitoring.indicators import COUNT, MEAN, all_indicators  # noqa: E402
from netwerkdossier.organisations.models import Membership, Organisation, Region  # noqa: E402

REGIONS, HOUSEHOLDS, MUNICIPALITIES = 26, 100_000, 13


def numbers(indicator, households: int, rng) -> tuple[int, int]:
    """A plausible (numerator, denominator) for a municipality of `households`."""
    scale = households // 10  # about a tenth of the households in a period
    d = rng.randint(scale // 2, scale)
    if indicator.measure == COUNT:
        return rng.randint(0, d), 0
    if indicator.measure == MEAN:
        return d * rng.randint(3, 60), d
    return rng.randint(0, d), d


def suppressed(indicator, period: str, places: list, numbers: list) -> list[dict]:
    """The cells of one indicator and half year as a region's export holds them: places[0]
    is the region, the others its municipalities, marked by marks.decide."""
    cells = {(*place, period): nd for place, nd in zip(places, numbers, strict=True)}
    hidden = marks.decide(indicator, cells, [periods.parse(period)],
                          [(places[0], places[1:])])
    return [region_file.cell(indicator.key, period, *place, mark=hidden[(*place, period)])
            if (*place, period) in hidden else region_file.cell(indicator.key, period, *place, *nd)
            for place, nd in zip(places, numbers, strict=True)]


def region_document(index: int, period_keys: list[str], rng) -> dict:
    code = f"regio-{index:02d}"
    sizes = [HOUSEHOLDS // MUNICIPALITIES] * MUNICIPALITIES
    sizes[-1] = 30  # one very small municipality: its cells are suppressed
    places = [(region_file.REGION_LEVEL, code)] + [
        (region_file.MUNICIPALITY_LEVEL, f"Gemeente {index:02d}-{m:02d}")
        for m in range(MUNICIPALITIES)]
    cells = []
    for indicator in all_indicators():
        for period in period_keys:
            parts = [numbers(indicator, s, rng) for s in sizes]
            total = (sum(p[0] for p in parts), sum(p[1] for p in parts))
            cells += suppressed(indicator, period, places, [total, *parts])
    return {
        "format": region_file.FORMAT, "format_version": region_file.FORMAT_VERSION,
        "region": {"code": code, "name": f"Regio {index:02d} (synthetisch)",
                   "pilot": index % 2 == 0},
        "period_kind": "H", "periods": period_keys,
        "indicators": [{"key": i.key, "version": i.version, "measure": i.measure}
                       for i in all_indicators()],
        "cells": cells, "software": {"name": "netwerkdossier",
                                     "version": region_file.software_version()},
        "exported_at": timezone.now().isoformat(timespec="seconds"),
    }


def programme_member() -> User:
    region, _ = Region.objects.get_or_create(code="landelijk",
                                             defaults={"name": "Landelijk (benchmark)"})
    office, _ = Organisation.objects.get_or_create(
        name="Programmateam (benchmark)", defaults={"kind": "other", "region": region})
    user, created = User.objects.get_or_create(username="bench-programma")
    if created:
        Membership.objects.create(user=user, organisation=office,
                                  role=Membership.Role.PROGRAMMATEAM, discipline="beleid",
                                  valid_from=timezone.localdate() - timedelta(days=30))
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    period_keys = [p.key for p in periods.recent(timezone.localdate(), "H", 4)]
    files, trusted = [], {}
    for index in range(1, REGIONS + 1):
        private = signing.new_private_key()
        doc = region_document(index, period_keys, rng)
        trusted[signing.key_id(private.public_key())] = (doc["region"]["code"],
                                                         private.public_key())
        files.append(json.dumps({"document": doc, "signature": signing.sign(doc, private)},
                                ensure_ascii=False).encode())
    user = programme_member()
    ctx = import_region_context(context_for(user))
    found = {"regions": REGIONS, "households": REGIONS * HOUSEHOLDS,
             "cells_per_file": len(json.loads(files[0])["document"]["cells"]),
             "bytes_per_file": len(files[0])}
    started = time.monotonic()
    for raw in files:
        region_import.import_file(ctx, raw, trusted)
    imported = time.monotonic() - started
    client = Client()
    log_in(client, user, purpose="management")
    t = time.perf_counter()
    response = client.get("/monitoring/landelijk")
    first = time.perf_counter() - t
    assert response.status_code == 200, response.status_code
    assert response.content.decode().count("regio-export van") >= REGIONS
    found["import_26_files_s"] = round(imported, 2)
    found["first_national_page_s"] = round(first, 2)
    found["combined_s"] = round(imported + first, 2)
    times = []
    for _ in range(args.requests):
        t = time.perf_counter()
        assert client.get("/monitoring/landelijk").status_code == 200
        times.append((time.perf_counter() - t) * 1000)
    found["national_page"] = summary(times)
    totals = national.totals(period_keys[-1:])
    found["national_new_reports_last_period"] = totals[("nieuwe_meldingen",
                                                        period_keys[-1])][0]
    found["imports_on_record"] = ImportedRegion.objects.count()
    json.dump(found, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
