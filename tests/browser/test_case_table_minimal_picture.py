"""A case-table participant outside the team opens the household in a real browser: the
notice, the members by name, age and relation, the shared entry; nothing of the full page;
axe finds no serious or critical violations."""

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
