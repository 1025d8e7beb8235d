"""Registering a passkey and signing in with one (accounts/passkeys.py), with the
`webauthn` library. The challenge waits in the session between the options and the
answer and is used once.

The relying party is this site: WEBAUTHN_RP_ID (default: the request's host name) and
the origin WEBAUTHN_ORIGIN (default: scheme and host of the request, which Django has
checked against ALLOWED_HOSTS). A passkey is bound to its relying-party id, so set
WEBAUTHN_RP_ID once, before people register, and keep it.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from netwerkdossier.accounts.passkeys import Passkey

REGISTER, SIGN_IN = "passkey_register_challenge", "passkey_sign_in_challenge"


def rp_id(request) -> str:
    return getattr(settings, "WEBAUTHN_RP_ID", "") or request.get_host().rsplit(":", 1)[0]


def origin(request) -> str:
    return getattr(settings, "WEBAUTHN_ORIGIN", "") or \
        f"{request.scheme}://{request.get_host()}"


def _descriptors(user):
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
            for p in Passkey.objects.filter(user=user)]


def registration_options(request) -> str:
    user = request.user
    options = generate_registration_options(
        rp_id=rp_id(request), rp_name="Netwerkdossier", user_name=user.username,
        user_id=str(user.uuid).encode(), user_display_name=user.get_full_name() or user.username,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED))
    request.session[REGISTER] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _challenge(request, key: str) -> bytes:
    value = request.session.pop(key, None)
    if not value:
        raise ValidationError(_("Dit verzoek is verlopen. Probeer het opnieuw."))
    return base64url_to_bytes(value)


def register(request, name: str, credential: dict) -> Passkey:
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationError(_("Geef de sleutel een naam van hoogstens 60 tekens, "
                                "bijvoorbeeld 'Telefoon' of 'Beveiligingssleutel'."))
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=_challenge(request, REGISTER),
            expected_rp_id=rp_id(request), expected_origin=origin(request),
            require_user_verification=True)
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("De sleutel kon niet worden toegevoegd. Probeer het "
                                "opnieuw.")) from exc
    return Passkey.objects.create(
        user=request.user, name=name, credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key, sign_count=verified.sign_count)


def sign_in_options(request) -> str:
    options = generate_authentication_options(
        rp_id=rp_id(request), allow_credentials=_descriptors(request.user),
        user_verification=UserVerificationRequirement.REQUIRED)
    request.session[SIGN_IN] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


@transaction.atomic
def sign_in(request, credential: dict) -> bool:
    """True when `credential` is a valid answer of one of request.user's passkeys."""
    try:
        challenge = _challenge(request, SIGN_IN)
        passkey = Passkey.objects.select_for_update().filter(
            user=request.user, credential_id=str(credential.get("id", ""))).first()
        if passkey is None:
            return False
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge,
            expected_rp_id=rp_id(request), expected_origin=origin(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True)
    except (WebAuthnException, ValidationError, ValueError, KeyError, TypeError,
            AttributeError):
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return True


def parse(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
