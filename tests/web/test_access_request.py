"""A written request for access answered by a professional: the portal's document for one
member, through the professional's own access rules, logged; outsiders and insiders
without a team relation get the logged 404."""

import json

import pytest
from django.urls import reverse

from netwerkdossier.access.api import READ, visible
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from tests.audit.helpers import newest_log_id
from tests.portal import download_data as data
from tests.portal.expectations import TABLE, all_texts, expected
from tests.portal.pdf import document_text as pdf_text
from tests.web.test_case_table_minimal_picture import open_seat

pytestmark = pytest.mark.django_db

# username, purpose (None: the one purpose the role implies)
INSIDERS = [("lotte", "hulpverlening"), ("ruben", "hulpverlening"), ("gert", "hulpverlening"),
            ("tamara", "hulpverlening"), ("piet", None), ("rianne", "advies_rechter")]
MEMBERS = {"sanne": "mother", "mark": "father", "daan": "daan", "lieke": "lieke"}


@pytest.fixture
def filled(cast, ctx_of, team_member):
    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")
    return all_texts(cast, data.fill(cast, ctx_of))


def url(person, fmt=""):
    path = reverse("web:access_request", args=[person.pk])
    return f"{path}?formaat={fmt}" if fmt else path


def texts_readable_by(ctx, texts) -> set:
    entries = visible(ctx, READ, Entry.objects.filter(is_current=True))
    return set(entries.values_list("text", flat=True)) & set(texts.values())


@pytest.mark.parametrize("username, purpose", INSIDERS)
@pytest.mark.parametrize("member", sorted(MEMBERS))
def test_never_more_than_both_the_member_and_the_professional_may_read(
        login, cast, ctx_of, filled, username, purpose, member):
    client = login(username, purpose=purpose)
    person = getattr(cast, MEMBERS[member])
    response = client.get(url(person, "json"))
    assert response.status_code == 200
    doc = json.loads(response.content)
    seen, _hidden = expected(member)
    member_texts = {filled[k] for k in seen}
    professional = texts_readable_by(ctx_of(username, purpose=purpose), filled)
    table = {filled[k] for k in TABLE}
    got = {e["tekst"] for e in doc["aantekeningen"] if e["huidige_versie"]} & table
    assert got == member_texts & professional & table, (username, member)
    assert doc["gemaakt_voor"]["naam"] == person.full_name
    assert doc["gemaakt_door"]["naam"] == cast.users[username].get_full_name()
    assert doc["wie_keek"] is None  # the privacy officer's part


def test_an_insider_who_must_see_less_gets_less(login, cast, filled):
    lotte = {e["tekst"] for e in json.loads(
        login("lotte").get(url(cast.mother, "json")).content)["aantekeningen"]}
    gert = {e["tekst"] for e in json.loads(
        login("gert").get(url(cast.mother, "json")).content)["aantekeningen"]}
    # The wijkteam's internal note is Sanne's to read and Lotte's, never GGZ's.
    assert filled["org_note"] in lotte and filled["org_note"] not in gert
    assert gert < lotte


