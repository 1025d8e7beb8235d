"""Legal measures in a browser: the RVT professional registers an OTS for Lieke (17) and
sees it on the household page with its end and the reminder for an extension; Lieke
reads her own measure in the portal in "je"-Dutch with the way to object. axe on every
page touched; screenshots when ND_SHOTS names a folder."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import desk, shot
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_portal import portal_log_in, professional_log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def live_cast(live_cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(live_cast)
    return live_cast


def test_register_a_measure_and_the_young_person_reads_it(browser, live_server, live_cast):
    base = live_server.url
    start = timezone.localdate() - timedelta(days=7)
    end = start.replace(year=start.year + 1) if not (start.month == 2 and start.day == 29) \
        else start.replace(year=start.year + 1, day=28)
    context, page = desk(browser)
    professional_log_in(page, base, "ruben")
    page.goto(f"{base}/huishoudens/{live_cast.household.pk}")
    expect(page.get_by_role("heading", name="Maatregelen")).to_be_visible()
    page.get_by_role("link", name="Maatregel vastleggen").click()
    page.wait_for_url(f"{base}/huishoudens/{live_cast.household.pk}/maatregelen/nieuw")
    assert_accessible(page, "maatregel vastleggen")
    # Saving the empty form: every missing answer in Dutch, nothing chosen for the user.
    page.get_by_role("button", name="Maatregel opslaan").click()
    expect(page.get_by_text("Kies voor wie de maatregel is").first).to_be_visible()
    assert_accessible(page, "maatregel vastleggen met fouten")
    page.get_by_label("Voor wie").select_option(label="Lieke Jansen")
    page.get_by_label("Maatregel", exact=True).select_option(
        label="Ondertoezichtstelling (OTS) (onbevestigd)")
    page.get_by_label("Beslist door").select_option(label="Kinderrechter")
    page.get_by_label("Instantie").fill("Rechtbank Noord-Holland")
    page.get_by_label("Zaaknummer").fill("C/15/424242 / JE RK 26-42")
    page.get_by_label("Toegewezen").check()
    page.get_by_label("Datum van het besluit").fill(start.isoformat())
    page.get_by_label("Begint op").fill(start.isoformat())
    page.get_by_label("Bron").fill("Beschikking C/15/424242")
    page.get_by_role("button", name="Maatregel opslaan").click()
    page.wait_for_url(f"{base}/maatregelen/**")
    expect(page.get_by_role("heading", name="Ondertoezichtstelling (OTS)")).to_be_visible()
    expect(page.get_by_text("Beschikking C/15/424242")).to_be_visible()
    assert_accessible(page, "maatregel")
    shot(page, "maatregel")
    page.get_by_role("link", name="Terug naar Gezin Jansen").click()
    page.wait_for_url(f"{base}/huishoudens/{live_cast.household.pk}**")
    row = page.locator("#maatregelen-sectie tr", has_text="Lieke Jansen")
    expect(row).to_contain_text("Ondertoezichtstelling (OTS)")
    expect(row).to_contain_text("onbevestigd")
    expect(row).to_contain_text(end.strftime("%d-%m-%Y"))
    expect(row).to_contain_text("Verlenging aanvragen vanaf")
    assert_accessible(page, "huishouden met maatregel")
    shot(page, "huishouden-maatregelen")
    context.close()

    context, page = desk(browser)
    portal_log_in(page, base, "lieke")
    expect(page.get_by_role("row", name="Ondertoezichtstelling (OTS)")).to_be_visible()
    assert_accessible(page, "portaal met maatregel")
    page.get_by_role("link", name="Meer over deze maatregelen").click()
    page.wait_for_url(f"{base}/portaal/besluiten**")
    expect(page.get_by_role("heading", name="Ondertoezichtstelling (OTS)")).to_be_visible()
    expect(page.get_by_text("Niet mee eens? Dit kun je doen:").first).to_be_visible()
    page.get_by_text("Naar de rechter").first.click()
    expect(page.get_by_text("Hoger beroep: binnen 3 maanden").first).to_be_visible()
    assert_accessible(page, "portaal besluiten met maatregel")
    shot(page, "portaal-maatregel")
    context.close()
