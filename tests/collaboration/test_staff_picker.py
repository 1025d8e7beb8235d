"""Choosing people by name, organisation and role (collaboration/staff.py and the
/professionals/zoeken lookup), never by login name; a handover leaves one casusregisseur
and moves the lead; the team table lists a person once with all their roles."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.collaboration import staff
from netwerkdossier.collaboration.models import TeamChange

pytestmark = pytest.mark.django_db
LOOKUP = "/professionals/zoeken"


def team_url(cast):
    return reverse("collaboration:team", args=[cast.case.pk])


# --- the directory -----------------------------------------------------------------

def test_search_matches_every_word_in_name_or_organisation(cast):
    found = staff.search("lotte noorder")
    assert [(c.name, c.organisation) for c in found] == [("Lotte Visser",
                                                         "Wijkteam Noorderveld")]
    assert staff.search("visser zuiderhaven") == []  # Lotte does not work there


def test_search_lists_only_people_who_may_work_in_dossiers(cast):
    names = {c.name for c in staff.search("noorderveld")}
    assert {"Lotte Visser", "Tamara Meijer"} <= names
    assert "Priya Hoekstra" not in names  # the privacy officer reads no dossier content


def test_search_never_lists_family_accounts_or_ended_memberships(cast):
    lotte = cast.users["lotte"].memberships.get()
    lotte.valid_to = timezone.localdate() - timezone.timedelta(days=1)
    lotte.save()
    assert staff.search("lotte") == []
    assert staff.search("sanne") == [] and staff.search("jansen") == []


def test_search_by_organisation_kind(cast):
    assert [c.name for c in staff.search("ba", "rvt")] == ["Ruben Bakker"]
    assert staff.search("lotte", "rvt") == []


def test_one_letter_finds_no_one(cast):
    assert staff.search("l") == []


# --- the lookup the combobox asks -------------------------------------------------

def test_lookup_answers_a_professional_with_name_organisation_and_role(login, cast):
    response = login("lotte").get(LOOKUP, {"q": "rub"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    [ruben] = response.json()["results"]
    assert ruben["name"] == "Ruben Bakker" and ruben["organisation"].startswith("Regionaal")
    assert "ruben" not in ruben["label"]  # the login name is never shown
    membership = cast.users["ruben"].memberships.get()
    assert ruben["value"] == str(membership.pk)


def test_lookup_with_an_unknown_kind_finds_no_one(login, cast):
    assert login("lotte").get(LOOKUP, {"q": "rub", "soort": "x"}).json() == {"results": []}


@pytest.mark.parametrize("who", ["priya", None])
def test_lookup_is_not_for_roles_without_dossier_work_or_anonymous(login, client, cast, who):
    answer = login(who).get(LOOKUP, {"q": "rub"}) if who else client.get(LOOKUP, {"q": "rub"})
    assert answer.status_code in (302, 404)
    assert b"Ruben" not in answer.content


def test_lookup_is_not_for_family_members(client, cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    response = client.get(LOOKUP, {"q": "rub"})
    assert response.status_code in (302, 404) and b"Ruben" not in response.content


# --- the team page --------------------------------------------------------------------

def test_team_page_never_asks_for_a_login_name(login, cast):
    html = login("lotte").get(team_url(cast)).content.decode().lower()
    assert "gebruikersnaam" not in html
    assert 'data-staff-picker' in html and "staff_picker.js" in html


def test_a_chosen_place_is_added_with_its_organisation(login, cast, make_professional):
    make_professional("rik", "rvt", first="Rik", last="Vos", discipline="vt_medewerker")
    rik = cast.users["rik"].memberships.get()
    response = login("lotte").post(team_url(cast), {
        "actie": "rvt", "rvt-kind": "rvt_consultatie", "rvt-professional_zoek": "Rik Vos",
        "rvt-professional": str(rik.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    added = TeamAssignment.objects.get(case=cast.case, user=cast.users["rik"])
    assert added.organisation_id == rik.organisation_id and added.role == "consultant"


def test_rvt_picker_refuses_a_place_outside_the_rvt(login, cast, make_professional):
    make_professional("sara", "wijkteam:Noorderveld", first="Sara", last="Kok")
    sara = cast.users["sara"].memberships.get()
    response = login("lotte").post(team_url(cast), {
        "actie": "rvt", "rvt-kind": "rvt_consultatie", "rvt-professional_zoek": "Sara Kok",
        "rvt-professional": str(sara.pk)})
    assert response.status_code == 200
    assert escape("Geen professional gevonden bij ‘Sara Kok’") in response.content.decode()
    assert not TeamChange.objects.exists()


def test_several_matches_come_back_as_choices_then_one_is_chosen(login, cast,
                                                                 make_professional):
    make_professional("sara", "wijkteam:Noorderveld", first="Sara", last="Kok")
    make_professional("sarah", "wijkteam:Zuiderhaven", first="Sarah", last="Kokkel")
    client = login("lotte")
    response = client.post(team_url(cast), {
        "actie": "toewijzing", "toewijzing-role": "vast_gezicht",
        "toewijzing-professional_zoek": "kok"})
    html = response.content.decode()
    assert response.status_code == 200 and not TeamChange.objects.exists()
    assert "Meer dan één professional past bij" in html
    assert "Sara Kok — Wijkteam Noorderveld" in html
    assert "Sarah Kokkel — Wijkteam Zuiderhaven" in html
    sarah = cast.users["sarah"].memberships.get()
    assert f'value="{sarah.pk}"' in html
    response = client.post(team_url(cast), {
        "actie": "toewijzing", "toewijzing-role": "vast_gezicht",
        "toewijzing-professional_zoek": "kok", "toewijzing-professional": str(sarah.pk)})
    assert response.status_code == 302
    assert TeamAssignment.objects.get(case=cast.case, role="vast_gezicht").user == \
        cast.users["sarah"]


def test_nothing_typed_or_nothing_found_says_what_to_do(login, cast):
    client = login("lotte")
    response = client.post(team_url(cast), {"actie": "toewijzing",
                                            "toewijzing-role": "consultant"})
    assert "typ een deel van de naam" in response.content.decode()
    response = client.post(team_url(cast), {"actie": "toewijzing",
                                            "toewijzing-role": "consultant",
                                            "toewijzing-professional_zoek": "qqqq"})
    assert escape("Geen professional gevonden bij ‘qqqq’") in response.content.decode()
    assert not TeamChange.objects.exists()


# --- handover and the team table ----------------------------------------------------

def hand_over_regie(client, cast, to_name):
    lotte = TeamAssignment.objects.get(case=cast.case, user=cast.users["lotte"],
                                       role="casusregisseur")
    return client.post(team_url(cast), {
        "actie": "overdracht", "overdracht-assignment": str(lotte.pk),
        "overdracht-professional_zoek": to_name,
        "overdracht-reason": "Lotte gaat met verlof."})


def test_handover_leaves_one_casusregisseur_everywhere(login, cast, make_professional):
    make_professional("sara", "wijkteam:Noorderveld", first="Sara", last="Kok")
    client = login("lotte")
    assert hand_over_regie(client, cast, "Sara Kok").status_code == 302
    team = client.get(team_url(cast))  # lotte still reads today (her last day)
    html = team.content.decode()
    current = html.split('id="huidig-team"')[1].split('id="tellingen"')[0]
    assert current.count(">Casusregisseur<") == 1 and "Sara Kok" in current
    assert "Lotte Visser" not in current
    household = login("sara").get(reverse("web:household", args=[cast.household.pk]))
    rows = household.content.decode()
    assert rows.count(">Casusregisseur<") == 1 and ">Lotte Visser</th>" not in rows
    # Lotte no longer holds the role: she may not change the team any more.
    assert "Team wijzigen" in html and "RVT betrekken</button>" not in html


def test_handover_to_another_organisation_moves_the_lead(login, cast, make_professional):
    make_professional("vera", "wijkteam:Zuiderhaven", first="Vera", last="Dijk")
    old_lead = cast.case.lead_organisation
    response = hand_over_regie(login("lotte"), cast, "Vera Dijk")
    assert response.status_code == 302
    case = Case.objects.get(pk=cast.case.pk)
    assert case.lead_organisation_id != old_lead.pk
    assert case.lead_organisation == cast.users["vera"].memberships.get().organisation
    change = TeamChange.objects.get()
    assert "De regie gaat over naar Wijkteam Zuiderhaven." in change.entry.text


def test_handover_within_the_organisation_keeps_the_lead(login, cast, make_professional):
    make_professional("sara", "wijkteam:Noorderveld", first="Sara", last="Kok")
    old_lead = cast.case.lead_organisation_id
    assert hand_over_regie(login("lotte"), cast, "Sara Kok").status_code == 302
    assert Case.objects.get(pk=cast.case.pk).lead_organisation_id == old_lead
    assert "regie gaat over" not in TeamChange.objects.get().entry.text


def test_a_person_with_two_roles_is_one_row(login, cast):
    TeamAssignment.objects.create(case=cast.case, user=cast.users["lotte"], role="vast_gezicht",
                                  organisation=cast.users["lotte"].memberships.get()
                                  .organisation)
    html = login("ruben").get(team_url(cast)).content.decode()
    assert html.count(">Lotte Visser</th>") == 1
    assert "Casusregisseur, Vast gezicht" in html or "Vast gezicht, Casusregisseur" in html
