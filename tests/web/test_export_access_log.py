"""The privacy officer's access-log query as a CSV or XLSX download."""

import io

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from openpyxl import load_workbook

from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic.personas import add_family_logins
from netwerkdossier.web import exports
from netwerkdossier.web.views import access_log_export
from netwerkdossier.web.views.access_log_export import _headers, _row
from tests.audit.helpers import newest_log_id
from tests.web.export_files import csv_rows, xlsx_rows

LOG = reverse("web:access_log")


@pytest.fixture
def activity(login, cast):
    """Some log: Lotte opens the household, Olga is refused an entry."""
    login("lotte").get(reverse("web:household", args=[cast.household.pk]))
    login("olga").get(reverse("web:entry", args=[cast.entries["secrecy"].pk]))


@pytest.mark.parametrize("params", [{"professional": "olga"},
                                    {"persoon": "111222333"},
                                    {"professional": "lotte", "resultaat": "granted"}])
def test_the_export_holds_the_rows_of_the_page(login, cast, activity, params):
    client = login("priya")
    page = client.get(LOG, params)
    # The officer's own searches for the person are in the log too, and each request
    # adds one: compare everyone else's rows.
    expected = [[str(c) for c in _row(r)] for r in page.context["rows"]
                if r.username != "priya"]
    assert expected
    response = client.get(LOG, {**params, "formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="toegangslog-')
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0] == _headers() and [r for r in rows[1:] if r[1] != "priya"] == expected
    xlsx = client.get(LOG, {**params, "formaat": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [r for r in xlsx_rows(xlsx) if r[1] != "priya"] == \
        [r for r in rows if r[1] != "priya"]


def test_names_and_local_time_as_on_the_page(login, cast, activity):
    client = login("priya")
    [row] = csv_rows(client.get(LOG, {"professional": "olga", "formaat": "csv"}))[1:]
    html = client.get(LOG, {"professional": "olga"}).content.decode()
    assert row[0] in html  # dd-mm-jjjj uu:mm:ss, Europe/Amsterdam, as the page
    assert row[1:3] == ["olga", "Wijkteam Zuiderhaven"]
    assert row[6] == "Geweigerd" and row[7] == "nee"


def test_all_pages_and_the_limit(login, cast, ctx_of, monkeypatch):
    append(ctx_of("lotte"), [LogEvent(event_code="household.read", action="R",
                                      object_type="household", object_ids=[cast.household.pk],
                                      rule="team") for _ in range(60)])
    client = login("priya")
    assert len(client.get(LOG, {"professional": "lotte"}).context["rows"]) == 50
    rows = csv_rows(client.get(LOG, {"professional": "lotte", "formaat": "csv"}))
    assert len(rows) == 61
    monkeypatch.setattr(access_log_export, "MAX_ROWS", 59)
    before = newest_log_id()
    response = client.get(LOG, {"professional": "lotte", "formaat": "xlsx"}, follow=True)
    assert response.redirect_chain[0][0] == f"{LOG}?professional=lotte"
    assert "Kies een kortere periode" in response.content.decode()
    assert not AccessLogRecord.objects.filter(pk__gt=before,
                                              event_code__startswith="audit.export").exists()


def test_the_export_is_logged_with_what_it_held(login, cast, activity):
    client = login("priya")
    params = {"professional": "lotte", "resultaat": "granted", "van": "2000-01-01",
              "persoon": cast.mother.bsn}
    ids = [str(r.pk) for r in client.get(LOG, params).context["rows"]]
    before = newest_log_id()
    rows = csv_rows(client.get(LOG, {**params, "formaat": "csv"}))
    assert len(rows) - 1 == len(ids) > 0
    record = AccessLogRecord.objects.get(pk__gt=before, event_code="audit.export")
    assert record.object_type == "access_log" and record.object_ids == ids
    assert record.subject_ids == [str(cast.mother.pk)] and record.purpose == "toezicht"
    query = AccessLogRecord.objects.get(pk__gt=before, event_code="audit.export.query")
    assert query.object_type == "export" and query.rule == "privacy_officer"
    assert query.object_ids == ["formaat=csv", f"aantal={len(ids)}", "van=2000-01-01",
                                "resultaat=granted", f"professional={cast.users['lotte'].uuid}",
                                "personen=1"]
    # No free text: a typed username that is nobody is logged as "onbekend".
    client.get(LOG, {"professional": "=iemand typt iets", "formaat": "xlsx"})
    query = AccessLogRecord.objects.filter(event_code="audit.export.query").latest("pk")
    assert query.object_ids == ["formaat=xlsx", "aantal=0", "professional=onbekend"]


def test_export_records_are_the_exported_rows(login, cast, activity):
    client = login("priya")
    ids = [str(r.pk) for r in client.get(LOG, {"professional": "lotte"}).context["rows"]]
    before = newest_log_id()
    client.get(LOG, {"professional": "lotte", "formaat": "xlsx"})
    record = AccessLogRecord.objects.get(pk__gt=before, event_code="audit.export")
    assert record.object_ids == ids and record.object_type == "access_log"


@pytest.mark.parametrize("username, purpose", [
    ("lotte", "hulpverlening"), ("olga", "hulpverlening"), ("tamara", "hulpverlening"),
    ("gert", "hulpverlening"), ("piet", None), ("rianne", "advies_rechter")])
def test_anyone_but_the_privacy_officer_gets_a_logged_404(login, cast, team_member,
                                                          username, purpose):
    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")
    client = login(username, purpose=purpose)
    for fmt in ("csv", "xlsx"):
        before = newest_log_id()
        response = client.get(LOG, {"formaat": fmt})
        assert response.status_code == 404
        assert "attachment" not in response.get("Content-Disposition", "")
        record = AccessLogRecord.objects.get(pk__gt=before)
        assert (record.event_code, record.result, record.username) == (
            "audit.export", "refused", username)


def test_a_family_session_cannot_reach_the_export(client, cast):
    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    response = client.get(LOG, {"formaat": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert not AccessLogRecord.objects.filter(event_code__startswith="audit.").exists()


@pytest.mark.parametrize("fmt", ["pdf", "", "XLSX", "x" * 500])
def test_a_bad_format_is_the_normal_page(login, cast, fmt):
    response = login("priya").get(LOG, {"formaat": fmt})
    assert response.status_code == 200 and "Download als Excel" in response.content.decode()
    assert not AccessLogRecord.objects.filter(event_code__startswith="audit.export").exists()


def test_bad_filters_show_the_page_with_errors(login, cast):
    response = login("priya").get(LOG, {"persoon": "123", "formaat": "csv"})
    assert response.status_code == 200 and "Dit BSN klopt niet." in response.content.decode()


def test_the_page_links_the_downloads_with_its_filters(login, cast):
    html = login("priya").get(LOG, {"professional": "olga", "pagina": 2}).content.decode()
    assert '?professional=olga&amp;formaat=csv"' in html
    assert '?professional=olga&amp;formaat=xlsx"' in html


@pytest.mark.parametrize("value", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_become_text(value):
    assert exports.safe_cell(value) == "'" + value
    response = exports.export_response("xlsx", "proef", ["Kop"], [[value]])
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    # (XML turns a carriage return into a line feed.)
    assert cell.data_type == "s" and cell.value == "'" + value.replace("\r", "\n")
    text = exports.export_response("csv", "proef", ["Kop"], [[value]]).content.decode()
    assert ("'" + value) in text


def test_plain_cells_and_control_characters():
    assert exports.safe_cell("Noor 9 jaar") == "Noor 9 jaar"
    assert exports.safe_cell(3) == 3 and exports.safe_cell(None) == ""
    response = exports.export_response("xlsx", "proef", ["Kop"], [["a\x00b\x07c"]])
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "abc"
