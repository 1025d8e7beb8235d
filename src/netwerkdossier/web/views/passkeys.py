"""Passkey pages: the user's own keys (add, remove), and signing in with one."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netwerkdossier.access.api import AccessRefused, Decision, context_for_request
from netwerkdossier.accounts.passkeys import Passkey

from .. import passkey_flow
from ..second_factor import is_verified, mark_verified, needs_second_factor, safe_next


def _json(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/json")


@require_GET
@login_required
def passkeys_page(request):
    """The signed-in (verified) user's own passkeys; nobody else's are ever listed."""
    return render(request, "web/passkeys.html", {
        "passkeys": Passkey.objects.filter(user=request.user), "nav": "passkeys"})


@require_POST
@login_required
def register_options(request):
    return _json(passkey_flow.registration_options(request))


@require_POST
@login_required
def register(request):
    data = passkey_flow.parse(request.body)
    try:
        passkey = passkey_flow.register(request, data.get("name", ""),
                                        data.get("credential") or {})
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=400)
    return JsonResponse({"name": passkey.name}, status=201)


@require_POST
@login_required
def remove(request, pk):
    removed, _by_model = Passkey.objects.filter(pk=pk, user=request.user).delete()
    if not removed:  # someone else's key, or none: the logged 404 of every refusal
        raise AccessRefused(context_for_request(request), "passkey.remove", "inlogsleutel",
                            pk, Decision(False, "not_found", ""), action="D")
    return redirect("web:passkeys")


@require_POST
@login_required
def sign_in_options(request):
    if not needs_second_factor(request.user):
        return JsonResponse({"error": _("Niet nodig.")}, status=400)
    return _json(passkey_flow.sign_in_options(request))


@require_POST
@login_required
def sign_in(request):
    data = passkey_flow.parse(request.body)
    if is_verified(request) or passkey_flow.sign_in(request, data.get("credential") or {}):
        if not is_verified(request):
            request.session.cycle_key()
            mark_verified(request, "sleutel")
        return JsonResponse({"next": safe_next(request, data.get("next"))})
    return JsonResponse({"error": _("Inloggen met uw sleutel is niet gelukt. Probeer het "
                                    "opnieuw of vul de code uit uw app in.")}, status=400)
