"""The household timeline as a CSV or XLSX download: what the page shows, no more."""

import io

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from openpyxl import load_workbook

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic.personas import add_family_logins
from netwerkdossier.web.timeline_export import cells, headers
from tests.web.export_files import csv_rows, xlsx_rows


def page_url(cast):
    return reverse("web:household", args=[cast.household.pk])


def export_url(cast):
    return reverse("web:timeline", args=[cast.household.pk])


def shown(client, cast, **filters) -> list[list[str]]:
    """The page's timeline for these filters, as the export's lines."""
    timeline = client.get(page_url(cast), filters).context["timeline"]
    assert not timeline.has_next  # the cast's timeline fits on one page
    return [[str(c) for c in cells(r)] for r in timeline.items]


@pytest.fixture
def insiders(team_member):
    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")


# username, purpose (None: the one purpose the role implies)
PEOPLE = [("lotte", "hulpverlening"), ("ruben", "hulpverlening"), ("gert", "hulpverlening"),
          ("tamara", "hulpverlening"), ("piet", None), ("rianne", "advies_rechter")]


@pytest.mark.parametrize("username, purpose", PEOPLE)
def test_each_professional_gets_exactly_what_the_page_shows(login, cast, insiders,
                                                            username, purpose):
    client = login(username, purpose=purpose)
    expected = shown(client, cast)
    response = client.get(export_url(cast), {"formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="tijdlijn-huishouden-')
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0] == headers()
    assert rows[1:] == expected
    xlsx = client.get(export_url(cast), {"formaat": "xlsx"})
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert xlsx_rows(xlsx) == rows


def test_secrets_stay_secret_and_placeholders_stay_placeholders(login, cast, insiders):
    secret = cast.entries["secrecy"].text
    assert secret in login("gert").get(export_url(cast), {"formaat": "csv"}).content.decode()
    for username, purpose in PEOPLE:
        if username == "gert":
            continue
        content = login(username, purpose=purpose).get(
            export_url(cast), {"formaat": "csv"}).content.decode()
        assert secret not in content, username
    # Gert may know five entries of others exist: placeholders, as on the page, with
    # nothing of their author, subjects or text.
    rows = csv_rows(login("gert").get(export_url(cast), {"formaat": "csv"}))
    hidden = [r for r in rows if r[1] == "Aantekening die u niet kunt inzien"]
    assert len(hidden) == 5 and all(r[2] == r[4] == r[5] == "" for r in hidden)
    assert all(r[6].startswith("Er is een aantekening van ") for r in hidden)
    content = "\n".join(";".join(r) for r in rows)
    for key in ("conversation", "org_note", "father", "lieke_confidential", "third_party"):
        assert cast.entries[key].text not in content


def test_filters_are_those_of_the_page(login, cast):
    client = login("lotte")
    params = {"soort": "conversation"}
    rows = csv_rows(client.get(export_url(cast), {**params, "formaat": "csv"}))
    assert rows[1:] == shown(client, cast, **params)
    assert rows[1:] and all(r[1] == "Gesprek" for r in rows[1:])


def test_the_export_is_logged_with_the_entries_it_held(login, cast):
    client = login("gert")
    timeline = client.get(page_url(cast)).context["timeline"]
    before = AccessLogRecord.objects.latest("pk").pk
    client.get(export_url(cast), {"formaat": "xlsx"})
    records = {r.event_code: r for r in AccessLogRecord.objects.filter(pk__gt=before)}
    assert set(records) == {"entry.export", "entry.export.placeholder"}
    read = records["entry.export"]
    assert read.result == "granted" and read.username == "gert"
    assert set(read.object_ids) == {str(e.pk) for e in timeline.entries}
    assert set(read.subject_ids) == {str(p) for e in timeline.entries for p in e.subject_ids}
    placeholder = records["entry.export.placeholder"]
    assert len(placeholder.object_ids) == 5
    assert set(placeholder.object_ids) == {str(p.pk) for p in timeline.placeholders}
    assert placeholder.subject_ids == []


def test_all_pages_are_exported(login, cast, make_entries):
    make_entries(30)
    client = login("lotte")
    assert client.get(page_url(cast)).context["timeline"].has_next
    rows = csv_rows(client.get(export_url(cast), {"formaat": "csv"}))
    assert sum(r[6].startswith("Extra aantekening") for r in rows) == 30


def test_cells_that_look_like_formulas_are_text(login, cast, make_entries):
    [entry] = make_entries(1)
    entry.text = '=HYPERLINK("http://example.org","klik")'
    entry.save(update_fields=["text"])
    client = login("lotte")
    rows = csv_rows(client.get(export_url(cast), {"formaat": "csv"}))
    assert ["'" + entry.text] == [r[6] for r in rows if "HYPERLINK" in r[6]]
    sheet = load_workbook(io.BytesIO(
        client.get(export_url(cast), {"formaat": "xlsx"}).content)).active
    [cell] = [c for row in sheet.iter_rows() for c in row
              if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cell.data_type == "s" and cell.value == "'" + entry.text


def test_outsider_gets_a_logged_404(login, cast):
    for fmt in ("csv", "xlsx"):
        response = login("olga").get(export_url(cast), {"formaat": fmt})
        assert response.status_code == 404
        assert "attachment" not in response.get("Content-Disposition", "")
    records = AccessLogRecord.objects.all()
    assert [(r.result, r.username) for r in records] == [("refused", "olga")] * 2
    assert all(r.object_ids == [str(cast.household.pk)] for r in records)


def test_a_family_session_cannot_reach_the_export(client, cast):
    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    response = client.get(export_url(cast), {"formaat": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert not AccessLogRecord.objects.filter(event_code__startswith="entry.").exists()


@pytest.mark.parametrize("fmt", ["pdf", "", "CSV", "x" * 500])
def test_a_bad_format_is_the_normal_answer(login, cast, fmt):
    response = login("lotte").get(export_url(cast), {"formaat": fmt})
    assert response.status_code == 302  # without htmx: to the household page
    assert response["Location"].startswith(page_url(cast))
    assert not AccessLogRecord.objects.filter(event_code__startswith="entry.export").exists()


def test_the_page_offers_both_downloads(login, cast):
    html = login("lotte").get(page_url(cast), {"soort": "note"}).content.decode()
    assert "Download als CSV" in html and "Download als Excel" in html
    assert f'{export_url(cast)}?soort=note&amp;formaat=xlsx' in html
