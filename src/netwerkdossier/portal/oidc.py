"""The portal's login through a DigiD broker (accounts/oidc_client.py).

The identity provider tells us who logged in through a claim holding the BSN
(settings.PORTAL_OIDC["BSN_CLAIM"], "sub" for brokers that put the BSN there); the
person is found in the dossier by that BSN.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netwerkdossier.accounts import oidc_client
from netwerkdossier.accounts.oidc_client import OidcError  # noqa: F401 - for the views

PROVIDER = oidc_client.Provider(setting="PORTAL_OIDC", session_key="portal_oidc_flow",
                                callback="portal:oidc_callback", label="DigiD")
_DISCOVERY, _JWKS = oidc_client._DISCOVERY, oidc_client._JWKS  # noqa: SLF001 - tests reset them


def enabled() -> bool:
    return PROVIDER.enabled()


def start(request, next_url: str) -> str:
    return oidc_client.start(PROVIDER, request, next_url)


@dataclass
class OidcResult:
    bsn: str
    next_url: str


def finish(request) -> OidcResult:
    """Check the provider's answer and return the BSN it vouches for."""
    claims, next_url = oidc_client.finish(PROVIDER, request)
    bsn = str(claims.get(PROVIDER.config().get("BSN_CLAIM") or "sub", "")).strip()
    from netwerkdossier.households.bsn import validate_bsn

    try:
        validate_bsn(bsn)
    except ValidationError as exc:
        raise OidcError(_("DigiD gaf geen geldig burgerservicenummer door.")) from exc
    return OidcResult(bsn=bsn, next_url=next_url)
