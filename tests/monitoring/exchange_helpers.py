"""Helpers for the exchange tests: a region of another installation with hand-built
aggregates, keys, and signed documents built by hand."""

import json

from netwerkdossier.monitoring import areas, marks, refresh
from netwerkdossier.monitoring.exchange import region_file, signing
from netwerkdossier.monitoring.indicators import all_indicators
from netwerkdossier.monitoring.models import Aggregate, Area
from netwerkdossier.organisations.models import Region

COUNT_KEY = "nieuwe_meldingen"


def other_region(code="oostland", name="Oostland (synthetisch)"):
    """A region without organisations here (as on another installation), two
    municipalities, and new reports hand-built: 2021-H1 region 30 = 18 + 12; 2021-H2
    region 12 = 3 + 9 (3 is small: <5, and then 9 hidden as x)."""
    refresh.refresh()  # the cast's own events first, so an export does not refresh ours
    region = Region.objects.create(code=code, name=name, is_pilot=True)
    east = Area.objects.create(region=region, municipality="Oostdorp")
    west = Area.objects.create(region=region, municipality="Westdorp")
    figures = {"2021-H1": (30, 18, 12), "2021-H2": (12, 3, 9)}
    for period, (total, a, b) in figures.items():
        for level, unit, n in ((areas.REGION, region.pk, total), (areas.MUNICIPALITY, east.pk, a),
                               (areas.MUNICIPALITY, west.pk, b)):
            Aggregate.objects.create(indicator=COUNT_KEY, period=period, level=level,
                                     unit=str(unit), numerator=n, denominator=0)
    marks.apply(figures)  # as a refresh does after computing
    return region


def keypair(code):
    private = signing.new_private_key()
    return private, {signing.key_id(private.public_key()): (code, private.public_key())}


def document(code, cells, *, periods=("2021-H1",), kind="H", version=region_file.FORMAT_VERSION,
             name=None, indicator_versions=None):
    versions = indicator_versions or {}
    return {
        "format": region_file.FORMAT, "format_version": version,
        "region": {"code": code, "name": name or code.title(), "pilot": False},
        "period_kind": kind, "periods": list(periods),
        "indicators": [{"key": i.key, "version": versions.get(i.key, i.version),
                        "measure": i.measure} for i in all_indicators()],
        "cells": cells, "software": {"name": "netwerkdossier", "version": "test"},
        "exported_at": "2026-07-01T09:00:00+00:00",
    }


def signed_bytes(doc, private) -> bytes:
    return json.dumps({"document": doc, "signature": signing.sign(doc, private)}).encode()


def region_cell(code, indicator, period, n=None, d=0, mark=""):
    return region_file.cell(indicator, period, region_file.REGION_LEVEL, code, n, d, mark)
