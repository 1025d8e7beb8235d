from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db


def timeline(client, household, **params):
    response = client.get("/api/v1/entries", {"household": household.pk, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_insider_timeline_newest_first(cast, api_as):
    body = timeline(api_as("lotte"), cast.household)
    ids = [r["id"] for r in body["results"]]
    # newest first; not the GGZ secrecy note nor the RVT's note on criminal data
    expected = ["third_party", "lieke_confidential", "father", "ggz_shared", "org_note",
                "conversation", "report"]
    assert ids == [str(cast.entries[k].pk) for k in expected]
    father = body["results"][2]
    assert father["confidentiality"] == "netwerk"
    assert {s["id"] for s in father["subjects"]} == {str(cast.father.pk), str(cast.daan.pk)}
    assert father["author"]["username"] == "ruben"
    record = AccessLogRecord.objects.get(event_code="api.entry.list")
    assert set(record.object_ids) == set(ids)
    assert str(cast.mother.pk) in record.subject_ids


def test_ruben_does_not_get_secrecy_or_organisation_notes(cast, api_as):
    body = timeline(api_as("ruben"), cast.household)
    ids = {r["id"] for r in body["results"]}
    assert str(cast.entries["secrecy"].pk) not in ids
    assert str(cast.entries["org_note"].pk) not in ids
    assert len(ids) == 7  # see tests/access/test_persona_table.py
    for key in ("secrecy", "org_note"):
        response = api_as("ruben").get(f"/api/v1/entries/{cast.entries[key].pk}")
        assert_refused_404(response, cast.entries[key].pk, username="ruben")


def test_gert_sees_his_secrecy_note(cast, api_as):
    ids = {r["id"] for r in timeline(api_as("gert"), cast.household)["results"]}
    assert str(cast.entries["secrecy"].pk) in ids


def test_timeline_filters(cast, api_as):
    client = api_as("lotte")
    about_daan = timeline(client, cast.household, subject=cast.daan.pk)["results"]
    assert {r["id"] for r in about_daan} == {str(cast.entries["conversation"].pk),
                                             str(cast.entries["father"].pk)}
    reports = timeline(client, cast.household, kind="report")["results"]
    assert [r["id"] for r in reports] == [str(cast.entries["report"].pk)]
    rvt = cast.entries["report"].owner_organisation_id
    by_org = timeline(client, cast.household, organisation=rvt)["results"]
    assert {r["organisation"]["id"] for r in by_org} == {str(rvt)}
    paged = timeline(client, cast.household, page_size=1)
    assert paged["count"] == 7 and len(paged["results"]) == 1 and paged["next"]


def test_household_parameter_is_required(cast, api_as):
    body = assert_problem(api_as("lotte").get("/api/v1/entries"), 400)
    assert body["invalid_params"][0]["name"] == "household"


@pytest.mark.parametrize("username", ["olga", "priya"])
def test_outsider_timeline_is_logged_404(cast, api_as, username):
    response = api_as(username).get("/api/v1/entries", {"household": cast.household.pk})
    assert_refused_404(response, cast.household.pk, username=username)
    response = api_as(username).get(f"/api/v1/entries/{cast.entries['report'].pk}")
    assert_refused_404(response, cast.entries["report"].pk, username=username)


def test_entry_detail(cast, api_as):
    entry = cast.entries["conversation"]
    body = api_as("lotte").get(f"/api/v1/entries/{entry.pk}").json()
    assert body["text"] == entry.text
    assert [v["version"] for v in body["versions"]] == [1]
    record = AccessLogRecord.objects.get(event_code="api.entry.read")
    assert record.rule == "team+eigen_organisatie"


def new_entry(cast, **overrides):
    body = {"household": str(cast.household.pk), "case": str(cast.case.pk),
            "kind": "conversation", "text": "Telefonisch contact met moeder.",
            "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(),
            "subjects": [str(cast.mother.pk)], "confidentiality": "netwerk",
            "legal_basis": "jeugdwet_taak"}
    body.update(overrides)
    return body


def test_add_entry(cast, api_as):
    response = api_as("lotte").post("/api/v1/entries", new_entry(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"/api/v1/entries/{body['id']}"
    entry = Entry.objects.get(pk=body["id"])
    assert entry.author == cast.users["lotte"] and entry.case == cast.case
    assert [s["id"] for s in body["subjects"]] == [str(cast.mother.pk)]
    # The log names the relation that allowed the write, not a generic rule.
    assert AccessLogRecord.objects.get(event_code="entry.create").rule.startswith("team")
    # ruben (in the team) sees it on the timeline
    ids = {r["id"] for r in timeline(api_as("ruben"), cast.household)["results"]}
    assert body["id"] in ids


def test_naive_occurred_at_is_local_time(cast, api_as):
    naive = (timezone.localtime() - timedelta(days=1)).replace(tzinfo=None, microsecond=0)
    response = api_as("lotte").post("/api/v1/entries",
                                    new_entry(cast, occurred_at=naive.isoformat()))
    assert response.status_code == 201, response.content


def test_outsider_cannot_add_entry(cast, api_as):
    before = Entry.objects.count()
    response = api_as("olga").post("/api/v1/entries", new_entry(cast))
    assert_refused_404(response, cast.household.pk)
    assert Entry.objects.count() == before


def test_subject_outside_household_is_invalid(cast, api_as):
    from netwerkdossier.households.models import Person

    stranger = Person.objects.create(given_names="Piet", family_name="Vreemd",
                                     birth_date=cast.mother.birth_date)
    body = new_entry(cast, subjects=[str(stranger.pk), "00000000-0000-4000-8000-000000000001"])
    problem = assert_problem(api_as("lotte").post("/api/v1/entries", body), 422)
    assert problem["invalid_params"] == [{"name": "subjects",
                                          "reason": "Kies alleen leden van dit huishouden."}]


def test_correction_creates_version_two(cast, api_as):
    old = cast.entries["conversation"]
    client = api_as("lotte")
    read = client.get(f"/api/v1/entries/{old.pk}")["ETag"]
    response = client.post(f"/api/v1/entries/{old.pk}/corrections",
                           {"text": "Huisbezoek met moeder en de drie kinderen.",
                            "reason": "Aantal kinderen verduidelijkt."}, HTTP_IF_MATCH=read)
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["version"] == 2 and new["replaces"] == str(old.pk)
    assert new["root"] == str(old.pk)
    assert response["Location"] == f"/api/v1/entries/{new['id']}"
    history = client.get(f"/api/v1/entries/{old.pk}").json()
    assert history["is_current"] is False
    assert [(v["version"], v["is_current"]) for v in history["versions"]] == [
        (1, False), (2, True)]
    assert history["versions"][1]["correction_reason"] == "Aantal kinderen verduidelijkt."
    # the timeline shows only the current version
    ids = [r["id"] for r in timeline(client, cast.household)["results"]]
    assert new["id"] in ids and str(old.pk) not in ids
    # correcting the old version again is a conflict, logged as a refusal
    again = client.post(f"/api/v1/entries/{old.pk}/corrections",
                        {"text": "x", "reason": "y"}, HTTP_IF_MATCH=response["ETag"])
    assert_problem(again, 409)
    record = AccessLogRecord.objects.filter(result="refused").get()
    assert record.action == "U" and record.rule == "superseded"


def test_only_owner_organisation_corrects(cast, api_as):
    entry = cast.entries["report"]  # written by ruben (RVT)
    client = api_as("lotte")
    response = client.post(f"/api/v1/entries/{entry.pk}/corrections",
                           {"text": "Anders", "reason": "Fout"},
                           HTTP_IF_MATCH=client.get(f"/api/v1/entries/{entry.pk}")["ETag"])
    body = assert_problem(response, 403)
    assert "organisatie" in body["detail"]
    assert Entry.objects.filter(root_id=entry.pk).count() == 1


def test_outsider_correction_is_logged_404(cast, api_as):
    entry = cast.entries["report"]
    response = api_as("olga").post(f"/api/v1/entries/{entry.pk}/corrections",
                                   {"text": "Anders", "reason": "Fout"})
    assert_refused_404(response, entry.pk)
