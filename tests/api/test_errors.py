"""Every error is application/problem+json with a Dutch title."""

import pytest
from django.test import override_settings

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.households.models import Household

from .conftest import ApiClient, assert_problem

pytestmark = pytest.mark.django_db

ROUTES = ["/api/v1/households", "/api/v1/persons", "/api/v1/cases", "/api/v1/entries",
          "/api/v1/search?q=jansen"]


@pytest.mark.parametrize("path", ROUTES)
def test_401_without_token(cast, api_as, path):
    response = api_as(None).get(path)
    body = assert_problem(response, 401)
    assert body["title"] == "Niet aangemeld"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_401_with_bad_or_revoked_token(cast, api_as):
    response = ApiClient("nd_not-a-token").get("/api/v1/households")
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    token = ApiToken.issue(cast.users["lotte"])
    ApiToken.objects.update(revoked_at="2020-01-01T00:00:00Z")
    assert_problem(ApiClient(token).get("/api/v1/households"), 401)


def test_basic_auth_is_not_accepted(cast, client):
    response = client.get("/api/v1/households", HTTP_AUTHORIZATION="Basic bG90dGU6eA==")
    assert_problem(response, 401)


def test_token_use_is_recorded(cast, api_as):
    client = api_as("lotte")
    token = ApiToken.objects.get(user=cast.users["lotte"])
    assert token.last_used_at is None
    client.get("/api/v1/households")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/households")
    token.refresh_from_db()
    assert token.last_used_at == first  # not rewritten on every request


def test_405_is_a_problem(cast, api_as):
    response = api_as("lotte").request("delete", f"/api/v1/households/{cast.household.pk}")
    body = assert_problem(response, 405)
    assert body["title"] == "Methode niet toegestaan"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_route_is_a_problem(cast, api_as, debug):
    client = api_as("lotte")
    with override_settings(DEBUG=debug):
        inside = client.get("/api/v1/nothing-here")
        assert_problem(client.get("/api/v1/"), 404)
        other_version = client.get("/api/v2/households")
    body = assert_problem(inside, 404)
    assert body["title"] == "Niet gevonden"
    if not debug:  # outside /api/v1/ Django's handler404 (web/errors.py) answers
        assert_problem(other_version, 404)


def test_trailing_slash_and_bad_id_are_404(cast, api_as):
    client = api_as("lotte")
    assert_problem(client.get("/api/v1/households/"), 404)
    assert_problem(client.get("/api/v1/households/not-a-uuid"), 404)


def test_invalid_json_is_400(cast, api_as):
    response = api_as("lotte").post("/api/v1/households", raw="{not json")
    body = assert_problem(response, 400)
    assert body["detail"] == "De inhoud van het verzoek is geen geldige JSON."


def test_bad_query_parameter_is_422(cast, api_as):
    response = api_as("lotte").get("/api/v1/entries", {"household": "abc"})
    body = assert_problem(response, 422)
    assert body["invalid_params"] == [{"name": "household",
                                       "reason": "Vul een geldige id (UUID) in."}]


def test_unexpected_error_is_500_and_saves_nothing(cast, api_as, monkeypatch):
    from netwerkdossier.api import households as module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "household_detail", broken)
    before = Household.objects.count()
    body = {"name": "Gezin Kok", "municipality": "Noorderveld",
            "members": [{"relation": "parent", "given_names": "Eva", "family_name": "Kok",
                         "birth_date": "1988-03-04"}]}
    response = api_as("lotte").post("/api/v1/households", body)
    problem = assert_problem(response, 500)
    assert problem["title"] == "Interne fout"
    assert "boom" not in response.content.decode()
    assert Household.objects.count() == before


def test_token_clients_need_no_csrf_token(cast):
    from django.test import Client

    token = ApiToken.issue(cast.users["lotte"])
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post("/api/v1/households", "{}", content_type="application/json", **auth)
    assert_problem(response, 422)  # reached the API, not a CSRF refusal
    assert_problem(client.post("/api/v1/nothing", "{}", content_type="application/json",
                               **auth), 404)


def test_purpose_header_is_logged(cast, api_as):
    from netwerkdossier.audit.models import AccessLogRecord

    api_as("lotte").get(f"/api/v1/households/{cast.household.pk}",
                        HTTP_X_PURPOSE="veiligheidsbeoordeling")
    record = AccessLogRecord.objects.get(event_code="api.household.read")
    assert record.purpose == "veiligheidsbeoordeling"
