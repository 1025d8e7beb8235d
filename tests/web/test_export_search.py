"""Search results as a CSV or XLSX download: the page's results for the same query."""


import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.queries import SEARCH_EVENTS_SUFFIX
from netwerkdossier.synthetic.personas import add_family_logins
from netwerkdossier.web.views.search_export import headers, lines
from tests.audit.helpers import newest_log_id
from tests.web.export_files import csv_rows, xlsx_rows
from tests.web.test_case_table_minimal_picture import open_seat

SEARCH = reverse("web:search")


def shown(client, query) -> tuple[list[list[str]], str]:
    """The page's results for `query` as the export's lines, and the page's HTML."""
    page = client.get(SEARCH, {"q": query})
    rows = [[str(c) for c in line]
            for line in lines(page.context["persons"], page.context["households"])]
    return rows, page.content.decode()


@pytest.fixture
def insiders(team_member):
    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")


# username, purpose (None: the one purpose the role implies)
PEOPLE = [("lotte", "hulpverlening"), ("ruben", "hulpverlening"), ("gert", "hulpverlening"),
          ("tamara", "hulpverlening"), ("piet", None), ("rianne", "advies_rechter"),
          ("olga", "hulpverlening")]
QUERIES = ["jansen", "Gezin Jan", "100000010", "Mark de Boer"]


@pytest.mark.parametrize("username, purpose", PEOPLE)
def test_each_professional_gets_exactly_the_results_of_their_page(login, cast, insiders,
                                                                  username, purpose):
    client = login(username, purpose=purpose)
    for query in QUERIES:
        expected, html = shown(client, query)
        response = client.get(SEARCH, {"q": query, "formaat": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="zoekresultaten-')
        assert "no-store" in response["Cache-Control"]
        rows = csv_rows(response)
        assert rows[0] == headers()
        assert rows[1:] == expected, (username, query)
        for row in rows[1:]:  # every name, date and household also on the page
            assert all(part in html for part in (row[1], row[2], row[4]))
            for household in filter(None, row[3].split("; ")):
                assert household.split(" (")[0] in html or household == "nog geen huishouden"
        xlsx = client.get(SEARCH, {"q": query, "formaat": "xlsx"})
        assert xlsx["Content-Disposition"].endswith('.xlsx"')
        assert xlsx_rows(xlsx) == rows


def test_persons_and_households_in_words(login, cast):
    client = login("lotte")
    rows = csv_rows(client.get(SEARCH, {"q": "jansen", "formaat": "csv"}))[1:]
    noor = next(r for r in rows if r[1] == "Noor Jansen")
    assert noor[0] == "Persoon" and noor[2] == cast.noor.birth_date.strftime("%d-%m-%Y")
    assert noor[3].startswith("Gezin Jansen (")
    household = next(r for r in rows if r[0] == "Huishouden")
    assert household[1] == "Gezin Jansen" and household[4] == cast.household.municipality


def test_an_outsider_exports_only_what_her_page_shows(login, cast):
    client = login("olga")
    for query in ("jansen", "100000009"):
        expected, html = shown(client, query)
        rows = csv_rows(client.get(SEARCH, {"q": query, "formaat": "csv"}))
        assert rows[1:] == expected
        assert "Noor" not in "".join(map("".join, rows))
    assert not AccessLogRecord.objects.filter(
        event_code__in=("person.export.search", "household.export.search")).exists()


def test_a_case_table_seat_exports_the_household_by_name_and_no_persons(login, cast):
    """Olga with a seat finds the household by its members' names, but no persons
    (decision 0018): the export holds what her page holds, no birth date, no member."""
    open_seat(cast)
    client = login("olga")
    expected, html = shown(client, "Jansen")
    rows = csv_rows(client.get(SEARCH, {"q": "Jansen", "formaat": "csv"}))
    assert rows[1:] == expected == [["Huishouden", "Gezin Jansen", "", "", ""]]
    content = "".join(map("".join, rows))
    assert cast.household.municipality not in content  # part of the address
    assert cast.noor.full_name not in content
    assert cast.noor.birth_date.strftime("%d-%m-%Y") not in content
    assert not AccessLogRecord.objects.filter(event_code="person.export.search").exists()
    assert AccessLogRecord.objects.get(event_code="household.export.search").object_ids \
        == [str(cast.household.pk)]
    # By BSN a seat finds nothing, in the export as on the page.
    assert csv_rows(client.get(SEARCH, {"q": "100000010", "formaat": "csv"})) == [headers()]


def test_the_export_is_logged_as_result_lists_like_the_page(login, cast):
    client = login("lotte")
    before = newest_log_id()
    client.get(SEARCH, {"q": "jansen"})
    page = {r.event_code: r for r in AccessLogRecord.objects.filter(pk__gt=before)}
    before = newest_log_id()
    client.get(SEARCH, {"q": "jansen", "formaat": "xlsx"})
    export = {r.event_code: r for r in AccessLogRecord.objects.filter(pk__gt=before)}
    assert set(page) == {"person.search", "household.search"}
    assert set(export) == {"person.export.search", "household.export.search"}
    # A result list, not an opened household (audit/queries.py, the family portal).
    assert all(code.endswith(SEARCH_EVENTS_SUFFIX) for code in export)
    for kind in ("person", "household"):
        listed, exported = page[f"{kind}.search"], export[f"{kind}.export.search"]
        assert exported.object_ids == listed.object_ids and exported.object_ids
        assert set(exported.subject_ids) == set(listed.subject_ids)
        assert (exported.object_type, exported.rule) == (listed.object_type, listed.rule)
        assert (exported.result, exported.username) == ("granted", "lotte")


def test_a_family_session_cannot_reach_the_export(client, cast):
    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    response = client.get(SEARCH, {"q": "jansen", "formaat": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert not AccessLogRecord.objects.filter(event_code__contains=".search").exists()


@pytest.mark.parametrize("params", [{"q": "jansen", "formaat": "pdf"},
                                    {"q": "jansen", "formaat": ""},
                                    {"q": "jansen", "formaat": "XLSX"},
                                    {"q": "jansen", "formaat": "x" * 500},
                                    {"formaat": "csv"}, {"q": "", "formaat": "xlsx"},
                                    {"q": "x" * 500, "formaat": "csv"}])
def test_a_bad_format_or_no_query_is_the_normal_page(login, cast, params):
    response = login("lotte").get(SEARCH, params)
    assert response.status_code == 200
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "<h1" in response.content.decode()
    assert not AccessLogRecord.objects.filter(event_code__contains=".export.").exists()


def test_the_page_links_the_downloads_with_its_query(login, cast):
    html = login("lotte").get(SEARCH, {"q": "noor jansen"}).content.decode()
    assert 'href="?q=noor+jansen&amp;formaat=csv"' in html
    assert 'href="?q=noor+jansen&amp;formaat=xlsx"' in html
    html = login("olga").get(SEARCH, {"q": "jansen"}).content.decode()
    assert "Download als CSV" not in html  # nothing found, nothing to download
