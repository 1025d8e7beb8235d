"""The data download (AVG art. 15) as a readable document: every section in B1 Dutch in
the PDF, a JSON that matches its documented schema, and per family login exactly what
their portal pages show them, no more."""

import json
import re
from pathlib import Path

import jsonschema_rs
import pytest

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.portal.access_pdf import section_titles
from tests.audit.helpers import newest_log_id
from tests.portal import download_data as data
from tests.portal.expectations import LOGINS, TABLE, all_texts, expected
from tests.portal.pdf import document_text as pdf_text
from tests.portal.test_analysis import EXPECTED as ANALYSIS

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "mijn-gegevens.schema.json"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Who reads which agreement of the safety plan (the home page's rule: the persons one
# acts for).
AGREEMENTS = {"sanne": {data.AGREEMENT_DAAN}, "mark": {data.AGREEMENT_FATHER},
              "daan": {data.AGREEMENT_DAAN}, "lieke": set()}


@pytest.fixture
def filled(cast, ctx_of):
    added = data.fill(cast, ctx_of)
    return all_texts(cast, added)


def download(client):
    response = client.get("/portaal/mijn-gegevens.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    pdf = client.get("/portaal/mijn-gegevens.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    return json.loads(response.content), pdf_text(pdf.content), pdf.content


def test_the_pdf_has_every_section_in_plain_words(filled, portal_login):
    _doc, text, raw = download(portal_login("sanne"))
    for title in section_titles():
        assert title in text, title
    # Names, local dates and plain words instead of ids, ISO times and booleans.
    assert "Lotte Visser, Wijkteam Noorderveld. Uw vaste contactpersoon (regie)." in text
    assert "E-mail: lotte@example.org" in text
    assert "Fase 1: eerst moet het nu veilig zijn" in text
    assert data.AGREEMENT_DAAN in text
    assert "Noor verstopt zich op haar kamer" in text  # the analysis
    assert data.STATEMENT in text and data.REQUEST in text
    assert "2 maart 2026" in text and "Om 14:05 (3 keer): Lotte Visser (hulpverlener)" in text
    assert "Olga Smit (hulpverlener) bekeek de gegevens van uw gezin" in text
    assert "Ja, met noodtoegang" in text and "Noodtoegang: Nee." in text
    assert "Niet eens met hoe het gaat?" in text  # no decision for her: the general routes
    assert data.UNICODE_TEXT in text  # ë, Ć, Cyrillic, Greek, € and – survive
    assert not UUID.search(text)
    assert not ISO_TIME.search(text)
    assert "True" not in text and "False" not in text and "None" not in text
    assert b"/Lang (nl-NL)" in raw and b"/StructTreeRoot" in raw and b"/Marked true" in raw
    assert b"/DisplayDocTitle true" in raw and b"/Outlines" in raw
    # Headings and paragraphs are structure elements, in reading order.
    assert raw.count(b"/S /H2") == len(section_titles()) and b"/S /H1" in raw
    assert raw.count(b"/S /P") > 20


def test_the_json_follows_its_schema(filled, portal_login):
    doc, _text, _raw = download(portal_login("sanne"))
    schema = json.loads(SCHEMA.read_text())
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(doc)]
    assert errors == []
    # Machine-readable: ids beside names, times with the Amsterdam offset.
    assert re.fullmatch(r".*T\d{2}:\d{2}:\d{2}\+0[12]:00", doc["gemaakt_op"])
    assert doc["gemaakt_voor"]["naam"] == "Sanne Jansen" and UUID.fullmatch(
        doc["gemaakt_voor"]["id"])
    assert any(row["noodtoegang"] is True for row in doc["wie_keek"])
    assert doc["gemaakt_door"] is None


def test_the_schema_refuses_what_it_does_not_describe(filled, portal_login):
    doc, _text, _raw = download(portal_login("sanne"))
    validator = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()))
    doc["aantekeningen"][0]["gebeurd_op"] = "2026-12-02T13:05:00.123456"  # no offset
    doc["geheim"] = "x"
    assert len(list(validator.iter_errors(doc))) == 2


@pytest.mark.parametrize("username", LOGINS)
def test_each_login_gets_what_their_pages_show_no_more(filled, portal_login, username):
    client = portal_login(username)
    doc, text, _raw = download(client)
    seen, hidden = expected(username)
    entries = {e["tekst"] for e in doc["aantekeningen"]}
    for key in TABLE:
        assert (filled[key] in entries) == (key in seen), (username, key)
        assert (filled[key] in text) == (key in seen), (username, key)
    # The same entries as the portal's own list.
    page = client.get("/portaal/aantekeningen").content.decode()
    for key in hidden:
        assert filled[key] not in page
    # The analysis as the analysis page shows it (tests/portal/test_analysis.py).
    shown, withheld = ANALYSIS[username]
    raw = json.dumps(doc, ensure_ascii=False)
    for words in shown:
        assert words in raw and words in text, (username, words)
    for words in withheld:
        assert words not in raw and words not in text, (username, words)
    # The safety-plan agreements of the home page.
    agreements = {data.AGREEMENT_DAAN, data.AGREEMENT_FATHER}
    assert {a for a in agreements if a in text} == AGREEMENTS[username]
    got = {a["wat"] for a in (doc["veiligheidsplan"] or {"afspraken": []})["afspraken"]}
    assert got == AGREEMENTS[username]


def test_decisions_come_with_how_to_object(filled, portal_login):
    doc, text, _raw = download(portal_login("mark"))  # the police decision about him
    assert [d["tekst"] for d in doc["besluiten"]] == [
        "Bekend bij politie: eerdere aangifte huiselijk geweld tegen vader."]
    assert doc["besluiten"][0]["bezwaar"]
    assert "Niet mee eens? Dit kunt u doen:" in text
    assert doc["besluiten"][0]["bezwaar"][0]["titel"] in text


def test_the_download_is_logged_with_every_kind_it_holds(filled, portal_login, cast):
    before = newest_log_id()
    portal_login("sanne").get("/portaal/mijn-gegevens.pdf")
    logged = {r.object_type: r for r in AccessLogRecord.objects.filter(
        pk__gt=before, event_code="portal.export")}
    assert {"person", "household", "case", "safety_plan", "agreement", "analysis_version",
            "analysis_response", "entry", "own_statement", "correction_request",
            "consent"} <= set(logged)
    assert all(r.channel == "portaal" and r.role == "gezinslid" for r in logged.values())
    assert str(cast.entries["secrecy"].pk) not in logged["entry"].object_ids
