"""Old versions in the family portal (issue 10, "Old versions"): a version the
correction made confidential for the 17-year-old is closed for her parent and brother,
and nobody adds a statement or a request to a replaced version."""

import pytest
from django.test import Client

from netwerkdossier.dossier.services import correct_entry
from netwerkdossier.portal.models import CorrectionRequest, OwnStatement
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

from .conftest import current_code

pytestmark = pytest.mark.django_db


def _member(username: str) -> Client:
    """A fresh browser per family member, logged in through password and code."""
    client = Client()
    assert client.post("/portaal/inloggen", {"username": username,
                                             "password": DEMO_PASSWORD}).status_code == 302
    assert client.post("/portaal/inloggen/code",
                       {"code": current_code(username)}).status_code == 302
    return client


def test_confidential_for_lieke_closes_the_old_version_for_her_family(
        cast, ctx_of):
    old = cast.entries["conversation"]  # about the mother and the three children
    url = f"/portaal/aantekeningen/{old.pk}"
    members = {name: _member(name) for name in ("sanne", "daan", "lieke")}
    assert all(c.get(url).status_code == 200 for c in members.values())
    new = correct_entry(ctx_of("lotte"), old, text="Lieke vertelt in vertrouwen over thuis.",
                        reason="Lieke wil dit niet met haar familie delen",
                        confidential_for_member=cast.lieke)
    for username in ("sanne", "daan"):
        client = members[username]
        assert client.get(url).status_code == 404
        assert client.get(f"/portaal/aantekeningen/{new.pk}").status_code == 404
        response = client.post(f"{url}/verklaring", {"text": "Dit klopt niet."})
        assert response.status_code == 404
    assert not OwnStatement.objects.exists()
    html = members["lieke"].get(url).content.decode()
    assert old.text in html and new.text in html


def test_no_statement_or_request_beside_a_replaced_version(cast, ctx_of, portal_login):
    old = cast.entries["conversation"]
    new = correct_entry(ctx_of("lotte"), old, text="Huisbezoek, datum verbeterd.",
                        reason="Datum stond verkeerd")
    client = portal_login("sanne")
    response = client.post(f"/portaal/aantekeningen/{old.pk}/verklaring",
                           {"text": "Zo ging het niet."})
    assert response.status_code == 400
    assert "nieuwere versie" in response.content.decode()
    response = client.post(f"/portaal/aantekeningen/{old.pk}/verzoek",
                           {"kind": "rectify", "reason": "Zo ging het niet."})
    assert response.status_code == 400
    assert not OwnStatement.objects.exists() and not CorrectionRequest.objects.exists()
    # Beside the newest version it is kept.
    response = client.post(f"/portaal/aantekeningen/{new.pk}/verklaring",
                           {"text": "Zo ging het niet."})
    assert response.status_code == 302
    assert OwnStatement.objects.get().entry_id == new.pk
