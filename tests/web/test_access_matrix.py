"""The access matrix page, CSV and PDF for the privacy officer (issue 10, point 9):
generated from the sharing rules in force, so a changed agreement changes the matrix;
one row per purpose a rule names; everyone but the privacy officer gets the logged 404;
every view and download is logged."""

import csv
import io
import re

import pyotp
import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access import matrix
from netwerkdossier.access.models import SharingRule
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic.personas import (
    DEMO_PASSWORD,
    add_family_logins,
    family_totp_secret,
)
from tests.portal.pdf import pdf_text

pytestmark = pytest.mark.django_db

URL = reverse("web:access_matrix")
# A text object ("BT ... ET") and a string it shows ("(text) Tj", with \, ( and )
# escaped by a backslash).
TEXT_OBJECT = re.compile(r"\bBT\b(.*?)\bET\b", re.S)
SHOWN = re.compile(r"\(((?:\\.|[^\\)])*)\) Tj")


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _shown(content: bytes) -> list[str]:
    """The lines the PDF prints, in order (a cell's text wraps over several)."""
    return ["".join(re.sub(r"\\(.)", r"\1", s) for s in SHOWN.findall(block))
            for block in TEXT_OBJECT.findall(pdf_text(content)) if " Tj" in block]


def _squeezed(text: str) -> str:
    # A cell wraps at spaces (and a long source after its slash): compare without them.
    return re.sub(r"\s", "", str(text))


def test_privacy_officer_reads_the_matrix_generated_from_the_agreements(cast, login):
    client = login("priya")
    page = client.get(reverse("web:access_matrix")).content.decode()
    assert "Toegangsmatrix" in page and "ggz-met-toestemming" in page
    rows = _csv(client.get(reverse("web:access_matrix") + "?formaat=csv"))
    assert rows[0][0] == "Wie"
    police = [r for r in rows if r[0] == "Politie" and "politie-acute-veiligheid" in r[8]]
    assert police and "strafrechtelijk" in police[0][4] and "fasen" in police[0][5]
    # The police write none of the local team's work; the local team writes the analysis.
    own = {r[0]: r[6] for r in rows if r[2] == "alles van de eigen organisatie"}
    # Of legal measures the police record the criminal-law and administrative ones
    # (rules/measure_recorders.toml); the GGZ the care measures; the Raad civil ones.
    assert "Maatregel (strafrechtelijk, bestuurlijk)" in own["Politie"].split("; ")
    assert "Maatregel (civiel)" in own["Raad voor de Kinderbescherming"]
    assert "Integrale analyse" in own["Lokaal (wijk)team"]
    records = AccessLogRecord.objects.filter(event_code__startswith="access.matrix")
    assert [r.event_code for r in records.order_by("pk")] == ["access.matrix",
                                                              "access.matrix.export"]


def test_a_changed_rule_changes_the_matrix(cast, login):
    client = login("priya")
    before = _csv(client.get(reverse("web:access_matrix") + "?formaat=csv"))
    assert any("ggz-met-toestemming" in r[8] for r in before)
    SharingRule.objects.filter(rule_key="ggz-met-toestemming").delete()
    after = _csv(client.get(reverse("web:access_matrix") + "?formaat=csv"))
    assert not any("ggz-met-toestemming" in r[8] for r in after)


@pytest.mark.parametrize("username", ["lotte", "tamara", "gert", "olga"])
def test_anyone_else_gets_the_logged_404(cast, login, username):
    response = login(username).get(reverse("web:access_matrix") + "?formaat=csv")
    assert response.status_code == 404
    assert AccessLogRecord.objects.filter(event_code="access.matrix",
                                          result="refused").exists()


def test_each_sharing_rule_row_names_one_purpose(cast):
    """A rule naming two purposes gives a row per purpose: a professional works under
    one stated purpose and only that purpose's rules apply (access/purposes.py)."""
    rows = [r for r in matrix.rows() if r.source.endswith("/kernteam")
            and r.viewer == "Lokaal (wijk)team"]
    assert sorted(r.purpose for r in rows) == ["Hulpverlening", "Veiligheidsbeoordeling"]
    police = [r for r in matrix.rows() if r.source.endswith("/politie-acute-veiligheid")]
    assert [r.purpose for r in police] == ["Veiligheidsbeoordeling"]
    # Phases by their Dutch names, not their keys.
    assert "Fase 1: directe veiligheid" in police[0].condition
    assert "directe_veiligheid" not in police[0].condition


