"""POST bodies: good ones create, bad ones give a Dutch 422 problem and save nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Gezag, Household, Person

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (Household, Person, Entry, AccessLogRecord))


def household_body(*members, **overrides):
    body = {"name": "Gezin Kok", "municipality": "Noorderveld", "street": "Dorpsstraat 1",
            "postcode": "1742 cd",
            "members": list(members) or [parent(), child(gezag_holders=[0])]}
    body.update(overrides)
    return body


def parent(**kw):
    return {"relation": "parent", "given_names": "Eva", "family_name": "Kok",
            "birth_date": "1988-03-04", "bsn": "100000034", **kw}


def child(**kw):
    return {"relation": "child", "given_names": "Bo", "family_name": "Kok",
            "birth_date": "2016-05-06", **kw}


def test_register_household(cast, api_as):
    response = api_as("lotte").post("/api/v1/households", household_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/households/{body['id']}"
    assert body["postcode"] == "1742 CD"
    assert {m["name"] for m in body["members"]} == {"Eva Kok", "Bo Kok"}
    [child_gezag] = body["gezag"]
    assert [g["holder_name"] for g in child_gezag["gezag"]] == ["Eva Kok"]
    assert Gezag.objects.filter(child__given_names="Bo").count() == 1
    # the new household is readable at its Location
    assert api_as("lotte").get(response["Location"]).status_code == 200
    assert api_as("olga").get(response["Location"]).status_code == 404


def test_privacy_officer_cannot_register(cast, api_as):
    before = counts()
    assert_problem(api_as("priya").post("/api/v1/households", household_body()), 403)
    assert counts() == before


def invalid(response, name):
    body = assert_problem(response, 422)
    reasons = {p["name"]: p["reason"] for p in body["invalid_params"]}
    assert name in reasons, reasons
    return reasons[name]


@pytest.mark.parametrize("member, field, words", [
    (parent(bsn="123456789"), "members.0.bsn", "elfproef"),
    (parent(birth_date=(timezone.localdate() + timedelta(days=3)).isoformat()),
     "members.0.birth_date", "toekomst"),
    (parent(bsn="111222333"), "members.0.bsn", "al een persoon met dit BSN"),
    (parent(family_name=""), "members.0.family_name", "leeg"),
])
def test_bad_members_are_refused_in_dutch(cast, api_as, member, field, words):
    before = counts()
    response = api_as("lotte").post("/api/v1/households", household_body(member))
    assert words in invalid(response, field)
    assert counts() == before


def test_child_already_living_elsewhere(cast, api_as):
    before = counts()
    body = household_body(parent(), {"relation": "child", "person": str(cast.noor.pk)})
    reason = invalid(api_as("lotte").post("/api/v1/households", body), "members.1.lives_in")
    assert "ander huishouden" in reason
    assert counts() == before


def test_existing_person_the_user_may_not_see_is_404(cast, api_as):
    before = counts()
    body = household_body(parent(), {"relation": "child", "person": str(cast.noor.pk)})
    response = api_as("olga").post("/api/v1/households", body)
    assert_problem(response, 404)
    assert Household.objects.count() == before[0]
    assert AccessLogRecord.objects.filter(result="refused",
                                          event_code="api.person.read").exists()


def test_schema_errors_are_dutch_problems(cast, api_as):
    before = counts()
    body = household_body(parent(birth_date="4-3-1988"), unknown_field=1)
    del body["municipality"]
    response = api_as("lotte").post("/api/v1/households", body)
    body = assert_problem(response, 422)
    reasons = {p["name"]: p["reason"] for p in body["invalid_params"]}
    assert reasons == {"municipality": "Dit veld is verplicht.",
                       "members.0.birth_date": "Vul een geldige datum in (JJJJ-MM-DD).",
                       "unknown_field": "Dit veld bestaat niet."}
    assert counts() == before


def entry_body(cast, **overrides):
    body = {"household": str(cast.household.pk), "kind": "note", "text": "Notitie.",
            "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "subjects": [str(cast.noor.pk)], "legal_basis": "jeugdwet_taak",
            "confidentiality": "netwerk"}
    body.update(overrides)
    return body


@pytest.mark.parametrize("overrides, field, words", [
    ({"text": "   "}, "text", "niet leeg"),
    ({"occurred_at": (timezone.now() + timedelta(days=2)).isoformat()}, "occurred_at",
     "toekomst"),
    ({"kind": "roddel"}, "kind", "soort"),
    ({"legal_basis": "nieuwsgierigheid"}, "legal_basis", "grondslag"),
    ({"subjects": []}, "subjects", "gezinslid"),
    ({"confidentiality": "geheim"}, "confidentiality", "netwerk, organisatie, beroepsgeheim"),
    ({"occurred_at": "gisteren"}, "occurred_at", "datum en tijd"),
])
def test_bad_entries_are_refused_in_dutch(cast, api_as, overrides, field, words):
    before = counts()
    response = api_as("lotte").post("/api/v1/entries", entry_body(cast, **overrides))
    assert words in invalid(response, field)
    assert counts() == before


def test_empty_correction_is_refused(cast, api_as):
    before = counts()
    entry = cast.entries["conversation"]
    client = api_as("lotte")
    response = client.post(f"/api/v1/entries/{entry.pk}/corrections", {"text": "", "reason": ""},
                           HTTP_IF_MATCH=f'"{entry.pk}.1"')
    body = assert_problem(response, 422)
    assert {p["name"] for p in body["invalid_params"]} == {"text", "reason"}
    assert counts() == before
