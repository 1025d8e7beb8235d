"""The privacy officer's list of open possible matches (registrations that hit a BSN
the registrar may not see): officer only, ids but no BSN or names, logged."""

import pytest
from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import PossibleMatch

from .test_register import URL, adult, post_data

pytestmark = pytest.mark.django_db
PAGE = reverse("web:possible_matches")


@pytest.fixture
def match(login, cast):
    login("olga").post(URL, post_data(adult(bsn=cast.mother.bsn)))
    return PossibleMatch.objects.get()


def test_the_privacy_officer_sees_open_matches_without_bsn_or_names(login, cast, match):
    response = login("priya").get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mogelijke matches" in html
    for pk in (match.new_person_id, match.existing_person_id, match.household_id):
        assert str(pk) in html
    assert "Olga Smit" in html
    for secret in (cast.mother.bsn, "Sanne", "Jansen", "de Vries"):
        assert secret not in html
    record = AccessLogRecord.objects.filter(event_code="possible_match.queue").get()
    assert record.username == "priya" and record.object_ids == [str(match.pk)]


def test_the_officer_closes_a_match(login, cast, match):
    client = login("priya")
    response = client.post(reverse("web:possible_match_resolve", args=[match.pk]))
    assert response.status_code == 302 and response.url == PAGE
    match.refresh_from_db()
    assert match.status == "resolved" and match.resolved_by == cast.users["priya"]
    assert str(match.pk) not in client.get(PAGE).content.decode()
    assert AccessLogRecord.objects.filter(event_code="possible_match.resolve",
                                          username="priya").exists()


@pytest.mark.parametrize("username", ["olga", "lotte", "tamara", "gert"])
def test_anyone_else_gets_the_logged_404(login, cast, match, username):
    client = login(username)
    assert client.get(PAGE).status_code == 404
    response = client.post(reverse("web:possible_match_resolve", args=[match.pk]))
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == "open"
    refused = AccessLogRecord.objects.filter(result="refused", username=username)
    assert {r.event_code for r in refused} == {"possible_match.queue",
                                               "possible_match.resolve"}


def test_an_empty_queue_is_logged_as_the_screen(login, cast):
    assert login("priya").get(PAGE).status_code == 200
    record = AccessLogRecord.objects.get(event_code="possible_match.queue")
    assert (record.object_type, record.object_ids) == ("screen", ["mogelijke-matches"])
    assert record.result == "granted" and record.subject_ids == []
