"""Issue 14 point 5 in real browsers (decision 0051): a professional tries to close an
acutely unsafe case on a decision record with a fact without a source - refused with the
Dutch sentence saying what is missing, nothing saved; she adds the source and the
family's view, the closure proposal is accepted, the vast duo member of the other
organisation confirms, and the taken decision shows its objection route. axe on every
page touched."""

import pytest
from playwright.sync_api import expect

from netwerkdossier.access.api import context_for

from .conftest import desk, shot
from .test_accessibility import assert_accessible
from .test_portal import professional_log_in

pytestmark = pytest.mark.browser


def test_closing_an_unsafe_case_rests_on_sourced_facts_and_the_familys_view(
        browser, live_server, live_cast):
    from netwerkdossier.cases.models import Case
    from tests.safety.test_four_eyes import ready

    case = live_cast.case
    Case.objects.filter(pk=case.pk).update(phase="herstel", triage_outcome="acuut_onveilig")
    case.refresh_from_db()
    ready(case, "herstel", "afgesloten", context_for(live_cast.users["lotte"]), live_cast)
    base = live_server.url
    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    lotte.goto(f"{base}/trajecten/{case.pk}")
    lotte.get_by_role("button", name="Besluitverslag voor: naar Afgesloten").click()
    expect(lotte.get_by_role("heading", level=1)).to_have_text("Besluitverslag")
    lotte.get_by_label("Feit", exact=True).fill("Moeder en oma vangen Noor op bij ruzie.")
    lotte.get_by_label("Interpretatie").check()
    lotte.get_by_role("button", name="Feit opslaan").click()
    expect(lotte.get_by_text("Het feit is vastgelegd.")).to_be_visible()
    expect(lotte.locator("#feiten-zonder-bron")).to_contain_text("heeft geen bron")

    # Closing now is refused: the Dutch sentences say what is missing; nothing saved.
    lotte.get_by_role("link", name="Traject", exact=True).click()
    lotte.get_by_label("Naar fase").select_option(label="Afgesloten")
    lotte.get_by_label("Motivering van het besluit").fill("Veilig genoeg om af te sluiten.")
    lotte.get_by_label("Is het gezin het eens met dit besluit?").select_option("ja")
    lotte.get_by_role("button", name="Fasebesluit opslaan").click()
    summary = lotte.locator("#foutenoverzicht")
    expect(summary).to_contain_text("Er is niets opgeslagen")
    expect(summary).to_contain_text(
        "Feit 1 (\u201cMoeder en oma vangen Noor op bij ruzie.\u201d) heeft geen bron: "
        "koppel het aan een aantekening in de tijdlijn of aan een maatregel.")
    expect(summary).to_contain_text("heeft nog geen visie van het gezin")
    expect(lotte.locator("#fase")).to_contain_text("Fase 3: herstel")
    assert_accessible(lotte, "afsluiten geweigerd")
    shot(lotte, "lotte-afsluiten-feit-zonder-bron")

    # The source and the family's view ("nog niet gehoord" is never preselected).
    lotte.locator("#besluitverslagen a").first.click()
    expect(lotte.get_by_role("heading", level=1)).to_have_text("Besluitverslag")
    lotte.locator("#bron-1-entry").select_option(index=1)
    lotte.get_by_role("button", name="Bron opslaan voor feit 1").click()
    expect(lotte.get_by_text("De bron is vastgelegd.")).to_be_visible()
    for answer in ("Eens", "Niet eens", "Nog niet gehoord"):
        expect(lotte.get_by_label(answer, exact=True)).not_to_be_checked()
    lotte.get_by_label("Over welk feit").select_option(label="Feit 1")
    lotte.get_by_label("Gezinslid", exact=True).select_option(label="Sanne Jansen")
    lotte.get_by_label("Niet eens", exact=True).check()
    lotte.get_by_label("In de eigen woorden van het gezinslid").fill(
        "Oma helpt, maar ik doe het vooral zelf.")
    lotte.get_by_role("button", name="Visie opslaan").click()
    expect(lotte.get_by_text("De visie van het gezinslid is vastgelegd.")).to_be_visible()
    expect(lotte.locator("#feiten-zonder-bron")).to_have_count(0)
    expect(lotte.locator("#feit-1")).to_contain_text("Oma helpt")
    assert_accessible(lotte, "besluitverslag compleet")

    lotte.get_by_role("link", name="Traject", exact=True).click()
    lotte.get_by_label("Naar fase").select_option(label="Afgesloten")
    lotte.get_by_label("Motivering van het besluit").fill("Veilig genoeg om af te sluiten.")
    lotte.get_by_label("Is het gezin het eens met dit besluit?").select_option("ja")
    lotte.get_by_role("button", name="Fasebesluit opslaan").click()
    expect(lotte.get_by_text("Uw voorstel is vastgelegd")).to_be_visible()
    expect(lotte.locator("#fase")).to_contain_text("Fase 3: herstel")
    assert_accessible(lotte, "afsluiten voorgesteld")
    context.close()

    context, ruben = desk(browser)
    professional_log_in(ruben, base, "ruben")
    ruben.goto(f"{base}/trajecten/{case.pk}")
    ruben.get_by_label("Ik bevestig dit besluit").check()
    ruben.get_by_role("button", name="Antwoord opslaan").click()
    expect(ruben.locator("#fase")).to_contain_text("Afgesloten")
    taken = ruben.locator('#besluitverslagen li[data-kind="afsluiting"]')
    expect(taken).to_have_attribute("data-status", "genomen")
    expect(taken).to_contain_text("Bezwaar")
    assert_accessible(ruben, "afgesloten met besluitverslag")
    shot(ruben, "ruben-afgesloten-bezwaar")
    context.close()
