"""Input the database cannot take never gives a server error and never saves a record
(issue 11, point 5): NUL, lone surrogates, huge bodies, wrong content types,
impossible dates. Runs on SQLite and PostgreSQL (PostgreSQL refuses NUL in text)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.dossier.models import Entry

from .conftest import assert_problem
from .test_entries import new_entry

pytestmark = pytest.mark.django_db


def _post_raw(client, raw: str, content_type="application/json"):
    return client.client.post("/api/v1/entries", raw, content_type=content_type,
                              **client.headers)


@pytest.mark.parametrize("field, value", [
    ("text", "a\u0000b"),
    ("kind", "conversation\u0000"),
    ("legal_basis", "\u0000"),
])
def test_nul_character_is_422_naming_the_field(cast, api_as, field, value):
    before = Entry.objects.count()
    response = api_as("lotte").post("/api/v1/entries", new_entry(cast, **{field: value}))
    body = assert_problem(response, 422)
    assert body["invalid_params"][0]["name"] == f"body.{field}"
    assert "niet toegestaan" in body["invalid_params"][0]["reason"]
    assert Entry.objects.count() == before


def test_lone_surrogate_and_bad_key_are_422(cast, api_as):
    client = api_as("lotte")
    raw = json.dumps(new_entry(cast)).replace('"Telefonisch', '"Tele\\ud800fonisch')
    assert_problem(_post_raw(client, raw), 422)
    raw = json.dumps({**new_entry(cast), "x\u0000": 1})
    body = assert_problem(_post_raw(client, raw), 422)
    assert body["invalid_params"][0]["name"] == "body.x\u0000"


def test_subjects_list_positions_are_named(cast, api_as):
    response = api_as("lotte").post("/api/v1/entries",
                                    new_entry(cast, subjects=["ok", "b\u0000"]))
    body = assert_problem(response, 422)
    assert body["invalid_params"] == [{"name": "body.subjects.1", "reason":
                                       "Een NUL-teken of een ongeldig Unicode-teken is niet "
                                       "toegestaan."}]


def test_json_sent_as_text_is_415(cast, api_as):
    before = Entry.objects.count()
    body = assert_problem(_post_raw(api_as("lotte"), json.dumps(new_entry(cast)),
                                    content_type="text/plain"), 415)
    assert "application/json" in body["detail"]
    assert Entry.objects.count() == before


def test_body_over_the_limit_is_413_without_reading_it(cast, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    body = assert_problem(api_as("lotte").post(
        "/api/v1/entries", new_entry(cast, text="a" * 60_000)), 413)
    assert body["title"] == "Verzoek te groot"


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                                    "1899-12-31T12:00:00Z"])
def test_impossible_dates_are_422(cast, api_as, moment):
    before = Entry.objects.count()
    body = assert_problem(api_as("lotte").post("/api/v1/entries",
                                               new_entry(cast, occurred_at=moment)), 422)
    assert body["invalid_params"] == [{"name": "occurred_at",
                                       "reason": "Vul een datum tussen 1900 en 2100 in."}]
    assert Entry.objects.count() == before


def test_a_plausible_date_still_works(cast, api_as):
    moment = (timezone.now() - timedelta(days=3)).isoformat()
    response = api_as("lotte").post("/api/v1/entries", new_entry(cast, occurred_at=moment))
    assert response.status_code == 201, response.content


def test_nul_in_a_query_parameter_is_400(cast, api_as):
    body = assert_problem(api_as("lotte").get("/api/v1/search", {"q": "jan\u0000sen"}), 400)
    assert body["invalid_params"][0]["name"] == "q"
    assert_problem(api_as("lotte").get("/api/v1/persons", {"birth_date": "0001-01-01"}), 422)


@pytest.mark.parametrize("path, body", [
    ("/api/v1/cases/{case}/safety-plan/scalings", {"scored_on": "0001-01-01"}),
    ("/api/v1/cases/{case}/safety-plan/agreements", {"due_on": "0001-01-01"}),
])
def test_impossible_dates_in_other_inputs_are_422(cast, api_as, path, body):
    response = api_as("lotte").post(path.format(case=cast.case.pk), body)
    assert response.status_code == 422, response.content
    reasons = [p["reason"] for p in response.json()["invalid_params"]]
    assert "Vul een datum tussen 1900 en 2100 in." in reasons
