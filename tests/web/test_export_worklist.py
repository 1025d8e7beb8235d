"""'Mijn werkvoorraad' as a CSV or XLSX download: the page's rows, all of them, no more."""


import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.synthetic.personas import add_family_logins
from netwerkdossier.web.views import worklist
from netwerkdossier.web.views.worklist_export import cells, headers
from tests.audit.helpers import newest_log_id
from tests.web.export_files import csv_rows, xlsx_rows

WORKLIST = reverse("web:worklist")


def shown(client) -> list[list[str]]:
    """The page's table for this user, as the export's lines."""
    return [[str(c) for c in cells(r)] for r in client.get(WORKLIST).context["rows"]]


@pytest.fixture
def insiders(team_member):
    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")


# username, purpose (None: the one purpose the role implies)
PEOPLE = [("lotte", "hulpverlening"), ("ruben", "hulpverlening"), ("gert", "hulpverlening"),
          ("tamara", "hulpverlening"), ("piet", None), ("rianne", "advies_rechter"),
          ("olga", "hulpverlening")]


@pytest.mark.parametrize("username, purpose", PEOPLE)
def test_each_professional_gets_exactly_the_rows_of_their_page(login, cast, insiders,
                                                               username, purpose):
    client = login(username, purpose=purpose)
    expected = shown(client)
    response = client.get(WORKLIST, {"formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="werkvoorraad-')
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0] == headers()
    assert rows[1:] == expected
    xlsx = client.get(WORKLIST, {"formaat": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert xlsx_rows(xlsx) == rows


def test_columns_in_words_and_local_dates_as_on_the_page(login, cast):
    client = login("lotte")
    html = client.get(WORKLIST).content.decode()
    [row] = csv_rows(client.get(WORKLIST, {"formaat": "csv"}))[1:]
    assert row[0] == "Gezin Jansen" and row[2] == "Fase 1: directe veiligheid"
    assert row[6] == "Casusregisseur"
    # The deadline as the page writes it ("3 maart 2026"), not an ISO date.
    assert row[3] in html and "-" not in row[3] and row[3].split()[1].isalpha()
    assert row[4] in html and row[5] in html


def test_an_outsider_exports_only_her_own_empty_worklist(login, cast):
    before = newest_log_id()
    rows = csv_rows(login("olga").get(WORKLIST, {"formaat": "csv"}))
    assert rows == [headers()]
    assert "Gezin Jansen" not in "".join(map("".join, rows))
    assert not AccessLogRecord.objects.filter(pk__gt=before,
                                              event_code="case.export.list").exists()


def test_the_export_is_logged_as_the_page_logs_its_list(login, cast):
    client = login("lotte")
    client.get(WORKLIST)
    page = AccessLogRecord.objects.filter(event_code="case.list").latest("pk")
    before = newest_log_id()
    client.get(WORKLIST, {"formaat": "xlsx"})
    [record] = AccessLogRecord.objects.filter(pk__gt=before)
    assert record.event_code == "case.export.list"  # a list, as "case.list"
    assert (record.result, record.username, record.action) == ("granted", "lotte", "R")
    assert record.object_type == page.object_type == "case"
    assert record.object_ids == page.object_ids == [str(cast.case.pk)]
    assert set(record.subject_ids) == set(page.subject_ids) and record.subject_ids
    assert record.rule == page.rule


def test_all_cases_are_exported_not_only_the_page(login, cast, monkeypatch):
    lotte = cast.users["lotte"]
    today = timezone.localdate()
    for n in range(3):
        case = Case.objects.create(
            household=cast.household, region=cast.case.region,
            lead_organisation=cast.case.lead_organisation, title=f"Extra traject {n}",
            opened_on=today, phase_since=today)
        TeamAssignment.objects.create(case=case, user=lotte, role="casusregisseur",
                                      organisation=lotte.memberships.first().organisation,
                                      valid_from=today)
    monkeypatch.setattr(worklist, "LIMIT", 2)
    client = login("lotte")
    assert len(client.get(WORKLIST).context["rows"]) == 2
    rows = csv_rows(client.get(WORKLIST, {"formaat": "csv"}))
    assert len(rows) == 1 + 4
    assert sum(r[1].startswith("Extra traject") for r in rows) == 3
    monkeypatch.setattr(worklist, "LIMIT", 200)
    assert rows[1:] == shown(client)  # the same rows as a page without the limit


def test_above_the_maximum_the_page_with_a_message(login, cast, monkeypatch):
    monkeypatch.setattr(worklist, "MAX_ROWS", 0)
    monkeypatch.setattr("netwerkdossier.web.views.worklist_export.MAX_ROWS", 0)
    before = newest_log_id()
    response = login("lotte").get(WORKLIST, {"formaat": "csv"}, follow=True)
    assert response.redirect_chain[0][0] == WORKLIST
    assert "zo veel kunnen niet in één download" in response.content.decode()
    assert not AccessLogRecord.objects.filter(pk__gt=before,
                                              event_code="case.export.list").exists()


def test_a_family_session_cannot_reach_the_export(client, cast):
    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    response = client.get(WORKLIST, {"formaat": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert "attachment" not in response.get("Content-Disposition", "")
    assert not AccessLogRecord.objects.filter(event_code__startswith="case.").exists()


@pytest.mark.parametrize("fmt", ["pdf", "", "CSV", "x" * 500])
def test_a_bad_format_is_the_normal_page(login, cast, fmt):
    response = login("lotte").get(WORKLIST, {"formaat": fmt})
    assert response.status_code == 200
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "Download als Excel" in response.content.decode()
    assert not AccessLogRecord.objects.filter(event_code="case.export.list").exists()


def test_the_page_offers_both_downloads(login, cast):
    html = login("lotte").get(WORKLIST).content.decode()
    assert 'href="?formaat=csv"' in html and 'href="?formaat=xlsx"' in html
    assert "Download als CSV" in html and "Download als Excel" in html
