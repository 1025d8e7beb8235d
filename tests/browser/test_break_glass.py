"""Break-the-glass end to end in a real browser: the outsider asks for emergency access
from the 404 page, and the privacy officer reviews it in the queue."""

import pytest
from playwright.sync_api import expect

from .conftest import enter_app_code
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

REASON = "Moeder belt in paniek, de politie is ter plaatse en het team is niet bereikbaar."


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()


def test_break_glass_and_review(page, log_in, live_server, live_cast):
    household = f"{live_server.url}/huishoudens/{live_cast.household.pk}"
    log_in("olga")
    page.goto(household)
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    page.get_by_role("link", name="Noodtoegang aanvragen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Noodtoegang aanvragen")
    expect(page.locator("main")).not_to_contain_text("Jansen")
    assert_accessible(page, "noodtoegang aanvragen")
    page.get_by_role("button", name="Noodtoegang gebruiken").click()  # empty: errors
    expect(page.get_by_text("minstens 20 tekens").first).to_be_visible()
    assert_accessible(page, "noodtoegang aanvragen met fouten")

    page.get_by_label("Waarom hebt u nu toegang nodig?").fill(REASON)
    page.get_by_label("Doel").select_option("veiligheidsbeoordeling")
    enter_app_code(page, "olga", label="Code uit uw authenticator-app")
    page.get_by_label("Ik begrijp dat dit wordt gemeld en beoordeeld").check()
    page.get_by_role("button", name="Noodtoegang gebruiken").click()

    expect(page).to_have_title("Gezin Jansen — Netwerkdossier")
    banner = page.locator(".utrecht-alert--warning")
    expect(banner).to_contain_text("U gebruikt noodtoegang tot")
    expect(banner).to_contain_text("Alles wat u ziet wordt gelogd en beoordeeld.")
    log_out(page)

    log_in("priya")
    expect(page.get_by_role("link", name="Meldingen (1) ongelezen")).to_be_visible()
    page.get_by_role("link", name="Noodtoegang beoordelen").click()
    use = page.locator("section.nd-card", has_text="Olga Smit (Wijkteam Zuiderhaven)")
    expect(use).to_contain_text(REASON)
    expect(use).to_contain_text("Veiligheidsbeoordeling")
    expect(use).to_contain_text("huishouden 1 keer geopend")
    assert_accessible(page, "noodtoegang beoordelen")
    use.get_by_label("Terecht", exact=True).check()
    use.get_by_label("Toelichting").fill("Acute situatie; politie ter plaatse.")
    use.get_by_role("button", name="Beoordeling opslaan").click()

    expect(page.get_by_text("Beoordeling opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Er is geen noodtoegang die nog beoordeeld moet worden.")) \
        .to_be_visible()
    reviewed = page.get_by_role("table").filter(has_text="Olga Smit")
    expect(reviewed).to_contain_text("Terecht")
    expect(reviewed).to_contain_text("Priya Hoekstra")

    page.get_by_role("link", name="Toegangslog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegangslog")
    assert_accessible(page, "toegangslog")
    page.get_by_label("Professional (gebruikersnaam)").fill("olga")
    page.get_by_label("Alleen noodtoegang").check()
    page.get_by_role("button", name="Zoeken in de log").click()
    expect(page.locator("tbody")).to_contain_text("break_glass.start")
    assert_accessible(page, "toegangslog gefilterd")
