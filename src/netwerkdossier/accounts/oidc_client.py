"""OIDC client: authorization code flow with PKCE (S256), state and nonce, so an OpenID
Provider can be plugged in by settings alone. Used twice: the family portal's DigiD
broker (portal/oidc.py, settings.PORTAL_OIDC) and the professionals' own organisation's
identity provider (web/oidc_login.py, settings.PROFESSIONAL_OIDC).

Signature, issuer, audience, expiry and nonce of the id_token are checked by PyJWT
against the provider's JWKS; what the claims mean is up to the caller.
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
from django.utils.translation import gettext as _

TIMEOUT = 10  # seconds for calls to the provider
FLOW_MAX_AGE = 600  # seconds between leaving for the provider and coming back
_DISCOVERY: dict = {}  # issuer -> (fetched_at, document)
_JWKS: dict = {}  # jwks_uri -> PyJWKClient (it caches keys itself)
DISCOVERY_TTL = 3600


class OidcError(Exception):
    """Login through the identity provider failed; the message is Dutch, for the user."""


@dataclass(frozen=True)
class Provider:
    """One configured use of the client."""

    setting: str  # name of the settings dict: ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPES, ...
    session_key: str  # where the flow (state, nonce, verifier) waits in the session
    callback: str  # URL name of the redirect URI
    label: object  # how users know the provider, in Dutch messages ("DigiD"; may be lazy)

    def config(self) -> dict:
        return getattr(settings, self.setting, {}) or {}

    def enabled(self) -> bool:
        c = self.config()
        return bool(c.get("ISSUER") and c.get("CLIENT_ID"))

    def message(self, text: str) -> str:
        return text % {"provider": str(self.label)}


def _misconfigured(provider) -> OidcError:
    return OidcError(provider.message(_("Inloggen via %(provider)s is niet goed ingesteld. "
                                        "Neem contact op met de beheerder.")))


def _failed(provider) -> OidcError:
    return OidcError(provider.message(_("Inloggen via %(provider)s is niet gelukt. Probeer "
                                        "het opnieuw.")))


def _check_url(provider, url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise _misconfigured(provider)
    return url


def _get_json(provider, url: str) -> dict:
    with urllib.request.urlopen(_check_url(provider, url), timeout=TIMEOUT) as response:  # noqa: S310
        return json.load(response)


def discovery(provider) -> dict:
    issuer = provider.config()["ISSUER"].rstrip("/")
    cached = _DISCOVERY.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    try:
        document = _get_json(provider, f"{issuer}/.well-known/openid-configuration")
    except (OSError, ValueError) as exc:
        raise OidcError(provider.message(_("%(provider)s is nu niet bereikbaar. Probeer het "
                                           "later opnieuw."))) from exc
    if document.get("issuer", "").rstrip("/") != issuer:
        raise _misconfigured(provider)
    _DISCOVERY[issuer] = (time.monotonic(), document)
    return document


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def redirect_uri(provider, request) -> str:
    from django.urls import reverse

    return provider.config().get("REDIRECT_URI") or request.build_absolute_uri(
        reverse(provider.callback))


def start(provider, request, next_url: str, **extra) -> str:
    """Remember state, nonce and PKCE verifier in the session; the URL to send the
    browser to. `extra`: more authorization parameters (prompt, max_age, acr_values)."""
    document = discovery(provider)
    verifier = secrets.token_urlsafe(64)
    flow = {"state": secrets.token_urlsafe(32), "nonce": secrets.token_urlsafe(32),
            "verifier": verifier, "next": next_url, "started": int(time.time())}
    request.session[provider.session_key] = flow
    params = {
        "response_type": "code", "client_id": provider.config()["CLIENT_ID"],
        "redirect_uri": redirect_uri(provider, request),
        "scope": provider.config().get("SCOPES", "openid"), "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256", **extra,
    }
    endpoint = _check_url(provider, document["authorization_endpoint"])
    return f"{endpoint}?{urllib.parse.urlencode(params)}"


def _token_request(provider, document, request, code: str, verifier: str) -> dict:
    c = provider.config()
    body = {"grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_uri(provider, request), "code_verifier": verifier,
            "client_id": c["CLIENT_ID"]}
    if c.get("CLIENT_SECRET"):
        body["client_secret"] = c["CLIENT_SECRET"]
    req = urllib.request.Request(  # noqa: S310 - URL checked by _check_url
        _check_url(provider, document["token_endpoint"]),
        data=urllib.parse.urlencode(body).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError) as exc:
        raise _failed(provider) from exc


def _verify_id_token(provider, document, id_token: str, nonce: str) -> dict:
    jwks_uri = _check_url(provider, document["jwks_uri"])
    client = _JWKS.setdefault(jwks_uri, jwt.PyJWKClient(jwks_uri, timeout=TIMEOUT))
    try:
        key = client.get_signing_key_from_jwt(id_token).key
        claims = jwt.decode(id_token, key, algorithms=["RS256"],
                            audience=provider.config()["CLIENT_ID"],
                            issuer=document["issuer"],
                            options={"require": ["exp", "iat", "sub", "nonce"]}, leeway=30)
    except (jwt.PyJWTError, OSError) as exc:
        raise _failed(provider) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise _failed(provider)
    return claims


def finish(provider, request) -> tuple[dict, str]:
    """Check the provider's answer: (the verified id_token claims, the next URL)."""
    flow = request.session.pop(provider.session_key, None)
    error = request.GET.get("error")
    if error:
        raise OidcError(provider.message(_("Inloggen via %(provider)s is afgebroken of niet "
                                           "gelukt.")))
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    if not flow or not state or not code or \
            not secrets.compare_digest(state, flow["state"]) or \
            time.time() - flow["started"] > FLOW_MAX_AGE:
        raise OidcError(_("Het inloggen duurde te lang of is niet in deze browser begonnen. "
                          "Probeer het opnieuw."))
    document = discovery(provider)
    tokens = _token_request(provider, document, request, code, flow["verifier"])
    claims = _verify_id_token(provider, document, tokens.get("id_token", ""), flow["nonce"])
    return claims, flow.get("next") or ""
