"""X-Purpose: required where several purposes are possible, never a silent default."""

import pytest

from netwerkdossier.access.break_glass import start_break_glass
from netwerkdossier.audit.models import AccessLogRecord

from .conftest import assert_problem

pytestmark = pytest.mark.django_db

REASON = "Acute zorgen gemeld door de politie, het team is niet bereikbaar."


def household(cast):
    return f"/api/v1/households/{cast.household.pk}"


def test_missing_header_with_several_purposes_is_a_dutch_problem(api_as, cast):
    response = api_as("lotte", purpose=None).get(household(cast))
    body = assert_problem(response, 400)
    assert body["detail"] == (
        "Geef in de header X-Purpose aan voor welk doel u werkt. Mogelijk: hulpverlening "
        "(Hulpverlening), veiligheidsbeoordeling (Veiligheidsbeoordeling).")
    assert body["purposes"] == ["hulpverlening", "veiligheidsbeoordeling"]
    assert body["invalid_params"][0]["name"] == "X-Purpose"
    assert not AccessLogRecord.objects.exists()  # nothing was read


def test_missing_header_with_one_purpose_works_under_it(api_as, cast, team_member):
    assert api_as("gert", purpose=None).get(household(cast)).status_code == 200  # GGZ
    team_member("piet", "politie", "politie")
    assert api_as("piet", purpose=None).get(household(cast)).status_code == 200
    reads = AccessLogRecord.objects.filter(event_code="api.household.read")
    assert {(r.username, r.purpose) for r in reads} == {
        ("gert", "hulpverlening"), ("piet", "veiligheidsbeoordeling")}


@pytest.mark.parametrize("value,lead", [
    ("zomaar", "Dit doel bestaat niet (header X-Purpose)."),
    ("noodtoegang", "Dit doel bestaat niet (header X-Purpose)."),  # never chosen
    ("advies_rechter", "Voor dit doel mag u niet werken (header X-Purpose)."),
    ("management", "Voor dit doel mag u niet werken (header X-Purpose)."),
])
def test_unknown_or_not_allowed_purpose_is_refused(api_as, cast, value, lead):
    # Before: silently read as "hulpverlening".
    response = api_as("lotte", purpose=value).get(household(cast))
    body = assert_problem(response, 400)
    assert body["detail"].startswith(lead)
    assert "hulpverlening (Hulpverlening)" in body["detail"]
    assert not AccessLogRecord.objects.exists()


def test_outsider_gets_the_same_problem_for_any_id(api_as, cast):
    olga = api_as("olga", purpose=None)
    known = olga.get(household(cast))
    unknown = olga.get("/api/v1/households/00000000-0000-4000-8000-000000000000")
    assert assert_problem(known, 400) == assert_problem(unknown, 400)


def test_raad_member_reads_under_advies_rechter_and_it_is_logged(api_as, cast, team_member):
    team_member("rosa", "rvdk", "raadsonderzoeker")
    report = cast.entries["report"]
    url = f"/api/v1/entries/{report.pk}"
    assert_problem(api_as("rosa", purpose=None).get(url), 400)
    assert_problem(api_as("rosa", purpose="hulpverlening").get(url), 400)
    response = api_as("rosa", purpose="advies_rechter").get(url)
    assert response.status_code == 200 and response.json()["text"] == report.text
    record = AccessLogRecord.objects.get(event_code="api.entry.read")
    assert (record.username, record.purpose) == ("rosa", "advies_rechter")


def test_reads_under_emergency_access_are_logged_as_noodtoegang(api_as, cast, ctx_of):
    start_break_glass(ctx_of("olga"), cast.household, REASON)
    olga = api_as("olga", purpose="veiligheidsbeoordeling")
    assert olga.get(household(cast)).status_code == 200
    assert olga.get("/api/v1/entries", {"household": cast.household.pk}).status_code == 200
    reads = AccessLogRecord.objects.filter(event_code__in=["api.household.read",
                                                           "api.entry.list"])
    assert {r.event_code for r in reads} == {"api.household.read", "api.entry.list"}
    assert {(r.purpose, r.break_glass) for r in reads} == {("noodtoegang", True)}
