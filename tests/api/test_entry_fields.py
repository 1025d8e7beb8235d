"""API: sensitive categories, confidential member, secrecy release and the reporter."""

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry, ReporterIdentity

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def detail(api, entry):
    return api.get(f"/api/v1/entries/{entry.pk}")


def test_reporter_only_for_the_receiving_organisation(api_as, cast):
    report = cast.entries["report"]
    body = detail(api_as("ruben"), report).json()
    assert body["reporter"] == {"redacted": False, "name": "Marieke Dekker",
                                "contact": "groep 6, De Vlinder",
                                "relation": "leerkracht van Noor", "is_professional": True}
    assert AccessLogRecord.objects.filter(event_code="entry.reporter.read",
                                          channel="api").count() == 1
    response = detail(api_as("lotte"), report)
    assert response.json()["reporter"] == {"redacted": True}
    assert "Marieke" not in response.content.decode()
    assert detail(api_as("lotte"), cast.entries["conversation"]).json()["reporter"] is None


def test_list_has_flags_and_never_the_reporter(api_as, cast):
    response = api_as("ruben").get("/api/v1/entries", {"household": cast.household.pk,
                                                       "page_size": 50})
    assert response.status_code == 200
    assert "Marieke" not in response.content.decode()
    by_id = {r["id"]: r for r in response.json()["results"]}
    criminal = by_id[str(cast.entries["criminal"].pk)]
    assert criminal["criminal_data"] is True and criminal["health_data"] is False
    assert "reporter" not in criminal
    lieke = by_id[str(cast.entries["lieke_confidential"].pk)]
    assert lieke["confidential_for_member"] == str(cast.lieke.pk)
    assert lieke["secrecy_release"] == ""


def _body(cast, **extra):
    body = {"household": str(cast.household.pk), "kind": "note", "text": "Via de API",
            "occurred_at": timezone.now().isoformat(), "subjects": [str(cast.noor.pk)],
            "legal_basis": "jeugdwet_taak", "confidentiality": "netwerk"}
    body.update(extra)
    return body


def test_who_may_read_it_has_no_default(api_as, cast):
    body = _body(cast)
    del body["confidentiality"]
    problem = assert_problem(api_as("lotte").post("/api/v1/entries", body), 422)
    assert problem["invalid_params"] == [{"name": "confidentiality",
                                          "reason": "Dit veld is verplicht."}]


def test_create_with_the_new_fields(api_as, cast):
    response = api_as("ruben").post("/api/v1/entries", _body(
        cast, kind="report", third_party_data=True,
        confidential_for_member=str(cast.lieke.pk),
        reporter={"name": "Buurvrouw", "relation": "buurvrouw"}))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["third_party_data"] is True
    assert body["confidential_for_member"] == str(cast.lieke.pk)
    entry = Entry.objects.get(pk=body["id"])
    assert entry.reporter.name == "Buurvrouw"
    assert detail(api_as("ruben"), entry).json()["reporter"]["name"] == "Buurvrouw"
    assert detail(api_as("lotte"), entry).json()["reporter"] == {"redacted": True}


@pytest.mark.parametrize("extra,field,reason", [
    ({"reporter": {"name": "Iemand"}}, "reporter",
     "Een melder kan alleen bij een melding worden vastgelegd."),
    ({"secrecy_release": "conflict_van_plichten"}, "secrecy_release",
     "Het beroepsgeheim doorbreken kan alleen bij een aantekening onder beroepsgeheim."),
    ({"confidential_for_member": "00000000-0000-0000-0000-000000000001"},
     "confidential_for_member", "lid van dit huishouden"),
])
def test_bad_input_is_a_dutch_problem_and_saves_nothing(api_as, cast, extra, field, reason):
    before = (Entry.objects.count(), ReporterIdentity.objects.count())
    body = assert_problem(api_as("lotte").post("/api/v1/entries", _body(cast, **extra)), 422)
    params = {p["name"]: p["reason"] for p in body.get("invalid_params") or []}
    assert reason in params.get(field, "") + (body.get("detail") or ""), body
    assert (Entry.objects.count(), ReporterIdentity.objects.count()) == before


def test_secrecy_release_with_beroepsgeheim(api_as, cast):
    response = api_as("gert").post("/api/v1/entries", _body(
        cast, subjects=[str(cast.mother.pk)], confidentiality="beroepsgeheim",
        secrecy_release="toestemming", legal_basis="toestemming", health_data=True))
    assert response.status_code == 201, response.content
    assert response.json()["secrecy_release"] == "toestemming"
