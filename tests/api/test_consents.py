"""API: /persons/{id}/consents."""

import pytest

from netwerkdossier.access.models import Consent
from netwerkdossier.audit.models import AccessLogRecord

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db


def path(person):
    return f"/api/v1/persons/{person.pk}/consents"


def test_overview_per_scope(api_as, cast):
    response = api_as("lotte").get(path(cast.daan))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["who_decides"].startswith("Van 12 tot 16 jaar")
    scopes = {s["scope"]: s for s in body["scopes"]}
    assert set(scopes) == {"delen_netwerk", "beroepsgeheim"}
    assert scopes["delen_netwerk"]["effective"] is False
    assert scopes["delen_netwerk"]["current"][0]["given_by"]["id"] == str(cast.mother.pk)


def test_record_own_consent_of_a_16_plus(api_as, cast):
    response = api_as("lotte").post(path(cast.lieke), {
        "scope": "delen_netwerk", "decision": "given", "given_by": str(cast.lieke.pk)})
    assert response.status_code == 201, response.content
    assert response.json()["is_current"] is True
    overview = api_as("lotte").get(path(cast.lieke)).json()
    assert {s["scope"]: s["effective"] for s in overview["scopes"]}["delen_netwerk"]
    record = AccessLogRecord.objects.get(event_code="consent.record")
    assert record.channel == "api" and record.consent_profile == "delen_netwerk"


def test_father_without_gezag_is_refused(api_as, cast):
    before = Consent.objects.count()
    body = assert_problem(api_as("lotte").post(path(cast.noor), {
        "scope": "delen_netwerk", "decision": "given", "given_by": str(cast.father.pk)}), 422)
    assert "Alleen de persoon zelf of een ouder/voogd met gezag" in str(body)
    assert Consent.objects.count() == before


def test_unknown_scope_is_422(api_as, cast):
    assert_problem(api_as("lotte").post(path(cast.noor), {
        "scope": "alles", "decision": "given", "given_by": str(cast.mother.pk)}), 422)


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404(api_as, cast, method):
    api = api_as("olga")
    if method == "get":
        response = api.get(path(cast.noor))
    else:
        response = api.post(path(cast.noor), {"scope": "delen_netwerk", "decision": "given",
                                               "given_by": str(cast.mother.pk)})
    record = assert_refused_404(response, cast.noor.pk)
    assert record.action == ("C" if method == "post" else "R")
