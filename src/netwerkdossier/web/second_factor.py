"""A second factor for every professional: a TOTP code from an authenticator app, or a
one-time recovery code (django-otp; decision 0029).

After the password (web/forms.LoginForm, throttled with the portal's counters) the
session is signed in but not verified; SecondFactorMiddleware sends it to the code page,
or on the first sign-in to set up an app. Only a verified session (mark_verified) opens
professional pages. Emergency access asks for a fresh code (break_glass.py uses fresh_code_error).
"""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .routes import ProfessionalPageMiddleware

RECOVERY_CODES = 10
SESSION_VERIFIED = "second_factor"
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "herstelcodes"


def app_device(user, *, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def mark_verified(request, by: str) -> None:
    """This session passed a second factor: "app", "herstelcode" or "organisatie" (the
    identity provider vouched for one, oidc_login.py). Kept in the session, so checking
    it costs no query; `secondfactor reset` ends the user's sessions."""
    request.session[SESSION_VERIFIED] = {"user": request.user.pk, "by": by}


def is_verified(request) -> bool:
    verified = request.session.get(SESSION_VERIFIED) or {}
    return verified.get("user") == request.user.pk


def needs_second_factor(user) -> bool:
    """Professionals do; family accounts never reach these pages (portal login)."""
    return user.is_authenticated and getattr(user, "kind", "") != "gezinslid"


def verify(request, code: str) -> bool:
    """Check a TOTP or recovery code for request.user; on success the session is
    verified. django-otp throttles failures per device and refuses a reused TOTP step;
    a recovery code is deleted when used."""
    code = "".join((code or "").split())
    user = request.user
    devices = [d for d in (app_device(user), recovery_device(user)) if d is not None]
    for device in devices:
        if device.verify_token(code):
            mark_verified(request, "herstelcode" if isinstance(device, StaticDevice) else "app")
            return True
    return False


def fresh_code_error(user, code: str) -> str | None:
    """For emergency access: None when `code` is a valid code of the user's app right
    now (a recovery code does not count), else the Dutch message."""
    device = app_device(user)
    if device is None:
        return _("Stel eerst een authenticator-app in; noodtoegang vraagt een code uit de app.")
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Te veel verkeerde codes. Wacht even en probeer het opnieuw.")
    if not device.verify_token("".join((code or "").split())):
        return _("De code uit uw authenticator-app klopt niet of is verlopen.")
    return None


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; the new ones are shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def start_setup(user) -> TOTPDevice:
    """The unconfirmed app device being set up (one per user, kept across reloads)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_setup(request, device, code: str) -> bool:
    if not device.verify_token("".join((code or "").split())):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    mark_verified(request, "app")
    return True


def safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return reverse("web:worklist")


class SecondFactorMiddleware(ProfessionalPageMiddleware):
    """A professional page needs a verified session: otherwise the code page (or, with
    no app set up yet, the setup page), and back after."""

    def check(self, request):
        user = request.user
        if not needs_second_factor(user) or is_verified(request):
            return None
        target = "web:second_factor" if app_device(user) else "web:second_factor_setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
