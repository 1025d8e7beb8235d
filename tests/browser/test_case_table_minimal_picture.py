"""A case-table participant outside the team opens the household in a real browser: the
notice, the members by name, age and relation, the shared entry; nothing of the full page;
axe finds no serious or critical violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.web.test_case_table_minimal_picture import open_seat

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_participant_sees_the_minimal_picture(page, log_in, live_server, live_cast):
    open_seat(live_cast)
    log_in("olga")
    page.goto(f"{live_server.url}/zoeken?q=Jansen")
    page.get_by_role("link", name="Gezin Jansen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin Jansen")
    expect(page.get_by_role("status")).to_contain_text("U neemt deel aan de casustafel van")
    members = page.get_by_role("table", name="Gezinsleden")
    expect(members.get_by_role("row", name="Noor Jansen")).to_contain_text("9 jaar")
    expect(members.get_by_role("columnheader")).to_have_count(3)
    expect(page.locator("#tijdlijn-inhoud")).to_contain_text(
        live_cast.entries["conversation"].text)
    expect(page.get_by_text(live_cast.case.title)).to_have_count(0)
    expect(page.get_by_text("Lindelaan 12")).to_have_count(0)
    assert_accessible(page, "minimaal beeld casustafel")


def test_planning_a_table_needs_an_explicit_basis(page, log_in, live_server, live_cast):
    """Issue 10, point 4: no basis is preselected; without one the page says what is
    missing and leads to the choice (axe checks the page); once chosen, it is saved and
    the session list names it."""
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.access.models import CaseTableSession

    log_in("lotte")
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}/casustafels")
    group = page.get_by_role("group", name="Grondslag en doel")
    expect(group.get_by_role("radio")).to_have_count(3)
    expect(group.get_by_role("radio", checked=True)).to_have_count(0)
    start = timezone.localtime() + timedelta(days=1)
    page.get_by_label("Titel").fill("MDA++ overleg")
    page.get_by_label("Datum").fill(start.strftime("%Y-%m-%d"))  # an <input type="date">
    page.get_by_label("Begintijd").fill("09:00")
    page.get_by_label("Eindtijd").fill("11:00")
    # Seat holders by name and organisation (the staff picker), never by login name.
    picker = page.get_by_role("combobox", name="Deelnemer zoeken")
    picker.press_sequentially("bakker")
    expect(page.get_by_role("option", name="Ruben Bakker")).to_contain_text("Regionaal")
    picker.press("ArrowDown")
    picker.press("Enter")
    seats = page.get_by_role("group", name="Deelnemers")
    expect(seats.get_by_role("checkbox", name=re.compile("^Ruben Bakker — "))).to_be_checked()
    expect(picker).to_have_value("")
    page.get_by_label(live_cast.entries["conversation"].text[:30], exact=False).check()
    page.get_by_role("button", name="Casustafel opslaan").click()
    expect(page).to_have_title(re.compile(r"^Fout: Casustafels"))
    summary_link = page.get_by_role("link", name="Kies op welke grondslag")
    expect(summary_link).to_be_visible()
    assert_accessible(page, "casustafel zonder grondslag")
    expect(page.get_by_role("group", name="Deelnemers").get_by_role(
        "checkbox", name=re.compile("^Ruben Bakker — "))).to_be_checked()  # kept
    summary_link.click()
    group.get_by_role("radio", name="MDA++-casustafel veiligheid", exact=False).check()
    page.get_by_role("button", name="Casustafel opslaan").click()
    expect(page.get_by_role("row", name="MDA++ overleg")).to_contain_text(
        "MDA++-casustafel veiligheid (kernpartners)")
    assert CaseTableSession.objects.get().basis == "mda-veiligheid"
