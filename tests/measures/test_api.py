"""/api/v1/households/{id}/measures and /api/v1/measures/{id}: reads per persona, the
logged 404 for outsiders and for ids that are no ids, writes with problem+json."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.measures.models import Measure
from tests.api.conftest import api_as, assert_problem, assert_refused_404  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def everyone(world, seat_and_emergency):
    return world


@pytest.mark.parametrize("username,purpose,keys", [
    ("ruben", "hulpverlening", {"ots", "uithuisplaatsing", "huisverbod"}),
    ("piet", "veiligheidsbeoordeling",
     {"ots", "uithuisplaatsing", "huisverbod", "gedragsaanwijzing"}),
    ("rianne", "advies_rechter", {"ots", "uithuisplaatsing", "huisverbod"}),
    ("gert", "hulpverlening", set()),
    ("eva", "hulpverlening", {"ots", "uithuisplaatsing", "huisverbod"}),
])
def test_the_list_gives_what_the_persona_may_read(everyone, api_as, username, purpose,  # noqa: F811
                                                  keys):
    response = api_as(username, purpose).get(
        f"/api/v1/households/{everyone.household.pk}/measures")
    assert response.status_code == 200
    ids = {m["id"] for m in response.json()}
    assert ids == {str(everyone.measures[k].pk) for k in keys}
    criminal = everyone.measures["gedragsaanwijzing"]
    detail = api_as(username, purpose).get(f"/api/v1/measures/{criminal.pk}")
    assert detail.status_code == (200 if "gedragsaanwijzing" in keys else 404)


def test_outsiders_and_seats_get_the_logged_404(everyone, api_as):  # noqa: F811
    measure = everyone.measures["ots"]
    assert_refused_404(api_as("olga").get(
        f"/api/v1/households/{everyone.household.pk}/measures"), everyone.household.pk)
    assert_refused_404(api_as("olga").get(f"/api/v1/measures/{measure.pk}"), measure.pk)
    assert_refused_404(api_as("stella", "veiligheidsbeoordeling").get(
        f"/api/v1/measures/{measure.pk}"), measure.pk, username="stella")
    # An id that is no id is an unknown object: the logged 404, not a 422.
    response = api_as("olga").post("/api/v1/measures/12-x/status-changes", {})
    assert_problem(response, 404)
    assert AccessLogRecord.objects.filter(event_code="api.measure.status",
                                          result="refused", username="olga").exists()


def test_detail_has_deadlines_conditions_and_history(everyone, api_as):  # noqa: F811
    huisverbod = everyone.measures["huisverbod"]
    body = api_as("ruben").get(f"/api/v1/measures/{huisverbod.pk}").json()
    assert body["confirmed"] is False and body["criminal_data"] is False
    assert [d["code"] for d in body["deadlines"]] == ["einde"]
    assert body["deadlines"][0]["urgent"] is True  # ends within the 3-day lead time
    assert body["conditions"][0]["person"] == str(everyone.mother.pk)
    assert body["history"][0]["status"] == "toegewezen"


def test_register_and_extend_through_the_api(everyone, api_as):  # noqa: F811
    client = api_as("rianne", "advies_rechter")
    start = TODAY() - timedelta(days=5)
    response = client.post(f"/api/v1/households/{everyone.household.pk}/measures", {
        "person": str(everyone.lieke.pk), "measure_key": "ots",
        "authority_kind": "Kinderrechter", "authority_name": "Rechtbank",
        "status": "toegewezen", "status_on": start, "starts_on": start,
        "source_reference": "C/15/77"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["ends_on"] == (start.replace(year=start.year + 1)).isoformat()
    response = api_as("ruben").post(f"/api/v1/measures/{created['id']}/status-changes", {
        "status": "beeindigd", "status_on": TODAY(), "source_reference": "Einde C/15/77",
        "version": 1})
    assert response.status_code == 201 and response.json()["status"] == "beeindigd"


def test_bad_input_is_a_problem_in_dutch_and_saves_nothing(everyone, api_as):  # noqa: F811
    before = Measure.objects.count()
    response = api_as("ruben").post(f"/api/v1/households/{everyone.household.pk}/measures", {
        "person": str(everyone.daan.pk), "measure_key": "ots",
        "authority_kind": "Burgemeester", "authority_name": "x", "status": "toegewezen",
        "status_on": TODAY(), "starts_on": TODAY(),
        "ends_on": TODAY() - timedelta(days=3), "end_reason": "x", "source_reference": "x"})
    body = assert_problem(response, 422)
    reasons = {p["name"]: p["reason"] for p in body["invalid_params"]}
    assert "kan geen ondertoezichtstelling" in reasons["authority_kind"]
    assert "vóór de begindatum" in reasons["ends_on"]
    # The police record no civil measure; the message says who does.
    response = api_as("piet", "veiligheidsbeoordeling").post(
        f"/api/v1/households/{everyone.household.pk}/measures", {
            "person": str(everyone.daan.pk), "measure_key": "ots",
            "authority_kind": "Kinderrechter", "authority_name": "x",
            "status": "toegewezen", "status_on": TODAY(), "starts_on": TODAY(),
            "source_reference": "x"})
    reasons = {p["name"]: p["reason"] for p in assert_problem(response, 422)["invalid_params"]}
    assert reasons["measure_key"].startswith("Uw organisatie legt geen civiele maatregelen")
    assert Measure.objects.count() == before


@pytest.mark.parametrize("username,purpose", [
    ("lotte", "hulpverlening"), ("eva", "hulpverlening"), ("olga", "hulpverlening")])
def test_who_may_not_register_gets_the_logged_404_before_the_body(everyone, api_as,  # noqa: F811
                                                                  username, purpose):
    response = api_as(username, purpose).post(
        f"/api/v1/households/{everyone.household.pk}/measures", raw="not json")
    assert_refused_404(response, everyone.household.pk, username=username)
