"""Measures that contradict each other, in a browser (issue 14): Lieke has a contact
arrangement with her father from the family court; the RVT professional registers a
temporary restraining order on the father. The conflict shows on the household page,
on the worklist and in the family legal overview; the order is extended to its legal
maximum, and a further extension is refused with the reason. axe on every page;
screenshots when ND_SHOTS names a folder."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import desk, shot
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_portal import professional_log_in

pytestmark = pytest.mark.browser


def _contact_arrangement(cast):
    """The family court's contact arrangement between Lieke and her father (registered
    earlier by the RVT, as the demo does)."""
    from netwerkdossier.access.api import context_for
    from netwerkdossier.measures import services
    from netwerkdossier.measures.services import ConditionIn, StatusIn

    started = timezone.localdate() - timedelta(days=400)
    services.register(
        context_for(cast.users["ruben"], purpose="hulpverlening"), cast.household,
        person_id=cast.lieke.pk, measure_key="omgangsregeling", authority_kind="Familierechter",
        authority_name="Rechtbank Noord-Holland", case_number="C/15/777777 / FA RK 25-7",
        first=StatusIn(status="toegewezen", status_on=started, starts_on=started,
                       source_reference="Beschikking omgangsregeling C/15/777777"),
        conditions=[ConditionIn(kind="omgang", person_id=cast.father.pk)])


def test_restraining_order_against_contact_arrangement(browser, live_server, live_cast):
    base, household = live_server.url, live_cast.household
    _contact_arrangement(live_cast)
    imposed = timezone.localdate() - timedelta(days=2)
    context, page = desk(browser)
    professional_log_in(page, base, "ruben")
    page.goto(f"{base}/huishoudens/{household.pk}/maatregelen/nieuw")
    page.get_by_label("Voor wie").select_option(label="Mark de Boer")
    page.get_by_label("Maatregel", exact=True).select_option(
        label="Tijdelijk huisverbod (onbevestigd)")
    page.get_by_label("Beslist door").select_option(label="Burgemeester")
    page.get_by_label("Instantie").fill("Burgemeester van Noorderveld")
    page.get_by_label("Zaaknummer").fill("THV-2026-042")
    page.get_by_label("Toegewezen").check()
    page.get_by_label("Datum van het besluit").fill(imposed.isoformat())
    page.get_by_label("Begint op").fill(imposed.isoformat())
    page.get_by_label("Bron").fill("Beschikking huisverbod THV-2026-042")
    page.get_by_role("button", name="Maatregel opslaan").click()
    page.wait_for_url(f"{base}/maatregelen/**")
    measure_url = page.url

    # The household page warns: the order bars contact the court arranged.
    page.goto(f"{base}/huishoudens/{household.pk}")
    warning = page.locator('[data-coherence="contactverbod_tegen_omgang"]')
    expect(warning).to_contain_text("Contactverbod botst met omgangsregeling")
    expect(warning).to_contain_text("Mark")
    expect(warning).to_contain_text("Lieke")
    assert_accessible(page, "huishouden met botsende maatregelen")
    shot(page, "maatregelen-botsing")

    # The worklist of the team says so too, with a link to the legal overview.
    page.goto(f"{base}/")
    signal = page.locator('[data-signal="botsing_contactverbod_tegen_omgang"]').first
    expect(signal).to_contain_text("Maatregelen botsen: Contactverbod botst met omgangsregeling")
    assert_accessible(page, "werkvoorraad met botsing")
    signal.get_by_role("link").click()
    page.wait_for_url(f"{base}/huishoudens/{household.pk}/juridisch-overzicht")
    expect(page.get_by_role("heading", name="Juridisch overzicht: Gezin Jansen")).to_be_visible()
    expect(page.locator('[data-coherence="contactverbod_tegen_omgang"]')).to_be_visible()
    expect(page.get_by_text("Burgemeester van Noorderveld (burgemeester)")).to_be_visible()
    assert_accessible(page, "juridisch overzicht")
    shot(page, "juridisch-overzicht")

    # Extend the order to its maximum: four weeks after it was imposed.
    page.goto(measure_url)
    page.get_by_role("link", name="Nieuwe status vastleggen").click()
    page.wait_for_url(f"{measure_url}/status")
    maximum = imposed + timedelta(weeks=4)
    expect(page.get_by_text(maximum.strftime("%d-%m-%Y")).first).to_be_visible()
    page.get_by_label("Verlengd").check()
    page.get_by_label("Datum van het besluit").fill(timezone.localdate().isoformat())
    page.get_by_label("Bron").fill("Besluit verlenging THV-2026-042")
    page.get_by_role("button", name="Status opslaan").click()
    page.wait_for_url(measure_url)
    expect(page.get_by_text(maximum.strftime("%d-%m-%Y")).first).to_be_visible()

    # A further extension is refused, and the page says why.
    page.get_by_role("link", name="Nieuwe status vastleggen").click()
    page.wait_for_url(f"{measure_url}/status")
    expect(page.get_by_text("Verlengen kan niet:")).to_be_visible()
    expect(page.get_by_text("ten hoogste 1 keer").first).to_be_visible()
    if page.get_by_label("Verlengd").count():
        page.get_by_label("Verlengd").check()
        page.get_by_label("Datum van het besluit").fill(timezone.localdate().isoformat())
        page.get_by_label("Bron").fill("Tweede verlenging")
        page.get_by_role("button", name="Status opslaan").click()
        expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
        assert page.url.endswith("/status")
    assert_accessible(page, "verlengen kan niet")
    shot(page, "verlengen-kan-niet")
    context.close()
