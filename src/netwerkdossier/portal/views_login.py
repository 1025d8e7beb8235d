"""Portal login: password + TOTP code (development), or OIDC (DigiD broker)."""

import logging

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from netwerkdossier.access.api import context_for, record
from netwerkdossier.accounts.models import User
from netwerkdossier.households.models import HouseholdMember, Person, age_on

from . import auth, oidc, throttle
from .forms import CodeForm, PasswordForm

logger = logging.getLogger(__name__)


def _next_url(request, value: str | None) -> str:
    value = value or ""
    if value.startswith("/portaal/") and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return "/portaal/"


def dev_login_enabled() -> bool:
    return getattr(settings, "PORTAL_DEV_LOGIN", True)


def _log_login(user, method: str) -> None:
    ctx = context_for(user, channel=auth.CHANNEL)
    # A login is an event about the person; it shows on their own "wie keek" data too.
    record(ctx, "portal.login", [user.person], rule=f"login:{method}", action="execute")


def _render(request, template, context, status=200):
    return render(request, template, {"dev_login": dev_login_enabled(),
                                      "oidc_enabled": oidc.enabled(), **context},
                  status=status)


@require_http_methods(["GET", "POST"])
def login_password(request):
    if auth.portal_user(request) is not None:
        return redirect("portal:home")
    next_url = _next_url(request, request.POST.get("next") or request.GET.get("next"))
    form = PasswordForm(request.POST or None) if dev_login_enabled() else None
    error = ""
    status = 200
    if request.method == "POST" and form is not None and form.is_valid():
        keys = throttle.keys_for(form.cleaned_data["username"], throttle.client_address(request))
        block = throttle.blocked(keys)
        if block:
            error, status = block.message(), 429
        else:
            user = auth.check_user_password(form.cleaned_data["username"],
                                            form.cleaned_data["password"])
            if user is None:
                throttle.record_failure(keys)
                block = throttle.blocked(keys)
                error = block.message() if block else throttle.generic_failure()
            else:
                request.session.cycle_key()
                request.session[auth.SESSION_PENDING] = {
                    "user": user.pk, "next": next_url, "at": int(timezone.now().timestamp())}
                return redirect("portal:login_code")
    return _render(request, "portal/login.html", {
        "form": form, "error": error, "next": next_url, "nav": "login"}, status=status)


PENDING_MAX_AGE = 300  # seconds between password and code


@require_http_methods(["GET", "POST"])
def login_code(request):
    pending = request.session.get(auth.SESSION_PENDING)
    if not pending or timezone.now().timestamp() - pending.get("at", 0) > PENDING_MAX_AGE:
        request.session.pop(auth.SESSION_PENDING, None)
        return redirect("portal:login")
    user = User.objects.select_related("person").filter(pk=pending["user"]).first()
    if not auth.may_have_login(user):
        request.session.pop(auth.SESSION_PENDING, None)
        return redirect("portal:login")
    form = CodeForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        keys = throttle.keys_for(user.username, throttle.client_address(request))
        block = throttle.blocked(keys)
        if block:
            error, status = block.message(), 429
        elif auth.check_totp(user, form.cleaned_data["code"]):
            throttle.record_success(user.username)
            auth.log_in(request, user, "wachtwoord+totp")
            _log_login(user, "wachtwoord+totp")
            return redirect(pending.get("next") or "portal:home")
        else:
            throttle.record_failure(keys)
            block = throttle.blocked(keys)
            error = block.message() if block else _("Deze code klopt niet of is verlopen. "
                                                    "Vul de nieuwe code uit de app in.")
    return _render(request, "portal/login_code.html", {"form": form, "error": error,
                                                       "nav": "login"}, status=status)


@require_POST
def logout(request):
    auth.log_out(request)
    return redirect("portal:login")


# --- OIDC -------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def oidc_start(request):
    if not oidc.enabled():
        return redirect("portal:login")
    next_url = _next_url(request, request.GET.get("next"))
    try:
        return redirect(oidc.start(request, next_url))
    except oidc.OidcError as exc:
        return _render(request, "portal/login.html", {
            "form": PasswordForm() if dev_login_enabled() else None, "error": str(exc),
            "next": next_url, "nav": "login"}, status=502)


def _user_for_bsn(bsn: str):
    """The family login for the person with this BSN; created on first login for a
    current household member of 12 or older. None if there is no such person (a former
    member, who moved out, gets no new login: the portal shows current households)."""
    from netwerkdossier.access.api import active_on

    person = Person.objects.filter(bsn=bsn).first()
    if person is None or not HouseholdMember.objects.filter(active_on(), person=person).exists():
        return None
    if age_on(person.birth_date, timezone.localdate()) < auth.MIN_AGE:
        return None
    user = User.objects.filter(person=person).first()
    if user is None:
        user = User(username=f"gezin-{person.pk}", kind=User.Kind.GEZINSLID, person=person,
                    first_name=person.given_names, last_name=person.family_name)
        user.set_unusable_password()  # never a professional login
        user.save()
    return user if auth.may_have_login(user) else None


@require_http_methods(["GET"])
def oidc_callback(request):
    try:
        result = oidc.finish(request)
    except oidc.OidcError as exc:
        return _render(request, "portal/login.html", {
            "form": PasswordForm() if dev_login_enabled() else None, "error": str(exc),
            "next": "/portaal/", "nav": "login"}, status=400)
    with transaction.atomic():
        user = _user_for_bsn(result.bsn)
        if user is None:
            logger.info("portal OIDC login without a matching family member")
            return _render(request, "portal/login.html", {
                "form": PasswordForm() if dev_login_enabled() else None,
                "error": _("U bent ingelogd bij DigiD, maar wij vinden u niet in een "
                           "gezinsdossier. Of u bent jonger dan 12 jaar: dan kijken uw "
                           "ouders met gezag voor u. Vraag uw contactpersoon om hulp."),
                "next": "/portaal/", "nav": "login"}, status=403)
        auth.log_in(request, user, "oidc")
        _log_login(user, "oidc")
    return redirect(_next_url(request, result.next_url))
