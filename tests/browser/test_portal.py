"""The family portal in a phone-sized browser: what each family login sees (the table
of expectations in tests/portal/expectations.py), axe on every portal page, a
correction request from family to queue to new version and back, an own statement on
the team's entry page, and a professional's read in 'Wie keek er?'."""

import pyotp
import pytest

from netwerkdossier.synthetic.personas import DEMO_PASSWORD, family_totp_secret
from tests.browser.conftest import choose_purpose, enter_app_code, follow, start_page
from tests.browser.test_accessibility import assert_accessible
from tests.portal.expectations import LOGINS, add_test_entries, all_texts, expected

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def live_cast(live_cast):
    """The shared cast plus the family's portal logins."""
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(live_cast)
    return live_cast


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def portal_log_in(page, base, username):
    page.goto(f"{base}/portaal/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Code uit uw app").fill(pyotp.TOTP(family_totp_secret(username)).now())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/portaal/")


def professional_log_in(page, base, username):
    page.goto(f"{base}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/inloggen/code**")
    enter_app_code(page, username)
    page.wait_for_url(lambda url: "/inloggen" not in url)
    if page.url.startswith(f"{base}/doel"):  # several purposes possible: state one
        choose_purpose(page, "Hulpverlening")
    page.wait_for_url(start_page(base))


def no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"


def test_each_family_login_sees_exactly_what_the_rules_allow(browser, live_server,
                                                              live_cast):
    from netwerkdossier.access.api import context_for

    added = add_test_entries(live_cast, context_for(live_cast.users["lotte"]))
    texts = all_texts(live_cast, added)
    for username in LOGINS:
        context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True)
        page = context.new_page()
        portal_log_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/portaal/aantekeningen")
        body = page.locator("main").inner_text()
        seen, hidden = expected(username)
        assert {k for k in texts if texts[k] in body} == seen, username
        no_horizontal_scroll(page)
        context.close()


def test_every_portal_page_has_no_serious_axe_violations(phone, live_server, live_cast):
    base = live_server.url
    page = phone
    page.goto(f"{base}/portaal/inloggen")
    assert_accessible(page, "portaal inloggen")
    follow(page.get_by_role("button", name="Verder"))
    assert_accessible(page, "portaal inloggen met fout")
    page.get_by_label("Gebruikersnaam").fill("sanne")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    follow(page.get_by_role("button", name="Verder"))
    assert_accessible(page, "portaal code")
    page.get_by_label("Code uit uw app").fill(pyotp.TOTP(family_totp_secret("sanne")).now())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/portaal/")
    entry = live_cast.entries["conversation"]
    from netwerkdossier.synthetic import analysis_demo

    analysis_demo.build(live_cast)
    for name, path in [
        ("overzicht", "/portaal/"), ("aantekeningen", "/portaal/aantekeningen"),
        ("analyse", "/portaal/analyse"),
        ("aantekening", f"/portaal/aantekeningen/{entry.pk}"),
        ("besluiten", "/portaal/besluiten"), ("verzoeken", "/portaal/verzoeken"),
        ("wie keek", "/portaal/wie-keek"), ("vragenlijst", "/portaal/vragenlijst"),
        ("toestemming", "/portaal/toestemming"), ("mijn gegevens", "/portaal/mijn-gegevens"),
    ]:
        page.goto(f"{base}{path}")
        assert_accessible(page, name)
        no_horizontal_scroll(page)
    page.goto(f"{base}/portaal/aantekeningen/{entry.pk}")
    follow(page.get_by_role("button", name="Verklaring bewaren"))
    assert_accessible(page, "verklaring met fout")
    follow(page.get_by_role("button", name="Verzoek versturen"))
    assert_accessible(page, "verzoek met fout")
    page.goto(f"{base}/portaal/vragenlijst")
    follow(page.get_by_role("button", name="Versturen"))
    assert_accessible(page, "vragenlijst met fouten")
    page.goto(f"{base}/portaal/toestemming")
    follow(page.get_by_role("button", name="Keuze bewaren"))
    assert_accessible(page, "toestemming met fouten")
    page.goto(f"{base}/portaal/analyse")
    follow(page.get_by_role("button", name="Reactie versturen"))
    assert_accessible(page, "analyse-reactie met fout")


