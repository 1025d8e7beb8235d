"""OIDC login against a local test identity provider (no network beyond 127.0.0.1)."""

import urllib.error
import urllib.parse
import urllib.request

import pytest

from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.portal import oidc

from .idp import LocalProvider

pytestmark = pytest.mark.django_db


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def provider(settings):
    with LocalProvider() as idp:
        settings.PORTAL_OIDC = {"ISSUER": idp.issuer, "CLIENT_ID": idp.client_id,
                                "CLIENT_SECRET": idp.client_secret, "BSN_CLAIM": "bsn"}
        oidc._DISCOVERY.clear()
        oidc._JWKS.clear()
        yield idp


def _authorize(client):
    """Start at the portal, follow to the provider, return the callback URL it sends."""
    response = client.get("/portaal/inloggen/digid")
    assert response.status_code == 302
    location = response["Location"]
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert query["code_challenge_method"] == "S256" and query["state"] and query["nonce"]
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(location, timeout=5)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        callback = answer.headers["Location"]
    parts = urllib.parse.urlsplit(callback)
    return f"{parts.path}?{parts.query}"


def test_login_maps_the_bsn_claim_to_the_person(cast, client, provider):
    provider.bsn = cast.lieke.bsn
    response = client.get(_authorize(client))
    assert response.status_code == 302 and response["Location"] == "/portaal/"
    assert "Lieke" in client.get("/portaal/").content.decode()
    user = User.objects.get(person=cast.lieke)
    assert user.username == "lieke" and not user.has_usable_password()
    assert AccessLogRecord.objects.filter(event_code="portal.login", rule="login:oidc").exists()


def test_first_login_creates_a_family_login_without_a_password(cast, client, provider):
    User.objects.filter(person=cast.daan).delete()
    provider.bsn = cast.daan.bsn
    assert client.get(_authorize(client)).status_code == 302
    user = User.objects.get(person=cast.daan)
    assert user.kind == "gezinslid" and not user.has_usable_password()


def test_sub_claim_can_carry_the_bsn(cast, client, provider, settings):
    settings.PORTAL_OIDC = {**settings.PORTAL_OIDC, "BSN_CLAIM": "sub"}
    provider.claim = "sub"
    provider.bsn = cast.mother.bsn
    assert client.get(_authorize(client))["Location"] == "/portaal/"


def test_a_child_under_12_or_an_unknown_bsn_gets_no_session(cast, client, provider):
    provider.bsn = cast.noor.bsn
    response = client.get(_authorize(client))
    assert response.status_code == 403
    assert "jonger dan 12 jaar" in response.content.decode()
    provider.bsn = "999999990"  # passes the 11-proef, nobody in the dossier
    assert client.get(_authorize(client)).status_code == 403
    assert client.get("/portaal/").status_code == 302


def test_a_former_member_gets_no_new_login(cast, client, provider):
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.households.models import HouseholdMember

    HouseholdMember.objects.filter(person=cast.lieke).update(
        valid_to=timezone.localdate() - timedelta(days=1))
    provider.bsn = cast.lieke.bsn
    assert client.get(_authorize(client)).status_code == 403
    assert client.get("/portaal/").status_code == 302  # no portal session


def test_wrong_state_is_refused(cast, client, provider):
    provider.bsn = cast.mother.bsn
    callback = _authorize(client)
    forged = callback.replace("state=", "state=x")
    assert client.get(forged).status_code == 400
    assert client.get("/portaal/").status_code == 302


@pytest.mark.parametrize("tamper", [
    lambda c: {**c, "nonce": "other"},
    lambda c: {**c, "aud": "someone-else"},
    lambda c: {**c, "iss": "http://127.0.0.1:1"},
    lambda c: {**c, "exp": c["iat"] - 120},
], ids=["nonce", "audience", "issuer", "expired"])
def test_bad_id_tokens_are_refused(cast, client, provider, tamper):
    provider.bsn = cast.mother.bsn
    provider.tamper = tamper
    response = client.get(_authorize(client))
    assert response.status_code == 400
    assert client.get("/portaal/").status_code == 302


def test_a_token_signed_by_another_key_is_refused(cast, client, provider):
    from cryptography.hazmat.primitives.asymmetric import rsa

    provider.bsn = cast.mother.bsn
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    real_jwks = provider.jwks()
    provider.key = other  # signs with the other key ...
    provider.jwks = lambda: real_jwks  # ... while JWKS still publishes the real one
    assert client.get(_authorize(client)).status_code == 400


def test_provider_answering_an_error_is_a_clear_dutch_message(cast, client, provider):
    client.get("/portaal/inloggen/digid")
    response = client.get("/portaal/inloggen/digid/terug?error=access_denied&state=x")
    assert response.status_code == 400
    assert "afgebroken" in response.content.decode()


def test_without_settings_the_digid_button_is_absent(cast, client, settings):
    settings.PORTAL_OIDC = {}
    assert "Inloggen met DigiD" not in client.get("/portaal/inloggen").content.decode()
    assert client.get("/portaal/inloggen/digid")["Location"] == "/portaal/inloggen"
