"""'Doel van uw werk': the professional states the purpose of their work (see
web/purpose.py). The choice is logged in the access log."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import context_for_request, event
from netwerkdossier.access.context import CHOOSABLE_PURPOSES
from netwerkdossier.access.purposes import possible_purposes

from ..errormap import error_summary
from ..purpose import SESSION_KEY, PurposeForm


def _next_url(request, value) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return "/"


@require_http_methods(["GET", "POST"])
@login_required
def choose_purpose(request):
    ctx = context_for_request(request)
    possible = possible_purposes(ctx.membership)
    next_url = _next_url(request, request.POST.get("next") or request.GET.get("next"))
    form = PurposeForm(request.POST or None, purposes=possible)
    if request.method == "POST" and len(possible) > 1 and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        request.session[SESSION_KEY] = purpose
        # The statement itself is in the log, under the purpose just stated.
        stated = dataclasses.replace(ctx, purpose=purpose, cache={})
        event(stated, "purpose.choose", "E", object_type="purpose", rule="purpose")
        messages.success(request, _("U werkt nu voor het doel: %(purpose)s.") % {
            "purpose": CHOOSABLE_PURPOSES[purpose]})
        return redirect(next_url)
    return render(request, "web/purpose.html", {
        "form": form if len(possible) > 1 else None,
        "current": CHOOSABLE_PURPOSES.get(ctx.purpose) if ctx.purpose else None,
        "implied": possible[0] if len(possible) == 1 else None,
        "implied_label": CHOOSABLE_PURPOSES[possible[0]] if len(possible) == 1 else None,
        "no_purpose": not possible and ctx.membership is not None,
        "next": next_url, "hide_purpose_menu": True, "nav": "",
        "errors": error_summary(form) if request.method == "POST" else [],
    })