def test_correction_request_and_statement_travel_between_family_and_team(
        browser, phone, live_server, live_cast):
    base = live_server.url
    entry = live_cast.entries["conversation"]
    family = phone
    portal_log_in(family, base, "sanne")
    family.goto(f"{base}/portaal/aantekeningen/{entry.pk}")
    family.get_by_role("textbox", name="Uw eigen verklaring").fill(
        "<script>alert(1)</script>Ik zie dat anders.")
    follow(family.get_by_role("button", name="Verklaring bewaren"))
    assert "Uw verklaring is bewaard" in family.locator("main").inner_text()
    family.get_by_label("Verbeteren", exact=True).check()
    family.get_by_label("Wat klopt er niet, of waarom moet het weg?").fill(
        "Het huisbezoek was op dinsdag, niet op maandag.")
    family.get_by_role("button", name="Verzoek versturen").click()
    family.wait_for_url(f"{base}/portaal/verzoeken")
    assert "In behandeling" in family.locator("main").inner_text()

    team_context = browser.new_context(locale="nl-NL", viewport={"width": 1280,
                                                                 "height": 900})
    team = team_context.new_page()
    professional_log_in(team, base, "lotte")
    team.goto(f"{base}/aantekeningen/{entry.pk}")
    text = team.locator("main").inner_text()
    assert "Eigen verklaring van het gezin" in text
    assert "<script>alert(1)</script>Ik zie dat anders." in text  # shown as text, escaped
    follow(team.get_by_role("link", name="Naar de correctieverzoeken"))
    assert_accessible(team, "correctieverzoeken")
    assert "Gezin Jansen" in team.locator("main").inner_text()
    follow(team.locator("a[href^='/correctieverzoeken/']").first)
    assert_accessible(team, "correctieverzoek")
    team.get_by_label("Toewijzen", exact=True).check()
    team.get_by_label("Verbeterde tekst (bij toewijzen van een correctie)").fill(
        "Huisbezoek op dinsdag met moeder en de kinderen.")
    team.get_by_label("Reden van het besluit (alleen wie het verzoek deed, leest dit)").fill(
        "U hebt gelijk: de dag stond verkeerd.")
    team.get_by_role("button", name="Besluit opslaan").click()
    team.wait_for_url(f"{base}/correctieverzoeken")
    team_context.close()

    family.goto(f"{base}/portaal/")
    assert "Er is een besluit over uw verzoek" in family.locator("main").inner_text()
    family.goto(f"{base}/portaal/verzoeken")
    body = family.locator("main").inner_text()
    assert "Toegewezen" in body and "U hebt gelijk: de dag stond verkeerd." in body
    follow(family.get_by_role("link", name="Lees de verbeterde aantekening"))
    body = family.locator("main").inner_text()
    assert "Huisbezoek op dinsdag met moeder en de kinderen." in body
    assert "Oude versie 1 (vervangen)" in body


def test_who_looked_lists_a_read_made_seconds_earlier(browser, phone, live_server,
                                                      live_cast):
    base = live_server.url
    team_context = browser.new_context(locale="nl-NL")
    team = team_context.new_page()
    professional_log_in(team, base, "ruben")
    team.goto(f"{base}/aantekeningen/{live_cast.entries['conversation'].pk}")
    team_context.close()
    portal_log_in(phone, base, "daan")
    phone.get_by_role("link", name="Wie keek er?").first.click()
    first = phone.locator(".pt-looked-group").first.inner_text()
    assert "Ruben Bakker" in first and "bekeek een aantekening" in first
    assert_accessible(phone, "wie keek met gegevens")


@pytest.mark.parametrize("username", ["sanne", "daan"])
def test_crisis_numbers_on_the_first_phone_screen(phone, live_server, live_cast, username):
    """A parent (and a young person) on a 390-pixel phone sees whom to call at once,
    without scrolling (issue 13)."""
    portal_log_in(phone, live_server.url, username)
    for name, number in (("Veilig Thuis", "0800-2000"), ("112", "112")):
        link = phone.get_by_role("link", name=f"Bel {name}: {number}")
        box = link.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], (name, box)
    assert_accessible(phone, f"portaal start {username}")
