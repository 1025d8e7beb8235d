"""Build and sign a region's aggregate export (region_file.py). Reads only the
aggregates (refreshed first) with their suppression marks (marks.py), so the file
holds no figure the region's own dashboards hide."""

import hashlib

from django.db import transaction
from django.utils import timezone

from netwerkdossier.access.monitoring_exchange import EXPORT_REGION, OBJECT_TYPE_REGION
from netwerkdossier.access.reads import event

from .. import areas, refresh
from ..indicators import all_indicators
from ..models import Aggregate, Area
from . import region_file, signing


def cells_for(region, period_keys: list[str]) -> list[dict]:
    """The region's and its municipalities' cells, with the marks every dashboard shows
    (marks.py): a hidden cell carries its mark instead of its numbers."""
    municipalities = list(Area.objects.filter(region=region).order_by("municipality"))
    units = [(areas.REGION, str(region.pk), region_file.REGION_LEVEL, region.code)] + [
        (areas.MUNICIPALITY, str(a.pk), region_file.MUNICIPALITY_LEVEL, a.municipality)
        for a in municipalities]
    found = {(a.indicator, a.period, a.level, a.unit): (a.numerator, a.denominator, a.mark)
             for a in Aggregate.objects.filter(
                 period__in=period_keys, level__in=[areas.REGION, areas.MUNICIPALITY],
                 unit__in=[u[1] for u in units])}
    cells = []
    for indicator in all_indicators():
        for period in period_keys:
            for level, unit, file_level, name in units:
                n, d, mark = found.get((indicator.key, period, level, unit), (0, 0, ""))
                cells.append(region_file.cell(indicator.key, period, file_level, name,
                                              mark=mark) if mark
                             else region_file.cell(indicator.key, period, file_level, name,
                                                   n, d))
    return cells


def document(region, period_kind: str, period_keys: list[str], now=None) -> dict:
    if refresh.is_stale():
        refresh.refresh()
    return {
        "format": region_file.FORMAT,
        "format_version": region_file.FORMAT_VERSION,
        "region": {"code": region.code, "name": region.name, "pilot": region.is_pilot},
        "period_kind": period_kind,
        "periods": list(period_keys),
        "indicators": [{"key": i.key, "version": region_file.indicator_version(i),
                        "measure": i.measure} for i in all_indicators()],
        "cells": cells_for(region, list(period_keys)),
        "software": {"name": "netwerkdossier", "version": region_file.software_version()},
        "exported_at": (now or timezone.now()).isoformat(timespec="seconds"),
    }


def signed(region, period_kind: str, period_keys: list[str], private_key, now=None) -> dict:
    found = document(region, period_kind, period_keys, now)
    return {"document": found, "signature": signing.sign(found, private_key)}


def log(ctx, region, period_kind: str, period_keys: list[str], content: bytes) -> None:
    """The export in the access log (ctx: the region's policy maker, purpose management):
    the region, the periods and the file's hash, as fixed tokens."""
    with transaction.atomic():
        event(ctx, EXPORT_REGION, "E", object_type=OBJECT_TYPE_REGION,
              object_ids=[region.code, period_kind, *period_keys,
                          hashlib.sha256(content).hexdigest()[:16]],
              rule="region_policy_export")
