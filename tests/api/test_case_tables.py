"""API: a case table is opened on an explicitly chosen basis; what the basis does not
allow is refused as a 422 problem in Dutch (issue 10, point 4)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.models import CaseTableSession
from tests.access.test_case_table_basis import police_officer

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db


def body(cast, *, entries=("conversation",), participants=("olga",), basis="mda-veiligheid"):
    now = timezone.now()
    data = {"title": "MDA++ overleg", "starts_at": now - timedelta(minutes=5),
            "ends_at": now + timedelta(hours=1), "participants": list(participants),
            "entries": [str(cast.entries[k].pk) for k in entries]}
    if basis is not None:
        data["basis"] = basis
    return data


def path(cast):
    return f"/api/v1/households/{cast.household.pk}/case-tables"


def reasons(response) -> dict:
    problem = assert_problem(response, 422)
    found: dict = {}
    for p in problem["invalid_params"]:
        found[p["name"]] = found.get(p["name"], "") + " " + p["reason"]
    return found


def test_leak_local_team_cannot_share_the_ggz_entry_to_the_police(cast, api_as):
    police_officer(cast)
    ggz = cast.entries["ggz_shared"]
    for basis in ("mda-veiligheid", "zorg-en-veiligheidshuis"):
        response = api_as("lotte").post(path(cast), body(
            cast, entries=["ggz_shared"], participants=["pieter"], basis=basis))
        found = reasons(response)
        assert "Alleen de organisatie die een aantekening schreef" in found["entries"]
        assert "gezondheidsgegevens" in found["entries"]
    assert "Pieter Agent (Politie)" in reasons(api_as("lotte").post(path(cast), body(
        cast, entries=["ggz_shared"], participants=["pieter"])))["participants"]
    assert not CaseTableSession.objects.exists()
    police = api_as("pieter", purpose="veiligheidsbeoordeling")  # the police's one purpose
    record = assert_refused_404(police.get(f"/api/v1/entries/{ggz.pk}"), ggz.pk,
                                username="pieter")
    assert record.event_code == "api.entry.read"


def test_owner_opens_a_table_and_the_seat_reads_the_entry(cast, api_as):
    response = api_as("lotte").post(path(cast), body(cast))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["basis"] == "mda-veiligheid"
    assert data["agreement"] == "waterland-noord-veiligheid"
    assert data["purpose"] == "veiligheidsbeoordeling"
    assert data["legal_basis"] == "samenwerkingsverband"
    assert "politie" not in data["seat_kinds"]
    assert data["participants"] == ["olga"]
    assert data["entries"] == [str(cast.entries["conversation"].pk)]
    entry = cast.entries["conversation"]
    assert api_as("olga").get(f"/api/v1/entries/{entry.pk}").status_code == 200


@pytest.mark.parametrize("basis", [None, "", "verzonnen"])
def test_table_without_a_chosen_basis_is_refused(cast, api_as, basis):
    found = reasons(api_as("lotte").post(path(cast), body(cast, basis=basis)))
    assert "grondslag" in found["basis"].lower()
    assert not CaseTableSession.objects.exists()


def test_health_entry_refused_where_the_basis_does_not_name_health(cast, api_as):
    found = reasons(api_as("gert").post(path(cast), body(
        cast, entries=["ggz_shared"], participants=["lotte"])))
    assert "staat geen gezondheidsgegevens aan tafel toe" in found["entries"]
    response = api_as("gert").post(path(cast), body(
        cast, entries=["ggz_shared"], participants=["lotte"], basis="mda-zorg-toestemming"))
    assert response.status_code == 201 and response.json()["allows_health"] is True


def test_seat_of_a_kind_not_named_is_refused(cast, api_as):
    found = reasons(api_as("lotte").post(path(cast), body(
        cast, participants=["gert"], basis="zorg-en-veiligheidshuis")))
    assert "Gert Mulder (GGZ)" in found["participants"]
    assert not CaseTableSession.objects.exists()


def test_outsider_gets_a_logged_404_before_the_body_is_read(cast, api_as):
    response = api_as("olga").post(path(cast), {"title": 1})
    assert_refused_404(response, cast.household.pk)
    # A seat holder reads; opening a table needs a team relation.
    api_as("lotte").post(path(cast), body(cast))
    response = api_as("olga").post(path(cast), body(cast))
    assert_refused_404(response, cast.household.pk)
    assert CaseTableSession.objects.count() == 1


def test_the_bases_are_listed_with_their_source(cast, api_as):
    response = api_as("lotte").get("/api/v1/case-table-bases")
    assert response.status_code == 200
    found = {b["key"]: b for b in response.json()}
    assert set(found) == {"mda-veiligheid", "mda-zorg-toestemming", "zorg-en-veiligheidshuis"}
    assert found["zorg-en-veiligheidshuis"]["allows_criminal"] is True
    assert "politie" in found["zorg-en-veiligheidshuis"]["seat_kinds"]
    assert all(b["source"] and "niet bevestigd" in b["status"] for b in found.values())
    assert api_as(None).get("/api/v1/case-table-bases").status_code == 401
