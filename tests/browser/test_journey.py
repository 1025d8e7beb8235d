"""The professional's journey through the web UI, in a real browser."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_add_and_correct_an_entry(log_in, live_server, live_cast, tmp_path):
    page = log_in("lotte")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkvoorraad")
    page.get_by_role("link", name="Gezin Jansen").click()
    expect(page).to_have_title("Gezin Jansen — Netwerkdossier")
    expect(page.get_by_text("Gezag: Sanne Jansen (ouderlijk gezag)").first).to_be_visible()
    # Set ND_SCREENSHOT_DIR to keep the screenshot for a look.
    shots = Path(os.environ.get("ND_SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=str(shots / "household.png"), full_page=True)

    page.get_by_role("link", name="Aantekening toevoegen").click()
    page.get_by_label("Soort aantekening").select_option(label="Gesprek")
    page.get_by_label("Noor Jansen").check()
    page.get_by_label("Tekst").fill("Noor vertelt dat het thuis rustiger is.")
    page.get_by_label("Grondslag").select_option("jeugdwet_taak")
    # Who may read it is never chosen in advance: the professional chooses.
    expect(page.get_by_label("Wie mag dit lezen?")).to_have_value("")
    page.get_by_label("Wie mag dit lezen?").select_option("10")
    page.get_by_role("button", name="Aantekening opslaan").click()

    expect(page).to_have_title("Gezin Jansen — Netwerkdossier")
    entry = page.locator(".nd-entry", has_text="Noor vertelt dat het thuis rustiger is.")
    expect(entry).to_be_visible()
    entry.get_by_role("link", name=re.compile("^Details")).click()
    page.get_by_role("link", name="Corrigeren").click()
    page.get_by_label("Tekst").fill("Noor vertelt dat het thuis veel rustiger is.")
    page.get_by_label("Waarom corrigeert u dit?").fill("Woord vergeten.")
    page.get_by_role("button", name="Correctie opslaan").click()

    expect(page.get_by_role("heading", name="Versie 2 (huidige versie)")).to_be_visible()
    expect(page.get_by_role("heading", name="Versie 1 (vervangen)")).to_be_visible()
    expect(page.get_by_text("Noor vertelt dat het thuis veel rustiger is.")).to_be_visible()
    expect(page.get_by_text("Noor vertelt dat het thuis rustiger is.")).to_be_visible()
    expect(page.get_by_text("Woord vergeten.")).to_be_visible()


def test_timeline_filter_with_htmx(log_in, live_server, live_cast):
    page = log_in("lotte")
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}")
    page.get_by_label("Soort").select_option(label="Melding")
    with page.expect_response(re.compile(r"/tijdlijn\?")):
        page.get_by_role("button", name="Filteren").click()
    timeline = page.locator("#tijdlijn-inhoud")
    expect(timeline).to_contain_text("Melding van school")
    expect(timeline).not_to_contain_text("Huisbezoek")
    page.reload()  # the pushed URL works without htmx too
    expect(page.locator("#tijdlijn-inhoud")).not_to_contain_text("Huisbezoek")
    expect(page.get_by_label("Soort")).to_have_value("report")


def test_outsider_gets_404(log_in, live_server, live_cast):
    page = log_in("olga")
    response = page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(page.get_by_text("Gezin Jansen")).to_have_count(0)


def test_login_with_keyboard_only(page, live_server, live_cast):
    from netwerkdossier.synthetic.personas import DEMO_PASSWORD
    from netwerkdossier.synthetic.sign_in import next_app_code

    page.goto(f"{live_server.url}/inloggen")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.keyboard.type("lotte")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    # The second factor: the code field has the focus; typed and sent with Enter.
    page.wait_for_url(f"{live_server.url}/inloggen/code?next=/")
    expect(page.get_by_label("Code", exact=True)).to_be_focused()
    page.keyboard.type(next_app_code(live_cast.users["lotte"]))
    page.keyboard.press("Enter")
    # A wijkteam works for more than one purpose: the question comes first, nothing
    # answered in advance, and it is answered with the keyboard too.
    page.wait_for_url(f"{live_server.url}/doel?next=%2F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doel van uw werk")
    care = page.get_by_label("Hulpverlening", exact=True)
    expect(care).not_to_be_checked()
    expect(page.get_by_label("Veiligheidsbeoordeling", exact=True)).not_to_be_checked()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    expect(care).to_be_focused()
    page.keyboard.press("Space")
    expect(care).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Doel vastleggen")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkvoorraad")
    expect(page.locator(".nd-purpose summary")).to_contain_text("Doel: Hulpverlening")
