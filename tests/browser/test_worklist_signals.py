"""Issue 13, point 3 in a real browser: a case with an overdue deadline leads Lotte's
worklist with "te laat" in words; the team manager sees that case on her team overview
without opening it, and the household answers 404 for her where she has no relation.
axe on both pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import desk, shot
from .test_accessibility import assert_accessible
from .test_portal import professional_log_in

pytestmark = pytest.mark.browser


def _overdue_case_elsewhere(cast):
    """A case led by the RVT in a household the RVT registered, with Lotte on the team for
    wijkteam Noorderveld: the triage deadline passed two days ago."""
    from netwerkdossier.cases.models import Case, TeamAssignment
    from netwerkdossier.households.models import Household

    rvt = cast.skeleton.regional["rvt"]
    today = timezone.localdate()
    household = Household.objects.create(
        name="Gezin Verbeek", street="Dorpsstraat 3", postcode="1742 CD",
        municipality="Noorderveld", region=cast.household.region, owner_organisation=rvt,
        created_by=cast.users["ruben"])
    case = Case.objects.create(
        household=household, region=household.region, lead_organisation=rvt,
        title="Melding school Verbeek", phase="veiligheidsbeoordeling",
        opened_on=today - timedelta(days=9), phase_since=today - timedelta(days=9),
        reported_on=today - timedelta(days=9), triage_due=today - timedelta(days=2),
        next_deadline=today - timedelta(days=2),
        next_deadline_label="Veiligheidsbeoordeling afronden")
    for username, role, organisation in (
            ("ruben", "vast_duo", rvt),
            ("lotte", "casusregisseur", cast.case.lead_organisation)):
        TeamAssignment.objects.create(case=case, user=cast.users[username], role=role,
                                      organisation=organisation, valid_from=case.opened_on)
    return household, case


def test_overdue_first_for_lotte_and_on_the_managers_overview_without_opening_it(
        browser, live_server, live_cast):
    from netwerkdossier.audit.models import AccessLogRecord
    from netwerkdossier.portal.models import OwnStatement
    from netwerkdossier.web.views.worklist import case_reference

    household, case = _overdue_case_elsewhere(live_cast)
    OwnStatement.objects.create(entry=live_cast.entries["conversation"],
                                person=live_cast.mother, written_by=live_cast.users["lotte"],
                                text="Ik was die avond bij mijn zus.")
    base = live_server.url

    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    first, second = lotte.get_by_role("row").nth(1), lotte.get_by_role("row").nth(2)
    expect(first).to_contain_text("Gezin Verbeek")
    expect(first).to_contain_text("te laat")
    expect(first).to_contain_text("Veiligheidsbeoordeling afronden")
    expect(second).to_contain_text("Gezin Jansen")
    expect(second).to_contain_text("binnen 7 dagen")
    statement = second.get_by_role("link", name="Nieuwe eigen verklaring van het gezin")
    expect(statement).to_be_visible()
    expect(lotte.get_by_role("link", name="Teamoverzicht")).to_have_count(0)
    assert_accessible(lotte, "werkvoorraad met termijnen en signalen")
    shot(lotte, "lotte-werkvoorraad-te-laat")
    statement.click()
    # The worklist has an h1 too: wait for the entry's address, not for any heading.
    lotte.wait_for_url(f"**/aantekeningen/{live_cast.entries['conversation'].pk}")
    expect(lotte.get_by_role("heading", level=1)).to_be_visible()
    context.close()

    context, tamara = desk(browser)
    professional_log_in(tamara, base, "tamara")
    tamara.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Teamoverzicht").click()
    expect(tamara.get_by_role("heading", level=1)).to_have_text("Teamoverzicht")
    lotte_row = tamara.get_by_role("row", name="Lotte Visser")
    expect(lotte_row.first).to_be_visible()
    attention = tamara.locator(f'tr[data-case-reference="{case_reference(case.pk)}"]')
    expect(attention).to_contain_text("te laat")
    expect(attention).to_contain_text("Veiligheidsbeoordeling")
    main = tamara.locator("main").inner_text()
    for word in ("Verbeek", "Jansen", "Sanne", "Melding school", "Dorpsstraat"):
        assert word not in main, word
    # Nothing on the page opens a case or a household.
    hrefs = tamara.locator("main a").evaluate_all("links => links.map(a => a.href)")
    assert not [h for h in hrefs if "/huishoudens/" in h or "/trajecten/" in h], hrefs
    assert_accessible(tamara, "teamoverzicht")
    shot(tamara, "tamara-teamoverzicht")
    assert not AccessLogRecord.objects.filter(
        username="tamara", object_type="household").exists()
    # The truth of the access model today: no relation with the RVT's household, so 404
    # (logged); the household her own organisation registered opens through the relation
    # "manager" (she is its organisation's team manager), not through this page.
    response = tamara.goto(f"{base}/huishoudens/{household.pk}")
    assert response.status == 404
    assert AccessLogRecord.objects.filter(username="tamara", event_code="household.read",
                                          result="refused").exists()
    response = tamara.goto(f"{base}/huishoudens/{live_cast.household.pk}")
    assert response.status == 200
    record = AccessLogRecord.objects.filter(username="tamara", event_code="household.read",
                                            result="granted").latest("id")
    assert record.rule.startswith("manager")
    context.close()
