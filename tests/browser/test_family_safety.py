"""Safety information for the family in a browser: the professional writes the family's
words and the plan for children (axe); a 14-year-old on a 390-pixel phone reads the plan
in "je"-Dutch with the child version and its pictures; a parent prints the child version
for Noor (9). axe on every page touched; screenshots when ND_SHOTS names a folder."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import desk, shot
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_portal import PHONE, no_horizontal_scroll, portal_log_in

pytestmark = pytest.mark.browser

JARGON = "Acute onveiligheid door escalerend partnergeweld met risico op letsel"
WORDS = "Papa en mama maken vaak ruzie. Dan is het thuis niet veilig."
GOAL = "Iedereen blijft rustig, ook als er ruzie is. De kinderen weten wie ze kunnen bellen."
SAFE = "Als er ruzie is, ga je naar je kamer en bel je oma Ria. Elke woensdag komt Lotte."


@pytest.fixture
def live_cast(live_cast):
    from netwerkdossier.access.api import context_for
    from netwerkdossier.safety import services
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(live_cast)
    services.add_danger(context_for(live_cast.users["lotte"]), live_cast.case,
                        worried_by="School en wijkteam", statement=JARGON,
                        safety_goal="Geweldloze conflicthantering binnen het gezin")
    return live_cast


def phone_page(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def pictures_drawn(page) -> int:
    return page.evaluate("""() => [...document.querySelectorAll('.nd-pictograms img')]
        .filter(img => img.complete && img.naturalWidth > 0 && img.hasAttribute('alt')).length""")


def test_family_words_and_the_plan_for_children(browser, live_server, live_cast):
    from tests.browser.test_portal import professional_log_in

    base = live_server.url
    # Lotte writes the family's words and the plan for children.
    context, page = desk(browser)
    professional_log_in(page, base, "lotte")
    page.goto(f"{base}/trajecten/{live_cast.case.pk}/veiligheidsplan")
    assert page.get_by_text("Gevarenverklaring 1 heeft nog geen woorden voor het gezin") \
        .is_visible()
    assert_accessible(page, "plan-zonder-gezinswoorden")
    page.get_by_text("Woorden voor het gezin schrijven").click()
    page.get_by_label("De zorg, in woorden voor het gezin").fill(WORDS)
    page.get_by_label("Het doel, in woorden voor het gezin").fill(GOAL)
    page.get_by_role("button", name="Woorden voor het gezin opslaan").click()
    expect(page.locator("dd", has_text=WORDS)).to_be_visible()  # waits for the new page
    form = page.locator("form[aria-labelledby='f-kind']")
    form.get_by_label("Waar maken de grote mensen zich zorgen over?").fill(
        "Papa en mama maakten vaak ruzie. Dan werd je bang.")
    form.get_by_label("Wat gebeurt er zodat het thuis veilig is?").fill(SAFE)
    form.get_by_label("Wie helpen?").fill("Oma Ria, juf Marieke en Lotte van het wijkteam.")
    for label in ("Thuis", "Bellen", "Mensen die helpen"):
        form.get_by_role("checkbox", name=label, exact=True).check()
    form.get_by_role("button", name="Plan voor kinderen opslaan").click()
    # The print link exists only once the plan for children is saved.
    expect(page.get_by_role("link", name="Afdrukken om mee te nemen")).to_be_visible()
    page.wait_for_load_state("load")  # the pictograms are loaded
    assert pictures_drawn(page) == 3
    assert_accessible(page, "plan-met-kindversie")
    shot(page, "family-safety-1-professional-plan")
    page.get_by_role("link", name="Afdrukken om mee te nemen").click()
    expect(page.get_by_role("heading", name="Het plan: zo blijft het thuis veilig")) \
        .to_be_visible()
    assert_accessible(page, "kindversie-professional")
    context.close()

    # Daan (14) on a phone: "je", the family's words, the child version with pictures.
    context, page = phone_page(browser)
    portal_log_in(page, base, "daan")
    main = page.locator("main")
    assert "Wat kun je hier doen?" in main.inner_text()
    assert "Jouw vaste contactpersoon" in main.inner_text()
    assert WORDS in main.inner_text() and JARGON not in main.inner_text()
    no_horizontal_scroll(page)
    assert_accessible(page, "portaal-daan-overzicht")
    page.locator("#veiligheidsplan-sectie").scroll_into_view_if_needed()
    shot(page, "family-safety-2-daan-home")
    page.get_by_role("link", name="Het plan in woorden en tekeningen").click()
    page.wait_for_url(f"{base}/portaal/plan-voor-kinderen")
    assert page.get_by_text(SAFE).is_visible()
    assert pictures_drawn(page) == 3
    assert page.get_by_role("img", name="Bellen").is_visible()  # the alt text is read out
    assert "Snap je iets niet" in main.inner_text()
    no_horizontal_scroll(page)
    assert_accessible(page, "portaal-daan-kindversie")
    shot(page, "family-safety-3-daan-child-version")
    context.close()

    # Sanne prints the plan for Noor (9).
    context, page = phone_page(browser)
    portal_log_in(page, base, "sanne")
    assert "Wat kunt u hier doen?" in page.locator("main").inner_text()
    page.get_by_role("link", name="om af te drukken").click()
    expect(page.get_by_role("heading", name="Het plan voor Noor: zo blijft het thuis veilig")) \
        .to_be_visible()  # waits for the page the link opens
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()  # script shows it
    page.wait_for_load_state("load")  # the pictograms are loaded
    assert_accessible(page, "portaal-sanne-kindversie")
    shot(page, "family-safety-4-sanne-print-page")
    page.emulate_media(media="print")
    assert not page.locator("nav.pt-nav").is_visible()
    assert not page.get_by_role("button", name="Afdrukken").is_visible()
    assert page.get_by_text(SAFE).is_visible() and pictures_drawn(page) == 3
    shot(page, "family-safety-5-sanne-printed")
    pdf = page.pdf(format="A4")  # what the printer gets (Chromium's own print)
    assert pdf[:4] == b"%PDF"
    context.close()
