"""Signing in through the organisation's identity provider (web/oidc_login.py)."""

import logging

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from netwerkdossier.accounts.oidc_client import OidcError

from .. import oidc_login
from ..forms import LoginForm
from ..second_factor import mark_verified, safe_next

logger = logging.getLogger(__name__)
BACKEND = "netwerkdossier.accounts.backends.ProfessionalBackend"


def _login_page(request, error: str, status: int):
    return render(request, "web/login.html", {
        "form": LoginForm(request), "oidc_error": error, "next": "",
        "oidc_enabled": oidc_login.PROVIDER.enabled()}, status=status)


@require_GET
def oidc_start(request):
    if not oidc_login.PROVIDER.enabled():
        return redirect("web:login")
    from netwerkdossier.accounts import oidc_client

    try:
        return redirect(oidc_client.start(oidc_login.PROVIDER, request,
                                          safe_next(request, request.GET.get("next"))))
    except OidcError as exc:
        return _login_page(request, str(exc), 502)


@require_GET
def oidc_callback(request):
    from netwerkdossier.accounts import oidc_client

    if not oidc_login.PROVIDER.enabled():
        return redirect("web:login")
    try:
        claims, next_url = oidc_client.finish(oidc_login.PROVIDER, request)
        user = oidc_login.user_for(claims)
    except OidcError as exc:
        return _login_page(request, str(exc), 400)
    except oidc_login.NotAllowed as exc:
        logger.info("professional OIDC sign-in without a usable role")
        return _login_page(request, str(exc), 403)
    login(request, user, backend=BACKEND)  # a new session key
    if oidc_login.second_factor_checked(claims):
        mark_verified(request, "organisatie")
    return redirect(safe_next(request, next_url))
