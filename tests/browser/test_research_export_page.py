"""The research-export page in the browser (issue 15, point 7): the programme team asks
for an export from the menu, the privacy officer sees it, types the research key and is
told in Dutch why the export is refused (the demo family is one case: k = 1); axe on
the empty form, the request and the refusal."""

import pytest
from playwright.sync_api import expect

from .conftest import shot
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def research(live_cast):
    from netwerkdossier.monitoring.rebuild import rebuild
    from netwerkdossier.synthetic import monitoring_demo

    monitoring_demo.build(live_cast)
    rebuild()
    return live_cast


def test_programme_team_asks_and_the_privacy_officer_is_refused_below_k(
        page, log_in, live_server, research):
    log_in("nadia")
    page.get_by_role("link", name="Onderzoeksexport").click()
    page.wait_for_url(f"{live_server.url}/monitoring/onderzoeksexport")
    expect(page.get_by_role("heading", level=1)).to_have_text("Onderzoeksexport")
    assert_accessible(page, "onderzoeksexport aanvragen")
    page.get_by_label("Project").fill("veiligheid-na-afsluiten")
    page.get_by_label("Kwartaal van de melding").check()
    page.get_by_role("button", name="Aanvragen").click()
    page.wait_for_url("**aangevraagd=**")
    expect(page.get_by_role("status")).to_contain_text("is vastgelegd")
    shot(page, "onderzoeksexport-aangevraagd")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen**")

    log_in("priya")
    page.get_by_role("link", name="Onderzoeksexport").click()
    page.wait_for_url(f"{live_server.url}/monitoring/onderzoeksexport")
    request = page.get_by_role("region", name="veiligheid-na-afsluiten")
    expect(request).to_contain_text("gemeld_kwartaal")
    request.get_by_label("Onderzoekssleutel").fill("een-lange-onderzoekssleutel-0123456789-abc")
    request.get_by_role("button", name="Goedkeuren en exporteren").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("De export voldoet niet aan k-anonimiteit: k = 1")
    expect(alert).to_contain_text("Er is niets geëxporteerd.")
    expect(page.get_by_role("table", name="Eerdere aanvragen")).to_contain_text(
        "Geweigerd: te weinig gelijke rijen (k)")
    shot(page, "onderzoeksexport-geweigerd")
    assert_accessible(page, "onderzoeksexport geweigerd")
