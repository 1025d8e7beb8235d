"""The family reads the integral analysis as far as it concerns them, and co-signs or
disputes it in their own words (hoor en wederhoor)."""

import pytest

from netwerkdossier.analysis.models import FamilyResponse
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic import analysis_demo

pytestmark = pytest.mark.django_db

# Texts of the demo analysis (synthetic/analysis_demo.py), by whom they are about.
NOOR = "Noor verstopt zich op haar kamer"
LIEKE = "Lieke komt tussenbeide bij ruzies"
MOTHER_MONEY = "Oplopende schulden sinds vader"
MOTHER_HEALTH = "Moeder is sinds de scheiding vaak somber"
FATHER_JUSTICE = "Vader heeft een contactverbod gehad"
HOUSEHOLD = "Oma woont twee straten verder"
DAAN = "Daan gaat graag naar school"
FAMILY_VIEW = "Het is zwaar, maar we hebben elkaar."
DISAGREEMENT = "Of Lieke mag blijven tussenbeide komen"  # recorded as Lieke's own view

# login -> (texts shown, texts withheld)
EXPECTED = {
    # Mother, gezag over Noor (9) and Daan (14); Lieke (17) decides alone, so her
    # disagreement with the team is not her mother's to read.
    "sanne": ({NOOR, MOTHER_MONEY, MOTHER_HEALTH, HOUSEHOLD, DAAN, FAMILY_VIEW},
              {LIEKE, FATHER_JUSTICE, DISAGREEMENT}),
    # Father without gezag, lives elsewhere: only what concerns himself.
    "mark": ({FATHER_JUSTICE}, {NOOR, LIEKE, MOTHER_MONEY, MOTHER_HEALTH, HOUSEHOLD, DAAN,
                                FAMILY_VIEW, DISAGREEMENT}),
    # Daan (14): himself and the household; not his mother's or sisters' points.
    # Nor his sister's disagreement with the team.
    "daan": ({DAAN, HOUSEHOLD, FAMILY_VIEW}, {NOOR, LIEKE, MOTHER_MONEY, MOTHER_HEALTH,
                                              FATHER_JUSTICE, DISAGREEMENT}),
    "lieke": ({LIEKE, HOUSEHOLD, DISAGREEMENT}, {NOOR, MOTHER_HEALTH, FATHER_JUSTICE, DAAN}),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_member_sees_what_concerns_them(cast, portal_login, username):
    analysis_demo.build(cast)
    html = portal_login(username).get("/portaal/analyse").content.decode()
    shown, withheld = EXPECTED[username]
    for text in shown:
        assert text in html, (username, text)
    for text in withheld:
        assert text not in html, (username, text)
    record = AccessLogRecord.objects.filter(event_code="portal.analysis.read").latest("pk")
    assert record.channel == "portaal" and record.result == "granted"


def test_a_dispute_in_own_words_reaches_the_team(cast, portal_login, login):
    analysis_demo.build(cast)
    client = portal_login("daan")
    response = client.post("/portaal/analyse", {"agrees": "nee", "text": ""})
    assert response.status_code == 400
    assert "eigen woorden" in response.content.decode()
    assert not FamilyResponse.objects.filter(person=cast.daan).exists()
    words = "Ik ga ook graag naar oma, dat staat er niet."
    assert client.post("/portaal/analyse", {"agrees": "nee", "text": words}).status_code == 302
    answer = FamilyResponse.objects.get(person=cast.daan)
    assert not answer.agrees and answer.channel == FamilyResponse.Channel.PORTAL
    # Daan is 14: "je" (portal/address.py).
    assert "Je hebt gezegd dat iets niet klopt." in client.get("/portaal/analyse").content.decode()
    team_page = login("lotte").get(f"/huishoudens/{cast.household.pk}/analyse")
    assert words in team_page.content.decode()


def test_script_in_a_response_is_shown_escaped(cast, portal_login):
    analysis_demo.build(cast)
    client = portal_login("sanne")
    client.post("/portaal/analyse", {"agrees": "ja", "text": "<script>x()</script>"})
    html = client.get("/portaal/analyse").content.decode()
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html


def test_without_an_analysis_the_page_says_so(cast, portal_login):
    html = portal_login("sanne").get("/portaal/analyse").content.decode()
    assert "nog geen analyse" in html
