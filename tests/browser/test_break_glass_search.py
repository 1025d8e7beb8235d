"""Emergency access from search in a real browser (issue 13 point 5, decision 0037): the
outsider searches by name and birth date, finds nothing she may see, is offered the
request, fills in a reason from the list, free text and a fresh code, and lands in the
household; the privacy officer finds it in the review queue. axe on every page."""

import pytest
from playwright.sync_api import expect

from .conftest import desk, enter_app_code, shot
from .test_accessibility import assert_accessible
from .test_portal import professional_log_in

pytestmark = pytest.mark.browser

TEXT = "Moeder belt in paniek, de politie is ter plaatse en het team is niet bereikbaar."


def test_emergency_access_from_search(browser, live_server, live_cast):
    base = live_server.url
    context, olga = desk(browser)
    professional_log_in(olga, base, "olga")
    olga.get_by_role("link", name="Zoeken").click()
    born = f"{live_cast.mother.birth_date:%d-%m-%Y}"
    olga.get_by_label("Zoek op naam, geboortedatum (dd-mm-jjjj) of BSN").fill(
        f"Sanne Jansen {born}")
    olga.get_by_role("button", name="Zoeken").click()
    expect(olga.get_by_text("Geen personen gevonden die u mag zien.")).to_be_visible()
    expect(olga.get_by_role("heading", name="Noodsituatie?")).to_be_visible()
    assert_accessible(olga, "zoeken met aanbod noodtoegang")
    shot(olga, "olga-zoeken-noodtoegang-aanbod")

    olga.get_by_role("link", name="Noodtoegang aanvragen").click()
    expect(olga.get_by_role("heading", level=1)).to_have_text(
        "Noodtoegang aanvragen vanuit zoeken")
    expect(olga.locator("main")).not_to_contain_text("Lindelaan")
    assert olga.locator("input:checked").count() == 0
    olga.get_by_role("button", name="Noodtoegang aanvragen").click()  # empty: errors
    expect(olga.get_by_text("Kies de reden van de noodtoegang.").first).to_be_visible()
    assert_accessible(olga, "noodtoegang vanuit zoeken met fouten")
    shot(olga, "olga-noodtoegang-zoeken-fouten")

    olga.get_by_label("Acuut gevaar voor een kind of volwassene").check()
    olga.get_by_label("Toelichting: wat is er aan de hand?").fill(TEXT)
    olga.get_by_label("Doel").select_option("hulpverlening")
    enter_app_code(olga, "olga", label="Code uit uw authenticator-app")
    olga.get_by_label("Ik begrijp dat dit wordt gemeld en beoordeeld").check()
    olga.get_by_role("button", name="Noodtoegang aanvragen").click()
    expect(olga).to_have_title("Gezin Jansen — Netwerkdossier")
    expect(olga.get_by_text("U gebruikt nu noodtoegang tot 1 huishouden.")).to_be_visible()
    assert_accessible(olga, "huishouden na noodtoegang vanuit zoeken")
    context.close()

    context, priya = desk(browser)
    professional_log_in(priya, base, "priya")
    priya.goto(f"{base}/privacy/noodtoegang")
    expect(priya.locator("main")).to_contain_text("Acuut gevaar voor een kind of volwassene")
    expect(priya.locator("main")).to_contain_text("Olga Smit")
    assert_accessible(priya, "beoordelingslijst noodtoegang")
    shot(priya, "priya-noodtoegang-vanuit-zoeken")
    context.close()
