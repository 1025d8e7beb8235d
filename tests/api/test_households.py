import pytest

from netwerkdossier.audit.models import AccessLogRecord

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db


def test_insider_lists_the_household(cast, api_as):
    response = api_as("lotte").get("/api/v1/households")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == str(cast.household.pk)
    assert body["results"][0]["owner_organisation"]["name"]
    record = AccessLogRecord.objects.filter(event_code="api.household.list").get()
    assert record.object_ids == [str(cast.household.pk)]
    assert str(cast.noor.pk) in record.subject_ids


def test_name_prefix_filter(cast, api_as):
    client = api_as("lotte")
    assert client.get("/api/v1/households", {"q": "jans"}).json()["count"] == 1
    assert client.get("/api/v1/households", {"q": "Gezin"}).json()["count"] == 1
    assert client.get("/api/v1/households", {"q": "pieters"}).json()["count"] == 0


@pytest.mark.parametrize("username", ["olga", "priya"])
def test_outsiders_and_privacy_officer_list_nothing(cast, api_as, username):
    body = api_as(username).get("/api/v1/households").json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_insider_reads_household_with_members_gezag_and_cases(cast, api_as):
    response = api_as("lotte").get(f"/api/v1/households/{cast.household.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Gezin Jansen"
    members = {m["person"]: m for m in body["members"]}
    assert len(members) == 5
    noor = members[str(cast.noor.pk)]
    assert noor["age"] == 9 and noor["relation"] == "child" and noor["lives_in"] is True
    assert members[str(cast.father.pk)]["lives_in"] is False
    gezag = {g["child"]: g["gezag"] for g in body["gezag"]}
    assert set(gezag) == {str(cast.noor.pk), str(cast.daan.pk), str(cast.lieke.pk)}
    current_holders = {g["holder"] for g in gezag[str(cast.noor.pk)] if g["current"]}
    assert current_holders == {str(cast.mother.pk)}  # the father's gezag ended
    [case] = body["open_cases"]
    assert case["id"] == str(cast.case.pk)
    assert case["phase"] == "directe_veiligheid"
    assert {m["username"] for m in case["team"]} == {"lotte", "ruben", "gert"}
    record = AccessLogRecord.objects.filter(event_code="api.household.read").get()
    assert record.result == "granted" and record.rule == "team"
    assert record.channel == "api"
    assert str(cast.lieke.pk) in record.subject_ids


@pytest.mark.parametrize("username", ["olga", "priya"])
def test_outsider_gets_logged_404(cast, api_as, username):
    response = api_as(username).get(f"/api/v1/households/{cast.household.pk}")
    body = assert_refused_404(response, cast.household.pk, username=username)
    assert "name" not in response.json()
    assert body.event_code == "api.household.read"


def test_unknown_household_is_404_too(cast, api_as):
    unknown = "00000000-0000-4000-8000-000000000000"
    response = api_as("lotte").get(f"/api/v1/households/{unknown}")
    assert_refused_404(response, unknown, username="lotte")


def test_pagination(cast, api_as, ctx_of):
    from netwerkdossier.households.models import Household

    for i in range(4):
        Household.objects.create(name=f"Gezin Test{i}", municipality="Noorderveld",
                                 region=cast.household.region,
                                 owner_organisation=cast.household.owner_organisation,
                                 created_by=cast.users["lotte"])
    client = api_as("lotte")
    first = client.get("/api/v1/households", {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/households?")
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert "page=1" in second["previous"]
    third = client.get("/api/v1/households", {"page_size": 2, "page": 3}).json()
    assert len(third["results"]) == 1 and third["next"] is None
    seen = {r["id"] for page in (first, second, third) for r in page["results"]}
    assert len(seen) == 5


def test_page_size_is_capped(cast, api_as):
    body = assert_problem(api_as("lotte").get("/api/v1/households", {"page_size": 101}), 422)
    assert body["invalid_params"] == [{"name": "page_size",
                                       "reason": "Vul een waarde van hoogstens 100 in."}]


def test_query_count_does_not_grow_with_the_page(cast, api_as, django_assert_max_num_queries):
    from netwerkdossier.households.models import Household

    client = api_as("lotte")
    client.get("/api/v1/households")  # the first log record creates the chain head
    for i in range(30):
        Household.objects.create(name=f"Gezin Test{i}", municipality="Noorderveld",
                                 region=cast.household.region,
                                 owner_organisation=cast.household.owner_organisation,
                                 created_by=cast.users["lotte"])
    with django_assert_max_num_queries(16):
        assert len(client.get("/api/v1/households", {"page_size": 100}).json()[
            "results"]) == 31
    # One more than the households list: the viewer's sharing-agreement rules.
    with django_assert_max_num_queries(17):
        client.get("/api/v1/entries", {"household": cast.household.pk, "page_size": 100})
