"""ETag on every API object and If-Match on corrections (issue 11, point 6)."""

import hashlib

import pytest

from netwerkdossier.access.api import context_for
from netwerkdossier.dossier.models import Entry
from netwerkdossier.dossier.services import correct_entry

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db

CORRECTION = {"text": "Huisbezoek met moeder en de drie kinderen.", "reason": "Verduidelijkt"}


def corrections(entry):
    return f"/api/v1/entries/{entry.pk}/corrections"


def etag_of(client, entry):
    response = client.get(f"/api/v1/entries/{entry.pk}")
    assert response.status_code == 200, response.content
    return response["ETag"]


def someone_else_corrects(cast, entry):
    return correct_entry(context_for(cast.users["tamara"]), entry, text="Tamara's versie",
                         reason="Aangevuld", rule="manager+eigen_organisatie")


def test_every_object_answer_has_a_strong_etag_that_follows_its_content(cast, api_as):
    client = api_as("lotte")
    for path in (f"/api/v1/households/{cast.household.pk}", f"/api/v1/persons/{cast.noor.pk}",
                 f"/api/v1/cases/{cast.case.pk}", f"/api/v1/persons/{cast.noor.pk}/consents"):
        first, again = client.get(path), client.get(path)
        assert first.status_code == 200, (path, first.content)
        digest = hashlib.sha256(first.content).hexdigest()[:32]
        assert first["ETag"] == f'"{digest}"' == again["ETag"], path


def test_an_entry_etag_changes_with_every_new_version(cast, api_as):
    client = api_as("lotte")
    entry = cast.entries["conversation"]
    before = etag_of(client, entry)
    assert before == f'"{entry.pk}.1"'
    someone_else_corrects(cast, entry)
    assert etag_of(client, entry) == f'"{entry.pk}.2"'


def test_a_correction_without_if_match_is_428_and_saves_nothing(cast, api_as):
    entry = cast.entries["conversation"]
    body = assert_problem(api_as("lotte").post(corrections(entry), CORRECTION), 428)
    assert "If-Match" in body["detail"]
    assert Entry.objects.filter(root_id=entry.pk).count() == 1


def test_a_stale_if_match_is_412_with_the_new_etag_and_a_retry_works(cast, api_as):
    client = api_as("lotte")
    entry = cast.entries["conversation"]
    read = etag_of(client, entry)
    newest = someone_else_corrects(cast, entry)
    stale = client.post(corrections(entry), CORRECTION, HTTP_IF_MATCH=read)
    body = assert_problem(stale, 412)
    assert "intussen gewijzigd" in body["detail"]
    assert stale["ETag"] == f'"{entry.pk}.2"'
    assert Entry.objects.filter(root_id=entry.pk).count() == 2
    retry = client.post(corrections(newest), CORRECTION, HTTP_IF_MATCH=stale["ETag"])
    assert retry.status_code == 201, retry.content
    assert retry["ETag"] == f'"{entry.pk}.3"'
    assert Entry.objects.get(pk=retry.json()["id"]).replaces_id == newest.pk


def test_a_weak_or_foreign_tag_never_matches(cast, api_as):
    client = api_as("lotte")
    entry = cast.entries["conversation"]
    tag = etag_of(client, entry)
    for offered in (f"W/{tag}", '"iets-anders"'):
        assert_problem(client.post(corrections(entry), CORRECTION, HTTP_IF_MATCH=offered), 412)
    ok = client.post(corrections(entry), CORRECTION, HTTP_IF_MATCH=f'"x", {tag}')
    assert ok.status_code == 201, ok.content


def test_losing_the_race_after_the_check_is_412_too(cast, api_as, monkeypatch):
    from netwerkdossier.api import entries as api_entries

    client = api_as("lotte")
    entry = cast.entries["conversation"]
    tag = etag_of(client, entry)
    real = api_entries.correct_entry

    def other_commits_first(ctx, old, **kwargs):
        someone_else_corrects(cast, old)
        return real(ctx, old, **kwargs)

    monkeypatch.setattr(api_entries, "correct_entry", other_commits_first)
    response = client.post(corrections(entry), CORRECTION, HTTP_IF_MATCH=tag)
    assert_problem(response, 412)
    assert response["ETag"] == f'"{entry.pk}.2"'


def test_outsiders_and_insiders_who_may_not_read_get_404_without_an_etag(cast, api_as):
    entry = cast.entries["secrecy"]  # GGZ beroepsgeheim: not for the local team or police
    for username in ("olga", "lotte"):
        response = api_as(username).get(f"/api/v1/entries/{entry.pk}")
        assert response.status_code == 404 and not response.has_header("ETag")
        refused = api_as(username).post(corrections(entry), CORRECTION,
                                        HTTP_IF_MATCH=f'"{entry.pk}.1"')
        assert_refused_404(refused, entry.pk, username=username)


def test_another_organisation_gets_403_after_the_precondition(cast, api_as):
    entry = cast.entries["report"]  # written by ruben (RVT)
    client = api_as("lotte")
    assert_problem(client.post(corrections(entry), CORRECTION), 428)
    assert_problem(client.post(corrections(entry), CORRECTION,
                               HTTP_IF_MATCH=etag_of(client, entry)), 403)
