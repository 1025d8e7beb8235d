"""The team page (/trajecten/<id>/team) and the team API: who sees it, who changes it,
Dutch errors, problem+json, outsiders get a logged 404."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.collaboration.models import TeamChange
from tests.api.conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db


def url(cast):
    return reverse("collaboration:team", args=[cast.case.pk])


def test_household_page_links_to_the_team_page(login, cast):
    html = login("lotte").get(reverse("web:household", args=[cast.household.pk])) \
        .content.decode()
    assert url(cast) in html


def test_team_page_shows_team_counts_and_is_logged(login, cast):
    response = login("ruben").get(url(cast))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Lotte Visser", "Ruben Bakker", "Gert Mulder"):
        assert name in html
    assert 'data-count="handovers">0<' in html
    assert 'data-count="new_organisations">3<' in html
    # ruben is on the team but not casusregisseur: no forms, an explanation instead.
    assert "RVT betrekken</button>" not in html
    assert "Alleen de casusregisseur" in html
    record = AccessLogRecord.objects.get(event_code="team.read")
    assert str(cast.case.pk) in record.object_ids and record.result == "granted"


def test_casusregisseur_hands_over_through_the_form(login, cast, make_professional):
    make_professional("sara", "wijkteam:Noorderveld", first="Sara", last="Kok")
    client = login("lotte")
    gert = TeamAssignment.objects.get(case=cast.case, user=cast.users["gert"])
    response = client.post(url(cast), {"actie": "overdracht",
                                       "overdracht-assignment": str(gert.pk),
                                       "overdracht-professional_zoek": "Sara Kok",
                                       "overdracht-reason": "Gert stopt bij de GGZ."})
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get(url(cast)).content.decode()
    assert 'data-count="handovers">1<' in html
    assert "Gert stopt bij de GGZ." in html and "Sara Kok" in html


def test_handover_without_reason_shows_a_dutch_error_and_saves_nothing(login, cast):
    ruben = TeamAssignment.objects.get(case=cast.case, user=cast.users["ruben"])
    response = login("lotte").post(url(cast), {"actie": "overdracht",
                                               "overdracht-assignment": str(ruben.pk),
                                               "overdracht-professional_zoek": "Olga",
                                               "overdracht-reason": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert escape("Een overdracht zonder reden wordt niet opgeslagen.") in html
    assert "Er is iets niet goed ingevuld" in html
    assert not TeamChange.objects.exists()
    assert TeamAssignment.objects.filter(case=cast.case, valid_to__isnull=True).count() == 3


def test_team_member_without_the_role_gets_a_clear_refusal(login, cast):
    response = login("gert").post(url(cast), {"actie": "rvt", "rvt-kind": "rvt_consultatie",
                                              "rvt-professional_zoek": "Ruben"})
    assert response.status_code == 403
    assert "Alleen de casusregisseur van dit traject" in response.content.decode()
    assert not TeamChange.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_a_refusal(login, cast, method):
    response = getattr(login("olga"), method)(url(cast), {"actie": "rvt"})
    assert response.status_code == 404
    record = AccessLogRecord.objects.get()
    assert record.result == "refused" and str(cast.case.pk) in record.object_ids
    assert record.action == ("C" if method == "post" else "R")


def test_case_table_seat_does_not_open_the_team_page(login, cast, ctx_of):
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.access.case_table_service import create_session

    now = timezone.now()
    create_session(ctx_of("lotte"), cast.household, title="MDA++",
                   starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1),
                   usernames=["olga"], entry_ids=[cast.entries["conversation"].pk],
                   basis="mda-veiligheid")
    assert login("olga").get(url(cast)).status_code == 404


# --- API -----------------------------------------------------------------------------

def api_url(cast, tail="team"):
    return f"/api/v1/cases/{cast.case.pk}/{tail}"


def test_api_team_and_counts(api_as, cast):
    response = api_as("lotte").get(api_url(cast))
    assert response.status_code == 200, response.content
    body = response.json()
    assert {(a["professional"]["username"], a["role"]) for a in body["team"]} == {
        ("lotte", "casusregisseur"), ("ruben", "vast_duo"), ("gert", "consultant")}
    assert body["counts"] == {"handovers": 0, "professionals": 3, "organisations": 3,
                              "new_organisations": 3, "household_new_organisations": 3}
    assert AccessLogRecord.objects.filter(event_code="api.team.read").exists()


def test_api_team_change_created_and_errors(api_as, cast, make_professional):
    make_professional("rik", "rvt", first="Rik", last="Vos", discipline="vt_medewerker")
    lotte = api_as("lotte")
    response = lotte.post(api_url(cast, "team-changes"),
                          {"kind": "rvt_consultatie", "username": "rik"})
    assert response.status_code == 201, response.content
    assert response.json()["to_professional"]["username"] == "rik"
    assert TeamAssignment.objects.filter(case=cast.case, valid_to__isnull=True).count() == 4

    body = assert_problem(lotte.post(api_url(cast, "team-changes"),
                                     {"kind": "overdracht", "assignment": 999999,
                                      "username": "olga"}), 422)
    names = {p["name"] for p in body["invalid_params"]}
    assert {"assignment", "reason"} <= names
    assert_problem(lotte.post(api_url(cast, "team-changes"), {"kind": "verhuizen"}), 422)
    assert_problem(lotte.post(api_url(cast, "team-changes"), raw="{nee"), 400)
    body = assert_problem(api_as("ruben").post(api_url(cast, "team-changes"),
                                               {"kind": "toewijzing", "role": "consultant",
                                                "username": "olga"}), 403)
    assert "Alleen de casusregisseur" in body["detail"]
    assert TeamChange.objects.count() == 1


def test_api_outsider_gets_logged_404_even_with_a_bad_body(api_as, cast):
    olga = api_as("olga")
    assert_refused_404(olga.get(api_url(cast)), cast.case.pk)
    assert_refused_404(olga.post(api_url(cast, "team-changes"), {"nonsense": 1}),
                       cast.case.pk)
