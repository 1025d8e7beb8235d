"""The team manager's overview (web/views/team_overview.py, access/caseload.py): caseload,
overdue, stalled and urgent cases per worker of her own organisation, as references
only; a logged 404 for everyone else."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.households.models import Household
from netwerkdossier.organisations.models import Membership
from netwerkdossier.web.views.worklist import case_reference

URL = reverse("web:team_overview")


def manager_of(cast, organisation, username="zoe"):
    user = User.objects.create(username=username, first_name="Zoë", last_name="Zuid")
    Membership.objects.create(user=user, organisation=organisation,
                              role=Membership.Role.TEAMMANAGER, discipline="beleid",
                              valid_from=timezone.localdate() - timedelta(days=30))
    cast.users[username] = user
    return user


def olga_case(cast, **fields):
    """A case of wijkteam Zuiderhaven in a household of its own, with Olga on the team."""
    zuiderhaven = cast.skeleton.wijkteams["Zuiderhaven"]
    household = Household.objects.create(
        name="Gezin Zuidema", street="Havenweg 1", postcode="1750 AA",
        municipality="Zuiderhaven", region=cast.household.region,
        owner_organisation=zuiderhaven, created_by=cast.users["olga"])
    case = Case.objects.create(household=household, region=household.region,
                               lead_organisation=zuiderhaven, title="Zorgen Zuidema",
                               phase="duurzame_veiligheid", **fields)
    TeamAssignment.objects.create(case=case, user=cast.users["olga"], role="casusregisseur",
                                  organisation=zuiderhaven, valid_from=case.opened_on)
    return case


def test_manager_sees_counts_and_references_without_names_or_content(login, cast):
    today = timezone.localdate()
    Case.objects.filter(pk=cast.case.pk).update(next_deadline=today - timedelta(days=13))
    response = login("tamara").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lotte Visser" in html
    assert case_reference(cast.case.pk) in html
    assert "Fase 1: directe veiligheid" in html
    assert "te laat" in html and "geen voortgang" in html
    # Nothing of the family and nothing that opens the household.
    for word in ("Jansen", "Sanne", "Noor", "Daan", "Lieke", "Mark", "Lindelaan",
                 cast.case.title, str(cast.household.pk), "/huishoudens/", "/trajecten/"):
        assert not re.search(rf"\b{re.escape(word)}\b", html), word
    # RVT and GGZ workers are not hers; the privacy officer is no worker.
    assert "Ruben" not in html and "Gert" not in html and "Priya" not in html


def test_counts_per_worker(login, cast):
    today = timezone.localdate()
    Case.objects.filter(pk=cast.case.pk).update(next_deadline=today - timedelta(days=1))
    urgent = Case.objects.create(
        household=cast.household, region=cast.household.region,
        lead_organisation=cast.case.lead_organisation, title="Spoedmelding",
        phase="melding", opened_on=today, phase_since=today,
        respond_by=timezone.now() + timedelta(hours=4))
    TeamAssignment.objects.create(case=urgent, user=cast.users["lotte"], role="casusregisseur",
                                  organisation=cast.case.lead_organisation, valid_from=today)
    html = login("tamara").get(URL).content.decode()
    row = html.split("Lotte Visser</th>", 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    assert cells == ["2", "1", "1", "1"]  # caseload, overdue, stalled, urgent


def test_page_is_logged_as_a_list_read_under_management_and_opens_no_household(login, cast):
    login("tamara").get(URL)
    record = AccessLogRecord.objects.filter(event_code="caseload.list").latest("id")
    assert record.result == "granted" and record.purpose == "management"
    assert record.object_type == "case" and record.object_ids == [str(cast.case.pk)]
    assert record.rule == "teammanager_caseload"
    assert not AccessLogRecord.objects.filter(username="tamara").exclude(
        event_code="caseload.list").exists()


def test_manager_of_another_organisation_sees_only_hers(login, cast):
    zoe = manager_of(cast, cast.skeleton.wijkteams["Zuiderhaven"])
    theirs = olga_case(cast, opened_on=timezone.localdate() - timedelta(days=200),
                       phase_since=timezone.localdate() - timedelta(days=200))
    html = login(zoe.username).get(URL).content.decode()
    assert "Olga Smit" in html and case_reference(theirs.pk) in html
    assert "Lotte" not in html and case_reference(cast.case.pk) not in html
    assert "Zuidema" not in html
    html = login("tamara").get(URL).content.decode()
    assert "Olga" not in html and case_reference(theirs.pk) not in html


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert", "olga", "priya"])
def test_everyone_else_gets_a_logged_404(login, cast, username):
    response = login(username).get(URL)
    assert response.status_code == 404
    record = AccessLogRecord.objects.filter(event_code="caseload.list").latest("id")
    assert record.result == "refused" and record.username == username
    assert "Lotte Visser" not in response.content.decode() or username == "lotte"


def test_family_member_is_not_let_in(client, cast):
    from netwerkdossier.synthetic.personas import add_family_logins
    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, add_family_logins(cast)["sanne"])
    response = client.get(URL)
    assert response.status_code in (302, 404)
    assert "Lotte" not in response.content.decode()
    assert not AccessLogRecord.objects.filter(event_code="caseload.list",
                                              result="granted").exists()


def test_link_in_the_navigation_and_on_the_worklist_for_managers_only(login, cast):
    html = login("tamara").get(reverse("web:worklist")).content.decode()
    assert html.count(f'href="{URL}"') == 2
    for username in ("lotte", "priya"):
        assert f'href="{URL}"' not in login(username).get(
            reverse("web:worklist")).content.decode()


def test_ended_team_role_leaves_the_caseload(login, cast):
    TeamAssignment.objects.filter(case=cast.case, user=cast.users["lotte"]).update(
        valid_to=timezone.localdate())  # handed over today
    html = login("tamara").get(URL).content.decode()
    assert case_reference(cast.case.pk) not in html
    record = AccessLogRecord.objects.filter(event_code="caseload.list").latest("id")
    assert record.object_type == "screen"


def test_attention_list_is_capped_per_worker_and_logs_only_what_it_names(login, cast,
                                                                          monkeypatch):
    from netwerkdossier.web.views import team_overview

    monkeypatch.setattr(team_overview, "SHOWN_PER_WORKER", 1)
    today = timezone.localdate()
    Case.objects.filter(pk=cast.case.pk).update(next_deadline=today - timedelta(days=1))
    later = Case.objects.create(
        household=cast.household, region=cast.household.region,
        lead_organisation=cast.case.lead_organisation, title="Tweede traject",
        phase="duurzame_veiligheid", opened_on=today, phase_since=today,
        next_deadline=today - timedelta(days=1))
    TeamAssignment.objects.create(case=later, user=cast.users["lotte"], role="casusregisseur",
                                  organisation=cast.case.lead_organisation, valid_from=today)
    html = login("tamara").get(URL).content.decode()
    assert html.count("data-case-reference=") == 1
    assert "nog 1 traject dat aandacht vraagt" in html
    record = AccessLogRecord.objects.filter(event_code="caseload.list").latest("id")
    assert len(record.object_ids) == 1
