"""Working together in a real browser: the casusregisseur involves the RVT for joint work,
sees both professionals and the counts, and records an MDA++ meeting with a decision and
an action; axe finds no serious or critical violations on the pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def joint_work_setup(live_cast):
    from netwerkdossier.access.api import context_for
    from netwerkdossier.access.case_table_service import create_session
    from netwerkdossier.cases.models import TeamAssignment

    # Start from a team without the RVT: ruben's seeded duo role ended yesterday.
    TeamAssignment.objects.filter(case=live_cast.case, user=live_cast.users["ruben"]).update(
        valid_to=timezone.localdate() - timedelta(days=1))
    now = timezone.now()
    return create_session(context_for(live_cast.users["lotte"]), live_cast.household,
                          title="MDA++ overleg Jansen", starts_at=now - timedelta(minutes=10),
                          ends_at=now + timedelta(hours=2), usernames=["ruben", "gert"],
                          entry_ids=[live_cast.entries["conversation"].pk],
                          basis="mda-veiligheid")


def test_rvt_joint_work_and_an_mda_meeting(page, log_in, live_server, live_cast,
                                           joint_work_setup):
    log_in("lotte")
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}")
    page.get_by_role("link", name="Team, overdrachten en wijzigingen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Team: {live_cast.case.title}")
    assert_accessible(page, "team")

    # Bad input first: no mode and no professional.
    rvt = page.locator("section", has=page.get_by_role("heading", name="RVT betrekken"))
    rvt.get_by_role("button", name="RVT betrekken").click()
    expect(page.locator("#foutenoverzicht")).to_contain_text("Kies consultatie of "
                                                             "gezamenlijk werken.")
    assert_accessible(page, "team met fouten")

    rvt = page.locator("section", has=page.get_by_role("heading", name="RVT betrekken"))
    rvt.get_by_label("Gezamenlijk werken").check()
    # The staff picker: type part of a name, choose by keyboard from name + organisation.
    picker = rvt.get_by_role("combobox", name="RVT-professional")
    picker.press_sequentially("bak")
    option = rvt.get_by_role("option", name="Ruben Bakker")
    expect(option).to_contain_text("Regionaal")
    assert_accessible(page, "team met keuzelijst")
    picker.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    picker.press("Enter")
    expect(picker).to_have_value(re.compile("^Ruben Bakker — "))
    rvt.get_by_role("button", name="RVT betrekken").click()

    team = page.get_by_role("table", name="Huidig team")
    expect(team).to_contain_text("Lotte Visser")
    expect(team.get_by_role("row", name="Ruben Bakker")).to_contain_text("Vast duo")
    expect(team.get_by_role("row", name="Lotte Visser")).to_contain_text("Casusregisseur")
    counts = page.get_by_role("table", name="Tellingen")
    expect(counts.get_by_role("row", name="Overdrachten in dit traject")).to_contain_text("0")
    expect(counts.get_by_role("row", name="Professionals die in het team zaten")) \
        .to_contain_text("3")
    expect(counts.get_by_role("row", name="Organisaties die in het team zaten")) \
        .to_contain_text("3")
    history = page.get_by_role("table", name="Geschiedenis van het team")
    expect(history).to_contain_text("RVT betrokken voor gezamenlijk werken")
    assert_accessible(page, "team na RVT betrekken")

    # The MDA++ meeting record.
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}/casustafels")
    page.get_by_role("link", name="Verslag MDA++ overleg Jansen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verslag casustafel: MDA++ overleg Jansen")
    expect(page.locator("main")).to_contain_text(live_cast.entries["conversation"].text)
    page.get_by_label("Agendapunt", exact=True).fill("Veiligheid van Noor")
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    page.get_by_role("group", name="Aanwezig").get_by_label("Ruben Bakker").check()
    page.get_by_role("group", name="Aanwezig").get_by_label("Lotte Visser").check()
    page.get_by_role("button", name="Aanwezigen opslaan").click()
    page.get_by_label("Besluit", exact=True).fill("Wijkteam en RVT werken samen als vast duo.")
    page.get_by_role("button", name="Besluit vastleggen").click()

    page.get_by_label("Wat moet er gebeuren?").fill("Huisbezoek plannen")
    page.get_by_role("button", name="Actie toevoegen").click()  # no owner, no date
    summary = page.locator("#foutenoverzicht")
    expect(summary).to_contain_text("Een actie zonder eigenaar wordt niet opgeslagen.")
    expect(summary).to_contain_text("Een actie zonder datum wordt niet opgeslagen.")
    assert_accessible(page, "verslag met fouten")
    page.get_by_label("Wat moet er gebeuren?").fill("Huisbezoek plannen")
    page.get_by_label("Wie doet het?").select_option("ruben")
    page.get_by_label("Uiterlijk op").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Actie toevoegen").click()

    main = page.locator("main")
    expect(main).to_contain_text("Veiligheid van Noor")
    expect(main).to_contain_text("Wijkteam en RVT werken samen als vast duo.")
    actions = page.get_by_role("table", name="Acties")
    expect(actions.get_by_role("row", name="Huisbezoek plannen")).to_contain_text("Ruben Bakker")
    assert_accessible(page, "verslag casustafel")
