"""A handover in a real browser: the casusregisseur picks her successor of another
organisation by name with the keyboard (never a login name), the team then lists one
casusregisseur, one row per person, and the lead has moved; axe on every page."""

import pytest
from playwright.sync_api import expect

from .conftest import shot, sign_in_page
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def successor(live_cast):
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.accounts.models import User
    from netwerkdossier.organisations.models import Membership

    vera = User.objects.create(username="vera", first_name="Vera", last_name="Dijk")
    Membership.objects.create(user=vera, organisation=live_cast.skeleton.wijkteams["Zuiderhaven"],
                              discipline="maatschappelijk_werker",
                              valid_from=timezone.localdate() - timedelta(days=30))
    return vera


def test_handover_by_name_leaves_one_casusregisseur(page, live_server, live_cast, log_in,
                                                     successor):
    log_in("lotte")
    page.goto(f"{live_server.url}/trajecten/{live_cast.case.pk}/team")
    section = page.locator("section", has=page.get_by_role("heading", name="Overdragen"))
    section.get_by_label("Wie verlaat het team?").select_option(label="Lotte Visser — "
                                                                     "Casusregisseur")
    picker = section.get_by_role("combobox", name="Wie neemt het over?")
    picker.press_sequentially("zuider")  # part of the organisation's name
    option = section.get_by_role("option", name="Vera Dijk")
    expect(option).to_contain_text("Wijkteam Zuiderhaven")
    # Olga Smit works there too: the list says how many and sorts by surname.
    expect(section.get_by_role("status")).to_have_text("2 professionals gevonden")
    shot(page, "overdracht-keuzelijst")
    assert_accessible(page, "overdracht met keuzelijst")
    picker.press("ArrowDown")
    picker.press("Enter")
    section.get_by_label("Reden van de overdracht (verplicht)").fill(
        "Het gezin verhuist naar Zuiderhaven.")
    section.get_by_role("button", name="Overdragen").click()

    team = page.get_by_role("table", name="Huidig team")
    expect(team.get_by_role("row", name="Vera Dijk")).to_contain_text("Casusregisseur")
    expect(team).not_to_contain_text("Lotte Visser")
    expect(team.get_by_text("Casusregisseur", exact=True)).to_have_count(1)
    expect(page.locator("main")).to_contain_text("regie bij Wijkteam Zuiderhaven")
    shot(page, "overdracht-klaar")
    assert_accessible(page, "team na overdracht")
    # Lotte handed the role over: she may no longer change the team.
    expect(page.get_by_role("button", name="Overdragen")).to_have_count(0)

    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}")
    household_team = page.get_by_role("table", name="Team").first
    expect(household_team.get_by_text("Casusregisseur", exact=True)).to_have_count(1)
    expect(household_team).to_contain_text("Vera Dijk")
    assert_accessible(page, "huishouden na overdracht")


def test_picker_without_script_offers_the_matches_as_choices(browser, live_server,
                                                             live_cast, successor):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    sign_in_page(page, live_server.url, "lotte")
    page.goto(f"{live_server.url}/trajecten/{live_cast.case.pk}/team")
    section = page.locator("section", has=page.get_by_role("heading",
                                                           name="Iemand aan het team toevoegen"))
    section.get_by_label("Rol in het team").select_option("vast_gezicht")
    section.get_by_role("textbox", name="Professional").fill("wijkteam")
    section.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#foutenoverzicht")).to_contain_text("Meer dan één professional")
    section = page.locator("section", has=page.get_by_role("heading",
                                                           name="Iemand aan het team toevoegen"))
    section.get_by_role("group", name="Kies de professional").get_by_label(
        "Vera Dijk — Wijkteam Zuiderhaven").check()
    shot(page, "keuze-zonder-script")
    section.get_by_role("button", name="Toevoegen").click()
    team = page.get_by_role("table", name="Huidig team")
    expect(team.get_by_role("row", name="Vera Dijk")).to_contain_text("Vast gezicht")
    context.close()