def test_the_pdf_is_the_portal_document_and_the_download_is_logged(login, cast, filled):
    before = newest_log_id()
    response = login("lotte").get(url(cast.daan, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="inzage-')
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Voor: Daan Jansen" in text and "Gemaakt door Lotte Visser" in text
    assert filled["daan_confidential"] in text and filled["lieke_confidential"] not in text
    assert data.AGREEMENT_DAAN in text and data.AGREEMENT_FATHER not in text
    assert "functionaris gegevensbescherming" in text
    records = list(AccessLogRecord.objects.filter(pk__gt=before,
                                                  event_code="access_request.export"))
    kinds = {r.object_type for r in records}
    assert {"person", "household", "case", "entry", "agreement", "analysis_version"} <= kinds
    assert all(r.username == "lotte" and r.channel == "web" and r.result == "granted"
               for r in records)
    person = next(r for r in records if r.object_type == "person"
                  and r.object_ids == [str(cast.daan.pk)])
    assert str(cast.daan.pk) in person.subject_ids
    entries = next(r for r in records if r.object_type == "entry")
    assert str(cast.entries["lieke_confidential"].pk) not in entries.object_ids


def test_the_page_explains_and_is_logged(login, cast, filled):
    before = newest_log_id()
    response = login("lotte").get(url(cast.mother))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verzoek om inzage van Sanne Jansen" in html and "?formaat=pdf" in html
    assert "Besluiten en hoe u bezwaar maakt" in html
    record = AccessLogRecord.objects.get(pk__gt=before, event_code="access_request.read")
    assert record.object_ids == [str(cast.mother.pk)] and record.result == "granted"
    # The household page links to it for each member.
    household = login("lotte").get(reverse("web:household", args=[cast.household.pk]))
    assert url(cast.mother) in household.content.decode()


@pytest.mark.parametrize("fmt", ["", "pdf", "json"])
def test_a_child_under_12_is_answered_through_a_parent(login, cast, filled, fmt):
    response = login("lotte").get(url(cast.noor, fmt))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Een ouder of voogd met gezag vraagt de gegevens" in response.content.decode()


@pytest.mark.parametrize("fmt, status", [("xlsx", 200), ("../../etc", 200), ("PDF", 200),
                                         ("pdf%00", 400)])
def test_odd_formats_show_the_page_never_a_500(login, cast, filled, fmt, status):
    response = login("lotte").get(url(cast.mother) + f"?formaat={fmt}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("fmt", ["", "pdf", "json"])
def test_outsider_gets_a_logged_404(login, cast, filled, fmt):
    before = newest_log_id()
    response = login("olga").get(url(cast.mother, fmt))
    assert response.status_code == 404
    assert b"Sanne" not in response.content
    refused = AccessLogRecord.objects.get(pk__gt=before)
    assert (refused.event_code, refused.result, refused.username) == (
        "access_request.read", "refused", "olga")
    assert refused.object_ids == [str(cast.mother.pk)]


def test_the_privacy_officer_reads_no_dossier_and_gets_a_404(login, cast, filled):
    before = newest_log_id()
    assert login("priya", purpose=None).get(url(cast.mother, "pdf")).status_code == 404
    assert AccessLogRecord.objects.filter(pk__gt=before, result="refused").exists()


def test_a_case_table_seat_or_emergency_access_is_no_way_in(login, cast, ctx_of, filled):
    from netwerkdossier.access.break_glass import start_break_glass

    open_seat(cast, username="olga")
    before = newest_log_id()
    assert login("olga").get(url(cast.mother, "pdf")).status_code == 404
    start_break_glass(ctx_of("olga"), cast.household,
                      "Acute zorg om de veiligheid van de kinderen, politie belde.")
    assert login("olga").get(url(cast.mother, "json")).status_code == 404
    refused = AccessLogRecord.objects.filter(pk__gt=before, event_code="access_request.read",
                                             result="refused")
    assert refused.count() == 2


@pytest.mark.parametrize("username, purpose", [("tamara", "hulpverlening"),
                                               ("rianne", "advies_rechter"),
                                               ("ruben", "hulpverlening")])
def test_the_analysis_points_on_health_and_justice_follow_the_analysis_page(
        login, cast, ctx_of, team_member, username, purpose):
    """The team manager and the Raad read the analysis without its health and justice
    points (analysis.services.sees_sensitive): so does their copy of a member's access
    document. Ruben, whose organisation wrote the analysis, reads them in both."""
    from netwerkdossier.analysis.services import sees_sensitive
    from netwerkdossier.synthetic import analysis_demo

    team_member("rianne", "rvdk", "raadsonderzoeker")
    version = analysis_demo.build(cast)["versions"][-1]
    ctx = ctx_of(username, purpose=purpose)
    allowed = sees_sensitive(ctx, cast.household.pk, version)
    assert allowed == (username == "ruben")
    client = login(username, purpose=purpose)
    page = client.get(reverse("analysis:analysis", args=[cast.household.pk])).content.decode()
    for person, text in ((cast.mother, "vaak somber"), (cast.father, "contactverbod")):
        doc = json.loads(client.get(url(person, "json")).content)
        points = " ".join(p["tekst"] for p in doc["analyse"]["punten"])
        assert (text in points) == allowed == (text in page), (username, text)


def test_the_document_names_no_household_the_professional_may_not_read(login, cast):
    """Daan also lives in a household Olga registered; she may not open Gezin Jansen.
    Her copy of his data is about the household both may read, never the other one."""
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.households.models import Household, HouseholdMember

    olga = cast.users["olga"]
    own = Household.objects.create(
        name="Gezin Daan elders", municipality="Zuiderhaven", street="Havenweg 3",
        postcode="9999 ZZ", region=cast.household.region, created_by=olga,
        owner_organisation=olga.memberships.get().organisation)
    HouseholdMember.objects.create(household=own, person=cast.daan, relation="child",
                                   valid_from=timezone.localdate() - timedelta(days=10))
    client = login("olga")
    assert client.get(reverse("web:household", args=[cast.household.pk])).status_code == 404
    first = newest_log_id()
    response = client.get(reverse("web:access_request", args=[cast.daan.pk]),
                          {"formaat": "json"})
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["huishouden"]["id"] == str(own.pk)
    assert "Lindelaan" not in response.content.decode()
    logged = AccessLogRecord.objects.filter(id__gt=first, event_code="access_request.export")
    assert not any(str(cast.household.pk) in r.object_ids for r in logged)
