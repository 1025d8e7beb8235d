"""Issue 14 point 6 in real browsers: the Raad drafts a request for an OTS for Noor; a fact
without a source blocks it (the draft cannot go to the family); with the source added the
independent reviewer of another organisation (Ruben, RVT) approves; client support is
offered and recorded; the parent with gezag reads the draft in the portal and responds
beside the facts. axe on every page touched."""

import pytest
from playwright.sync_api import expect

from .conftest import desk, shot, sign_in_page
from .test_accessibility import assert_accessible
from .test_portal import portal_log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_cast):
    from netwerkdossier.synthetic import measures_demo, partners_demo
    from netwerkdossier.synthetic.personas import add_family_logins

    partners_demo.build(live_cast)
    add_family_logins(live_cast)
    measures_demo.build(live_cast)
    return live_cast


def test_draft_review_and_the_family_responds(browser, live_server, world):
    from django.utils import timezone

    base = live_server.url
    context, rianne = desk(browser)
    sign_in_page(rianne, base, "rianne", "Advies aan de rechter")
    rianne.goto(f"{base}/huishoudens/{world.household.pk}/besluiten")
    rianne.get_by_role("link", name="Verzoek om een maatregel opstellen").click()
    rianne.wait_for_url("**/verzoekschriften/nieuw")
    assert_accessible(rianne, "verzoekschrift opstellen")
    rianne.get_by_label("Voor wie").select_option(label="Noor Jansen")
    rianne.get_by_label("Maatregel").select_option(label="Ondertoezichtstelling (OTS)")
    rianne.get_by_label("Rechtbank").fill("Rechtbank Noord-Holland, kinderrechter")
    rianne.get_by_label("Verzoek en gronden").fill("De Raad verzoekt een OTS voor een jaar.")
    rianne.get_by_role("button", name="Concept maken").click()
    expect(rianne.get_by_role("heading", level=1)).to_contain_text("Verzoekschrift")

    rianne.get_by_label("Feit", exact=True).fill("Noor vertelde op school dat zij bang is.")
    rianne.get_by_label("Gemeld door iemand").check()
    rianne.get_by_label("Gemeld door (bij een melding)").fill("een professional, via de "
                                                               "melding")
    rianne.get_by_label("Bron: aantekening in de tijdlijn").select_option(index=1)
    rianne.get_by_role("button", name="Feit opslaan").click()
    expect(rianne.get_by_text("Het feit is vastgelegd.")).to_be_visible()
    rianne.get_by_label("Feit", exact=True).fill("Moeder kan de afspraken niet alleen "
                                                  "nakomen.")
    rianne.get_by_label("Interpretatie").check()
    rianne.get_by_role("button", name="Feit opslaan").click()
    expect(rianne.locator("#feiten-zonder-bron")).to_contain_text("Feit 2 (")

    # A fact without a source blocks the draft: it cannot go to the family.
    rianne.get_by_role("button", name="Concept delen met het gezin").click()
    expect(rianne.get_by_role("alert").filter(has_text="heeft geen bron")).to_have_count(2)
    assert_accessible(rianne, "feit zonder bron")
    shot(rianne, "rianne-feit-zonder-bron")
    rianne.locator("#bron-2-entry").select_option(index=1)
    rianne.get_by_role("button", name="Bron opslaan voor feit 2").click()
    expect(rianne.get_by_text("De bron is vastgelegd.")).to_be_visible()
    expect(rianne.locator("#feiten-zonder-bron")).to_have_count(0)

    ruben_user = world.users["ruben"]
    rianne.get_by_label("Toetser (van een andere organisatie)").select_option(
        label=f"{ruben_user.get_full_name()} — "
              f"{ruben_user.memberships.first().organisation.name}")
    rianne.get_by_role("button", name="Toets vragen").click()
    expect(rianne.get_by_text("wacht op de toets")).to_be_visible()
    expect(rianne.get_by_text("U schreef dit verzoekschrift zelf")).to_be_visible()
    request_url = rianne.url

    reviewer_context, ruben = desk(browser)
    sign_in_page(ruben, base, "ruben")
    ruben.goto(request_url)
    ruben.get_by_label("Goedgekeurd").check()
    ruben.get_by_role("button", name="Toets opslaan").click()
    expect(ruben.get_by_text("Uw toets is vastgelegd.")).to_be_visible()
    expect(ruben.locator("[data-status]")).to_have_text("Goedgekeurd na toetsing")
    assert_accessible(ruben, "toets goedgekeurd")
    shot(ruben, "ruben-toets")
    reviewer_context.close()

    rianne.reload()
    rianne.get_by_label("Aangeboden op").fill(timezone.localdate().isoformat())
    rianne.get_by_label("Cliëntondersteuning door").fill("Cliëntondersteuning Noorderveld")
    rianne.get_by_label("Aangenomen").check()
    rianne.get_by_role("button", name="Aanbod opslaan").click()
    expect(rianne.get_by_text("Het aanbod van cliëntondersteuning is vastgelegd.")) \
        .to_be_visible()
    rianne.get_by_role("button", name="Concept delen met het gezin").click()
    expect(rianne.get_by_text("Het gezin kan het concept nu lezen")).to_be_visible()
    assert_accessible(rianne, "verzoekschrift goedgekeurd en gedeeld")
    context.close()

    family_context, sanne = desk(browser)
    portal_log_in(sanne, base, "sanne")
    sanne.get_by_role("link", name="Verzoek aan de rechter").click()
    sanne.wait_for_url("**/portaal/verzoekschriften")
    assert_accessible(sanne, "portaal verzoeken")
    sanne.get_by_role("link", name="Ondertoezichtstelling (OTS) — Noor").click()
    expect(sanne.get_by_role("heading", level=1)).to_contain_text("Concept")
    expect(sanne.get_by_text("U kunt reageren tot en met")).to_be_visible()
    assert_accessible(sanne, "portaal concept verzoek")
    first = sanne.get_by_role("group", name="Klopt feit 1?")
    first.get_by_label("Dit klopt niet").check()
    sanne.locator("#id_words_1").fill("Noor is niet bang voor mij, alleen voor haar vader.")
    sanne.get_by_role("button", name="Reactie versturen").click()
    expect(sanne.get_by_text("Uw reactie staat nu naast het concept")).to_be_visible()
    expect(sanne.get_by_text("Noor is niet bang voor mij")).to_be_visible()
    assert_accessible(sanne, "portaal reactie gegeven")
    shot(sanne, "sanne-reactie")
    family_context.close()
