"""The national dashboard with regions imported from other installations (issue 15,
point 3): the programme team sees them beside the local region, marked by source, a
region's hidden cell as its mark, and the note on how the total is made; axe on the
page."""

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netwerkdossier.monitoring import periods

from .conftest import shot
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def imported(live_cast):
    from netwerkdossier.access.context import context_for
    from netwerkdossier.access.monitoring_exchange import import_region_context
    from netwerkdossier.monitoring.exchange import region_file, region_import, signing
    from netwerkdossier.monitoring.indicators import all_indicators
    from netwerkdossier.monitoring.rebuild import rebuild
    from netwerkdossier.synthetic import monitoring_demo

    monitoring_demo.build(live_cast)
    rebuild()
    period = periods.containing(timezone.localdate(), "H").key
    ctx = import_region_context(context_for(live_cast.users["nadia"]))
    for code, cell in (("kustland", ("huishoudens_ondersteund", 120, 0, "")),
                       ("heuvelland", ("huishoudens_ondersteund", None, None, "<5"))):
        private = signing.new_private_key()
        trusted = {signing.key_id(private.public_key()): (code, private.public_key())}
        doc = {"format": region_file.FORMAT, "format_version": 1,
               "region": {"code": code, "name": f"{code.title()} (synthetisch)",
                          "pilot": False},
               "period_kind": "H", "periods": [period],
               "indicators": [{"key": i.key, "version": i.version, "measure": i.measure}
                              for i in all_indicators()],
               "cells": [region_file.cell(cell[0], period, "regio", code, *cell[1:])],
               "software": {"name": "netwerkdossier", "version": "test"},
               "exported_at": "2026-07-01T09:00:00+00:00"}
        raw = json.dumps({"document": doc, "signature": signing.sign(doc, private)})
        region_import.import_file(ctx, raw.encode(), trusted)
    return live_cast


def test_programme_team_sees_imported_regions_marked_by_source(page, log_in, live_server,
                                                               imported):
    log_in("nadia")
    page.goto(f"{live_server.url}/monitoring/landelijk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijke monitoring")
    table = page.get_by_role("table", name="Huishoudens ondersteund per gebied en periode")
    expect(table.get_by_role("rowheader", name="Kustland (synthetisch) (regio-export van")) \
        .to_be_visible()
    expect(table.get_by_role("rowheader", name=f"{imported.household.region.name} "
                                               "(deze installatie)")).to_be_visible()
    hidden = table.get_by_role("row", name="Heuvelland (synthetisch)")
    expect(hidden.get_by_role("cell").last).to_have_text("<5")
    expect(page.get_by_test_id("ingelezen-regios")).to_contain_text("telt niet mee")
    shot(page, "monitoring-landelijk-ingelezen")
    assert_accessible(page, "landelijk met ingelezen regio's")