def test_the_page_links_both_downloads_and_explains_the_columns(cast, login):
    page = login("priya").get(URL).content.decode()
    assert '<a class="utrecht-link" href="?formaat=csv">Download als CSV</a>' in page
    assert '<a class="utrecht-link" href="?formaat=pdf">Download als PDF</a>' in page
    assert "<dt>Grondslag</dt>" in page and "doelbinding" in page


def test_privacy_officer_downloads_the_matrix_as_pdf(cast, login):
    client = login("priya")
    response = client.get(URL + "?formaat=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="toegangsmatrix-{day}.pdf"')
    content = response.content
    assert content.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 841.89 595.28]" in content  # landscape A4

    shown = _shown(content)
    everything = _squeezed("".join(shown))
    assert shown[0] == "Toegangsmatrix Netwerkdossier"
    assert "Versie van de regels: Samenwerkingsafspraken veiligheid Waterland-Noord " \
        "(synthetisch), versie 1, geldig vanaf 1 januari 2024" in shown[2]
    assert any("doelbinding" in s for s in shown)  # the columns are explained
    for row in matrix.rows():
        for cell in row.as_list():
            assert _squeezed(cell) in everything, cell
    # Every page: the table's header again, "Pagina X van Y" and the rules line.
    pages = len(re.findall(rb"/Type /Page\b", content))
    assert pages > 1
    assert [s for s in shown if s.startswith("Pagina ")] == [
        f"Pagina {n} van {pages}" for n in range(1, pages + 1)]
    assert shown.count("Bron") == pages + 1  # and once in the explanation
    assert sum("Gemaakt uit de regels die gelden op" in s for s in shown) == pages

    records = AccessLogRecord.objects.filter(event_code__startswith="access.matrix")
    assert [(r.event_code, r.result, r.action, r.purpose) for r in records] == [
        ("access.matrix.export", "granted", "R", "toezicht")]


def test_the_pdf_follows_a_changed_rule(cast, login):
    client = login("priya")
    assert "politie-acute-veiligheid" in "".join(
        _shown(client.get(URL + "?formaat=pdf").content))
    SharingRule.objects.filter(rule_key="politie-acute-veiligheid").delete()
    assert "politie-acute-veiligheid" not in "".join(
        _shown(client.get(URL + "?formaat=pdf").content))


@pytest.mark.parametrize("username, purpose", [
    ("lotte", "hulpverlening"),  # in the family's team
    ("tamara", "hulpverlening"),  # team manager
    ("piet", None),  # police, in the team; the safety assessment is implied
])
def test_the_pdf_is_a_logged_404_for_anyone_else(cast, login, team_member, username,
                                                  purpose):
    team_member("piet", "politie", "politie")
    response = login(username, purpose=purpose).get(URL + "?formaat=pdf")
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
    records = AccessLogRecord.objects.filter(event_code__startswith="access.matrix")
    assert [(r.event_code, r.result, r.username) for r in records] == [
        ("access.matrix", "refused", username)]


@pytest.mark.parametrize("who", ["anonymous", "family_at_portal", "family_session"])
def test_the_pdf_sends_anyone_not_logged_in_as_professional_to_the_login(cast, client,
                                                                          who):
    """A family account is anonymous on professional pages (accounts/backends.py),
    whether logged in at the portal or holding a session here."""
    add_family_logins(cast)
    if who == "family_at_portal":
        client.post("/portaal/inloggen", {"username": "sanne", "password": DEMO_PASSWORD})
        code = pyotp.TOTP(family_totp_secret("sanne")).now()
        assert client.post("/portaal/inloggen/code", {"code": code}).status_code == 302
    elif who == "family_session":
        client.force_login(cast.family_users["sanne"])
    response = client.get(URL + "?formaat=pdf")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert not AccessLogRecord.objects.filter(event_code__startswith="access.matrix").exists()
