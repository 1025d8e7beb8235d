"""API: a case-table seat gets the agreed minimal picture of the household, and opens no
person's record (decision 0018)."""

import json

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from tests.web.test_case_table_minimal_picture import (
    end,
    family,
    join_team,
    noor_in_a_household_of_olga,
    open_seat,
)

from .conftest import assert_refused_404

pytestmark = pytest.mark.django_db


def detail(api_as, cast, username="olga"):
    return api_as(username).get(f"/api/v1/households/{cast.household.pk}")


def test_seat_reads_the_minimal_household(cast, api_as):
    session = open_seat(cast)
    response = detail(api_as, cast)
    assert response.status_code == 200
    body = response.json()
    assert body["picture"] == "case_table"
    assert body["name"] == "Gezin Jansen"
    assert body["case_table"]["id"] == str(session.pk)
    assert body["case_table"]["ends_at"]
    members = {m["person"]: m for m in body["members"]}
    assert set(members) == {str(p.pk) for p in family(cast)}
    noor = members[str(cast.noor.pk)]
    assert noor == {"person": str(cast.noor.pk), "name": "Noor Jansen", "age": 9,
                    "relation": "child", "current": True}
    for key in ("street", "postcode", "municipality", "owner_organisation", "gezag",
                "open_cases"):
        assert key not in body
    text = json.dumps(body)
    for hidden in ("Lindelaan", "1741 AB", "Noorderveld", cast.case.title, "ruben", "gert",
                   *(p.birth_date.isoformat() for p in family(cast)),
                   *(p.bsn for p in family(cast))):
        assert hidden not in text, hidden
    record = AccessLogRecord.objects.get(event_code="api.household.read")
    assert record.result == "granted" and record.rule == "case_table"
    assert set(record.subject_ids) == {str(p.pk) for p in family(cast)}


def test_seat_reads_the_shared_entries_of_the_household(cast, api_as):
    open_seat(cast)
    body = api_as("olga").get("/api/v1/entries", {"household": str(cast.household.pk)}).json()
    assert [e["id"] for e in body["results"]] == [str(cast.entries["conversation"].pk)]


def test_the_same_user_on_the_team_gets_the_full_detail(cast, api_as):
    open_seat(cast)
    join_team(cast)
    body = detail(api_as, cast).json()
    assert "picture" not in body
    assert body["street"] == "Lindelaan 12" and body["gezag"] and body["open_cases"]
    assert AccessLogRecord.objects.get(event_code="api.household.read").rule == "team"


def test_after_the_session_a_logged_404(cast, api_as):
    session = open_seat(cast)
    assert detail(api_as, cast).status_code == 200
    end(session)
    record = assert_refused_404(detail(api_as, cast), cast.household.pk)
    assert record.rule == "not_related"


def test_openapi_documents_both_shapes(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"HouseholdDetail", "HouseholdMinimal"} <= set(schemas)
    assert schemas["HouseholdMinimal"]["properties"]["picture"]["const"] == "case_table"
    assert "birth_date" not in schemas["MinimalMember"]["properties"]


# --- persons: a seat opens no person's record ---------------------------------------------

def test_seat_finds_no_persons_and_reads_no_person(cast, api_as):
    open_seat(cast)
    client = api_as("olga")
    for params in ({"q": "jansen"}, {"bsn": "111222333"},
                   {"birth_date": cast.noor.birth_date.isoformat()}):
        assert client.get("/api/v1/persons", params).json()["count"] == 0, params
    assert not AccessLogRecord.objects.filter(event_code="api.person.list").exists()
    record = assert_refused_404(client.get(f"/api/v1/persons/{cast.noor.pk}"), cast.noor.pk)
    assert record.event_code == "api.person.read" and record.rule == "not_related"


def test_search_finds_the_household_by_name_only(cast, api_as):
    open_seat(cast)
    client = api_as("olga")
    body = client.get("/api/v1/search", {"q": "jansen"}).json()
    assert body["persons"] == [] and body["persons_count"] == 0
    assert [h["id"] for h in body["households"]] == [str(cast.household.pk)]
    for q in ("111222333", cast.noor.birth_date.strftime("%d-%m-%Y"), "noor 100000009"):
        body = client.get("/api/v1/search", {"q": q}).json()
        assert body["households_count"] == 0 and body["persons_count"] == 0, q


def test_person_detail_lists_no_membership_known_only_through_a_seat(cast, api_as):
    own = noor_in_a_household_of_olga(cast)
    open_seat(cast)
    body = api_as("olga").get(f"/api/v1/persons/{cast.noor.pk}").json()
    assert [h["household"] for h in body["households"]] == [str(own.pk)]
    # The team still sees every household of the person it may see.
    body = api_as("lotte").get(f"/api/v1/persons/{cast.noor.pk}").json()
    assert str(cast.household.pk) in [h["household"] for h in body["households"]]


# --- cases: a seat opens no case (phase, deadlines, team) -----------------------------------

def test_seat_reads_no_case_in_the_api_or_on_the_phase_page(cast, api_as, login):
    open_seat(cast)
    listed = api_as("olga").get("/api/v1/cases", {"household": str(cast.household.pk)})
    assert listed.status_code == 200 and listed.json()["results"] == []
    record = assert_refused_404(api_as("olga").get(f"/api/v1/cases/{cast.case.pk}"),
                                cast.case.pk)
    assert record.rule == "not_related"
    page = login("olga").get(f"/trajecten/{cast.case.pk}")
    assert page.status_code == 404
    assert cast.case.title not in page.content.decode()


def test_seat_with_a_team_relation_reads_the_case(cast, api_as):
    open_seat(cast)
    join_team(cast)
    response = api_as("olga").get(f"/api/v1/cases/{cast.case.pk}")
    assert response.status_code == 200 and response.json()["title"] == cast.case.title


def _listed(client, path, params):
    body = client.get(path, params).json()
    return next(h for h in body["results" if path.endswith("households") else "households"]
                if h["name"] == "Gezin Jansen")


@pytest.mark.parametrize(("path", "params"), [("/api/v1/households", {}),
                                              ("/api/v1/search", {"q": "Jansen"})])
def test_lists_name_a_seat_household_without_its_place(cast, api_as, path, params):
    """In a list or search answer a household seen through a seat alone has its name,
    not its municipality or who registered it; the team gets both."""
    open_seat(cast)
    seat = _listed(api_as("olga"), path, params)
    assert seat == {"id": str(cast.household.pk), "name": "Gezin Jansen",
                    "municipality": None, "owner_organisation": None}
    team = _listed(api_as("lotte"), path, params)
    assert team["municipality"] == "Noorderveld"
    assert team["owner_organisation"]["id"] == str(cast.household.owner_organisation_id)
