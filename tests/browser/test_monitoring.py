"""Monitoring dashboards in the browser: a regional policy maker filters to a half year
and downloads the figures as Excel; a team manager finds no way from a chart to a
household; axe on every dashboard page."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from netwerkdossier.monitoring import periods

from .conftest import shot
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(live_cast):
    from netwerkdossier.monitoring.rebuild import rebuild
    from netwerkdossier.synthetic import monitoring_demo

    monitoring_demo.build(live_cast)
    rebuild()
    return live_cast


def test_regional_policy_maker_filters_to_a_half_year_and_downloads_excel(
        page, log_in, live_server, figures):
    log_in("renske")
    page.get_by_role("link", name="Monitoring").click()
    page.wait_for_url(f"{live_server.url}/monitoring/regio")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring van uw regio")
    previous = periods.containing(timezone.localdate(), "H").previous()
    page.get_by_label("Periode", exact=True).select_option(previous.key)
    page.get_by_label("Gebied", exact=True).select_option(label=f"{figures.household.region.name}, "
                                                    "per gemeente")
    page.get_by_role("button", name="Toon cijfers").click()
    page.wait_for_url(f"**periode={previous.key}**")
    expect(page.get_by_text(f"tot en met het {previous.label}")).to_be_visible()
    table = page.get_by_role("table", name="Huishoudens ondersteund per gebied en periode")
    expect(table.get_by_role("columnheader", name=previous.label)).to_be_visible()
    expect(table.get_by_role("rowheader", name="Noorderveld")).to_be_visible()
    shot(page, "monitoring-regio")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Excel").click()
    download = info.value
    assert download.suggested_filename.startswith(f"monitoring-regio-{previous.key}")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Groep", "Indicator", "Gebied", "Periode", "Waarde", "Eenheid"]
    assert {r[3] for r in rows[1:]} >= {previous.label}
    assert not any("Jansen" in str(v) for r in rows for v in r)


def test_team_manager_cannot_reach_a_household_from_any_chart(page, log_in, live_server,
                                                              figures):
    log_in("tamara")
    page.goto(f"{live_server.url}/monitoring/team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring van uw organisatie")
    charts = page.locator("figure svg")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 20
    # Nothing in a chart or its table is a link or can take focus to go somewhere.
    assert page.locator("figure a, figure [onclick], .nd-indicator a").count() == 0
    assert page.locator("figure [tabindex]").count() == 0
    # The only links in the page's content are the downloads.
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all("formaat=" in h for h in hrefs), hrefs
    content = page.locator("main").inner_html()
    for word in (str(figures.household.pk), "/huishoudens/", "Jansen"):
        assert word not in content
    # Clicking a chart leads nowhere.
    before = page.url
    page.locator("figure svg").first.click()
    page.wait_for_timeout(300)
    assert page.url == before


@pytest.mark.parametrize(("username", "path"), [
    ("tamara", "team"), ("bas", "gemeente"), ("renske", "regio"), ("nadia", "landelijk"),
    ("nadia", "landelijk?gebied=proeftuinen:alle")])
def test_dashboards_have_no_serious_axe_violations(page, log_in, live_server, figures,
                                                   username, path):
    log_in(username)
    page.goto(f"{live_server.url}/monitoring/{path}")
    expect(page.locator("figure svg").first).to_be_visible()
    assert_accessible(page, f"monitoring {path}")
