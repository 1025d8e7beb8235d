"""A shielded address (issue 10, point 7) never reaches the person it is shielded from in
the portal: not on a page, not in the data download (JSON and PDF), and the shield
itself does not show up in that person's 'Wie keek er?'. The others still see it."""

import json

import pytest

from netwerkdossier.households.shields import end_shield, set_shield
from tests.portal.pdf import document_text as pdf_text

pytestmark = pytest.mark.django_db

STREET, POSTCODE = "Lindelaan 12", "1741 AB"
PAGES = ["/portaal/", "/portaal/aantekeningen", "/portaal/besluiten", "/portaal/verzoeken",
         "/portaal/wie-keek", "/portaal/vragenlijst", "/portaal/toestemming",
         "/portaal/mijn-gegevens", "/portaal/analyse"]
REASON = "Moeder en kinderen wonen op een nieuw adres na huiselijk geweld."



def shield_from_father(cast, ctx_of):
    return set_shield(ctx_of("lotte"), cast.household, cast.father.pk, REASON, rule="team")


def download(client):
    data = json.loads(client.get("/portaal/mijn-gegevens.json").content)
    pdf = client.get("/portaal/mijn-gegevens.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    return data, pdf_text(pdf.content)


def test_father_sees_the_address_until_it_is_shielded_from_him(cast, ctx_of, portal_login):
    client = portal_login("mark")
    # Before: the leak of the issue (his download holds the mother's home address).
    assert STREET in client.get("/portaal/").content.decode()
    data, text = download(client)
    assert STREET in data["huishouden"]["adres"] and POSTCODE in data["huishouden"]["adres"]
    assert STREET in text and POSTCODE in text

    shield_from_father(cast, ctx_of)

    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert STREET not in html and POSTCODE not in html, url
        # Nothing tells him there is an address to hide.
        assert "afgeschermd" not in html.lower() and "afscherming" not in html.lower(), url
    data, text = download(client)
    raw = json.dumps(data, ensure_ascii=False)
    assert STREET not in raw and POSTCODE not in raw and "Noorderveld" not in \
        data["huishouden"]["adres"]
    assert data["huishouden"]["adres"] == ""
    assert STREET not in text and POSTCODE not in text
    assert "afscherm" not in raw.lower() and "afscherm" not in text.lower()


@pytest.mark.parametrize("username", ["sanne", "daan", "lieke"])
def test_the_others_still_see_their_address(cast, ctx_of, portal_login, username):
    shield_from_father(cast, ctx_of)
    client = portal_login(username)
    assert STREET in client.get("/portaal/").content.decode()
    data, text = download(client)
    assert data["huishouden"]["adres"] == f"{STREET}, {POSTCODE} Noorderveld"
    assert STREET in text


def test_ending_the_shield_shows_the_address_again(cast, ctx_of, portal_login):
    shield = shield_from_father(cast, ctx_of)
    end_shield(ctx_of("lotte"), shield, "Vader woont in het buitenland; gezin is akkoord.",
               rule="team")
    data, _text = download(portal_login("mark"))
    assert STREET in data["huishouden"]["adres"]


def test_who_looked_hides_the_shield_from_the_person_it_is_against(
        cast, ctx_of, portal_login, client):
    from netwerkdossier.households.models import Gezag

    # Give the father gezag again, so the children (who live at the address) are among
    # the persons he represents: the shield's log record is about them.
    Gezag.objects.create(holder=cast.father, child=cast.noor,
                         valid_from=cast.noor.birth_date, source="test")
    shield_from_father(cast, ctx_of)
    mother = portal_login("sanne").get("/portaal/wie-keek").content.decode()
    assert "veranderde de afscherming van uw adres" not in mother  # set is a "schreef"
    assert "schreef de afscherming van uw adres" in mother
    client.logout()
    father_client = portal_login("mark")
    father = father_client.get("/portaal/wie-keek").content.decode()
    assert "afscherming" not in father
    data = json.loads(father_client.get("/portaal/mijn-gegevens.json").content)
    assert not any("afscherming" in row["wat"] for row in data["wie_keek"])
