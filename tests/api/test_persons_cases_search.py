from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import HouseholdMember

from .conftest import assert_refused_404

pytestmark = pytest.mark.django_db


def test_insider_lists_and_searches_persons(cast, api_as):
    client = api_as("lotte")
    body = client.get("/api/v1/persons").json()
    assert body["count"] == 5
    assert "bsn" not in body["results"][0]  # lists carry no BSN
    names = {r["name"] for r in client.get("/api/v1/persons", {"q": "noor jans"}).json()["results"]}
    assert names == {"Noor Jansen"}
    assert client.get("/api/v1/persons", {"q": "Jansen"}).json()["count"] == 4
    by_bsn = client.get("/api/v1/persons", {"bsn": cast.daan.bsn}).json()["results"]
    assert [r["id"] for r in by_bsn] == [str(cast.daan.pk)]
    born = client.get("/api/v1/persons", {"birth_date": cast.lieke.birth_date.isoformat()})
    assert [r["id"] for r in born.json()["results"]] == [str(cast.lieke.pk)]
    dutch_date = cast.noor.birth_date.strftime("%d-%m-%Y")
    in_q = client.get("/api/v1/persons", {"q": f"noor {dutch_date}"}).json()["results"]
    assert [r["id"] for r in in_q] == [str(cast.noor.pk)]
    record = AccessLogRecord.objects.filter(event_code="api.person.list").first()
    assert record.subject_ids == sorted(record.object_ids)


def test_outsider_finds_no_persons(cast, api_as):
    assert api_as("olga").get("/api/v1/persons", {"bsn": cast.daan.bsn}).json()["count"] == 0
    assert api_as("priya").get("/api/v1/persons").json()["count"] == 0


def test_insider_reads_person(cast, api_as):
    response = api_as("lotte").get(f"/api/v1/persons/{cast.noor.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["bsn"] == cast.noor.bsn
    assert body["age"] == 9
    assert [h["household"] for h in body["households"]] == [str(cast.household.pk)]
    record = AccessLogRecord.objects.get(event_code="api.person.read")
    assert record.subject_ids == [str(cast.noor.pk)]


def test_outsider_gets_logged_404_for_person(cast, api_as):
    response = api_as("olga").get(f"/api/v1/persons/{cast.noor.pk}")
    assert_refused_404(response, cast.noor.pk)
    assert cast.noor.bsn not in response.content.decode()


def test_cases_of_my_team(cast, api_as):
    body = api_as("ruben").get("/api/v1/cases").json()
    assert [c["id"] for c in body["results"]] == [str(cast.case.pk)]
    # tamara sees the household (her organisation owns it) but is on no team
    assert api_as("tamara").get("/api/v1/cases").json()["count"] == 0
    by_household = api_as("tamara").get("/api/v1/cases", {"household": cast.household.pk})
    assert by_household.json()["count"] == 1
    assert api_as("olga").get("/api/v1/cases", {"household": cast.household.pk}).json()[
        "count"] == 0


def test_case_detail(cast, api_as):
    response = api_as("lotte").get(f"/api/v1/cases/{cast.case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["household"] == str(cast.household.pk)
    assert body["phase_label"]
    assert {m["role"] for m in body["team"]} == {"casusregisseur", "vast_duo", "consultant"}
    assert AccessLogRecord.objects.filter(event_code="api.case.read", result="granted").exists()


def test_case_reads_are_logged_about_the_current_members(cast, api_as):
    # A case names no people of its own: its records are about whoever lives in the
    # household now (the catalogue), not a member who left.
    left = HouseholdMember.objects.get(household=cast.household, person=cast.lieke)
    left.valid_to = timezone.localdate() - timedelta(days=1)
    left.save()
    api = api_as("ruben")
    assert api.get("/api/v1/cases").json()["count"] == 1
    assert api.get(f"/api/v1/cases/{cast.case.pk}").status_code == 200
    listed = AccessLogRecord.objects.get(event_code="api.case.list")
    read = AccessLogRecord.objects.get(event_code="api.case.read")
    current = {str(p.pk) for p in (cast.mother, cast.father, cast.noor, cast.daan)}
    for record in (listed, read):
        assert record.object_type == "case" and record.object_ids == [str(cast.case.pk)]
        assert set(record.subject_ids) == current
    assert listed.rule == "visible" and read.rule == "team"


@pytest.mark.parametrize("username", ["olga", "priya"])
def test_outsider_gets_logged_404_for_case(cast, api_as, username):
    response = api_as(username).get(f"/api/v1/cases/{cast.case.pk}")
    assert_refused_404(response, cast.case.pk, username=username)


def test_search_finds_persons_and_households(cast, api_as):
    body = api_as("lotte").get("/api/v1/search", {"q": "jansen"}).json()
    assert body["persons_count"] == 4
    assert [h["id"] for h in body["households"]] == [str(cast.household.pk)]
    # a household is found through a member's name too
    body = api_as("lotte").get("/api/v1/search", {"q": "boer"}).json()
    assert [p["id"] for p in body["persons"]] == [str(cast.father.pk)]
    assert body["households_count"] == 1
    by_bsn = api_as("lotte").get("/api/v1/search", {"q": cast.mother.bsn}).json()
    assert [p["id"] for p in by_bsn["persons"]] == [str(cast.mother.pk)]
    assert AccessLogRecord.objects.filter(event_code="api.search").exists()


@pytest.mark.parametrize("username", ["olga", "priya"])
def test_search_shows_outsiders_nothing(cast, api_as, username):
    body = api_as(username).get("/api/v1/search", {"q": "jansen"}).json()
    assert body == {"persons": [], "persons_count": 0, "households": [],
                    "households_count": 0}
    body = api_as(username).get("/api/v1/search", {"q": cast.mother.bsn}).json()
    assert body["persons_count"] == 0
