"""axe-core on the main pages: no serious or critical violations."""

import pytest

from tests.browser.conftest import follow

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def assert_accessible(page, name):
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    if blocking:
        for v in blocking:
            print(f"[{name}] {v['impact']} {v['id']}: {v['help']}")
            for node in v["nodes"][:5]:
                print("    ", node["target"], node.get("failureSummary", "")[:200])
    assert not blocking, f"{name}: {[v['id'] for v in blocking]}"


def test_pages_have_no_serious_axe_violations(page, log_in, live_server, live_cast):
    page.goto(f"{live_server.url}/inloggen")
    assert_accessible(page, "inloggen")
    follow(page.get_by_role("button", name="Inloggen"))  # empty form: error state
    assert_accessible(page, "inloggen met fouten")

    log_in("lotte")
    assert_accessible(page, "werkvoorraad")
    page.goto(f"{live_server.url}/zoeken?q=jansen")
    assert_accessible(page, "zoeken")
    household = f"{live_server.url}/huishoudens/{live_cast.household.pk}"
    page.goto(household)
    assert_accessible(page, "huishouden")
    page.goto(f"{household}/aantekeningen/nieuw")
    assert_accessible(page, "nieuwe aantekening")
    follow(page.get_by_role("button", name="Aantekening opslaan"))
    assert_accessible(page, "nieuwe aantekening met fouten")
    page.goto(f"{live_server.url}/aantekeningen/{live_cast.entries['conversation'].pk}")
    assert_accessible(page, "aantekening")
    page.goto(f"{live_server.url}/huishoudens/nieuw")
    assert_accessible(page, "nieuw huishouden")
    page.get_by_label("Naam huishouden").fill("Gezin Test")
    follow(page.get_by_role("button", name="Huishouden registreren"))
    assert_accessible(page, "nieuw huishouden met fouten")
