"""Destruction on request in real browsers (issue 12): a parent asks on her phone, the
professional proposes, the privacy officer destroys, the professional can no longer open
the entry, and the parent reads the outcome. Then the officer's retention page."""

from datetime import date

import pytest

from tests.browser.conftest import desk, follow, shot
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_portal import phone, portal_log_in, professional_log_in  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def live_cast(live_cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(live_cast)
    return live_cast


def test_parent_asks_officer_destroys_professional_cannot_open_parent_sees_outcome(
        browser, phone, live_server, live_cast):  # noqa: F811
    base = live_server.url
    entry = live_cast.entries["conversation"]
    portal_log_in(phone, base, "sanne")
    phone.goto(f"{base}/portaal/aantekeningen/{entry.pk}")
    phone.get_by_label("Vernietigen", exact=True).check()
    phone.get_by_label("Wat klopt er niet, of waarom moet het weg?").fill(
        "Dit gesprek wil ik niet meer in het dossier.")
    phone.get_by_role("button", name="Verzoek versturen").click()
    phone.wait_for_url(f"{base}/portaal/verzoeken")
    assert "In behandeling" in phone.locator("main").inner_text()

    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    lotte.goto(f"{base}/correctieverzoeken")
    follow(lotte.locator("a[href^='/correctieverzoeken/']").first)
    assert_accessible(lotte, "vernietigingsverzoek beoordelen")
    assert not lotte.get_by_label("Een wet verplicht om dit te bewaren").is_checked()
    lotte.get_by_label("Toewijzen", exact=True).check()
    lotte.get_by_label("Reden van het besluit (alleen wie het verzoek deed, leest dit)").fill(
        "Wij halen het gesprek weg zoals u vraagt.")
    lotte.get_by_role("button", name="Besluit opslaan").click()
    lotte.wait_for_url(f"{base}/correctieverzoeken")
    assert "functionaris gegevensbescherming" in lotte.locator("main").inner_text()
    shot(lotte, "lotte-voorstel")

    officer_context, priya = desk(browser)
    professional_log_in(priya, base, "priya")
    follow(priya.get_by_role("link", name="Vernietigingsverzoeken"))
    assert_accessible(priya, "vernietigingsverzoeken")
    text = priya.locator("main").inner_text()
    assert "Wij halen het gesprek weg zoals u vraagt." in text
    assert entry.text not in text
    shot(priya, "priya-verzoeken")
    follow(priya.get_by_role("button", name="Vernietigen"))  # not confirmed yet
    assert "niet terug te draaien" in priya.locator("main").inner_text()
    priya.get_by_label("Ik begrijp dat vernietigen niet terug te draaien is").check()
    priya.get_by_role("button", name="Vernietigen").click()
    priya.wait_for_url(f"{base}/privacy/vernietigingsverzoeken")
    assert "De aantekening is vernietigd" in priya.locator("main").inner_text()
    officer_context.close()

    response = lotte.goto(f"{base}/aantekeningen/{entry.pk}")
    assert response.status == 404
    context.close()

    phone.goto(f"{base}/portaal/verzoeken")
    body = phone.locator("main").inner_text()
    assert "Vernietigd" in body and "De aantekening is vernietigd op" in body
    assert_accessible(phone, "mijn verzoeken na vernietiging")
    shot(phone, "sanne-uitkomst")


def test_the_officers_retention_page_destroys_a_confirmed_batch(browser, live_server,
                                                                live_cast):
    from netwerkdossier.cases.models import Case
    from netwerkdossier.dossier.models import Entry

    Case.objects.filter(household=live_cast.household).update(closed_on=date(2000, 1, 1),
                                                               phase="afgesloten")
    base = live_server.url
    context, priya = desk(browser)
    professional_log_in(priya, base, "priya")
    follow(priya.get_by_role("link", name="Bewaartermijnen"))
    assert_accessible(priya, "bewaartermijnen")
    shot(priya, "priya-bewaartermijnen")
    priya.get_by_label(f"Vernietig het dossier van {live_cast.household.name}").check()
    priya.get_by_label("Ik heb de gekozen dossiers gecontroleerd", exact=False).check()
    follow(priya.get_by_role("button", name="Gekozen dossiers vernietigen"))
    assert "1 dossier(s) vernietigd." in priya.locator("main").inner_text()
    assert not Entry.objects.filter(pk=live_cast.entries["conversation"].pk).exists()
    assert Entry.objects.filter(pk=live_cast.entries["father"].pk).exists()
    context.close()
