"""OIDC client for the portal login: authorization code flow with PKCE (S256), state and
nonce, so a DigiD broker (or any OpenID Provider) can be plugged in by settings alone.

The identity provider tells us who logged in through a claim holding the BSN
(settings.PORTAL_OIDC["BSN_CLAIM"], "sub" for brokers that put the BSN there); the
person is found in the dossier by that BSN. Signature, issuer, audience, expiry and
nonce of the id_token are checked by PyJWT against the provider's JWKS.
"""

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

import jwt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SESSION_FLOW = "portal_oidc_flow"
TIMEOUT = 10  # seconds for calls to the provider
FLOW_MAX_AGE = 600  # seconds between leaving for the provider and coming back
_DISCOVERY: dict = {}  # issuer -> (fetched_at, document)
_JWKS: dict = {}  # jwks_uri -> PyJWKClient (it caches keys itself)
DISCOVERY_TTL = 3600


class OidcError(Exception):
    """Login through the identity provider failed; the message is Dutch, for the user."""


def config() -> dict:
    return getattr(settings, "PORTAL_OIDC", {}) or {}


def enabled() -> bool:
    c = config()
    return bool(c.get("ISSUER") and c.get("CLIENT_ID"))


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise OidcError(_("Inloggen via DigiD is niet goed ingesteld. Neem contact op met "
                          "de beheerder."))
    return url


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(_check_url(url), timeout=TIMEOUT) as response:  # noqa: S310
        return json.load(response)


def discovery() -> dict:
    issuer = config()["ISSUER"].rstrip("/")
    cached = _DISCOVERY.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    try:
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
    except (OSError, ValueError) as exc:
        raise OidcError(_("DigiD is nu niet bereikbaar. Probeer het later opnieuw.")) from exc
    if document.get("issuer", "").rstrip("/") != issuer:
        raise OidcError(_("Inloggen via DigiD is niet goed ingesteld. Neem contact op met "
                          "de beheerder."))
    _DISCOVERY[issuer] = (time.monotonic(), document)
    return document


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def redirect_uri(request) -> str:
    from django.urls import reverse

    return config().get("REDIRECT_URI") or request.build_absolute_uri(
        reverse("portal:oidc_callback"))


def start(request, next_url: str) -> str:
    """Remember state, nonce and PKCE verifier in the session; the URL to send the
    browser to."""
    document = discovery()
    verifier = secrets.token_urlsafe(64)
    flow = {"state": secrets.token_urlsafe(32), "nonce": secrets.token_urlsafe(32),
            "verifier": verifier, "next": next_url, "started": int(time.time())}
    request.session[SESSION_FLOW] = flow
    params = {
        "response_type": "code", "client_id": config()["CLIENT_ID"],
        "redirect_uri": redirect_uri(request),
        "scope": config().get("SCOPES", "openid"), "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    endpoint = _check_url(document["authorization_endpoint"])
    return f"{endpoint}?{urllib.parse.urlencode(params)}"


def _token_request(document, request, code: str, verifier: str) -> dict:
    c = config()
    body = {"grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_uri(request), "code_verifier": verifier,
            "client_id": c["CLIENT_ID"]}
    if c.get("CLIENT_SECRET"):
        body["client_secret"] = c["CLIENT_SECRET"]
    req = urllib.request.Request(  # noqa: S310 - URL checked by _check_url
        _check_url(document["token_endpoint"]), data=urllib.parse.urlencode(body).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError) as exc:
        raise OidcError(_("Inloggen via DigiD is niet gelukt. Probeer het opnieuw.")) from exc


def _verify_id_token(document, id_token: str, nonce: str) -> dict:
    jwks_uri = _check_url(document["jwks_uri"])
    client = _JWKS.setdefault(jwks_uri, jwt.PyJWKClient(jwks_uri, timeout=TIMEOUT))
    try:
        key = client.get_signing_key_from_jwt(id_token).key
        claims = jwt.decode(id_token, key, algorithms=["RS256"],
                            audience=config()["CLIENT_ID"], issuer=document["issuer"],
                            options={"require": ["exp", "iat", "sub", "nonce"]}, leeway=30)
    except (jwt.PyJWTError, OSError) as exc:
        raise OidcError(_("Inloggen via DigiD is niet gelukt. Probeer het opnieuw.")) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError(_("Inloggen via DigiD is niet gelukt. Probeer het opnieuw."))
    return claims


@dataclass
class OidcResult:
    bsn: str
    next_url: str


def finish(request) -> OidcResult:
    """Check the provider's answer and return the BSN it vouches for."""
    flow = request.session.pop(SESSION_FLOW, None)
    error = request.GET.get("error")
    if error:
        raise OidcError(_("Inloggen via DigiD is afgebroken of niet gelukt."))
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    if not flow or not state or not code or \
            not secrets.compare_digest(state, flow["state"]) or \
            time.time() - flow["started"] > FLOW_MAX_AGE:
        raise OidcError(_("Het inloggen duurde te lang of is niet in deze browser begonnen. "
                          "Probeer het opnieuw."))
    document = discovery()
    tokens = _token_request(document, request, code, flow["verifier"])
    claims = _verify_id_token(document, tokens.get("id_token", ""), flow["nonce"])
    bsn = str(claims.get(config().get("BSN_CLAIM") or "sub", "")).strip()
    from netwerkdossier.households.bsn import validate_bsn

    try:
        validate_bsn(bsn)
    except ValidationError as exc:
        raise OidcError(_("DigiD gaf geen geldig burgerservicenummer door.")) from exc
    return OidcResult(bsn=bsn, next_url=flow.get("next") or "")
