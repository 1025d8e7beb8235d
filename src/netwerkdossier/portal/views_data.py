"""Consent and data export pages of the portal."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import record, together
from netwerkdossier.access.consent_service import consent_overview
from netwerkdossier.access.models import Consent

from . import address, export
from .auth import family_required
from .consent import may_decide_for, record_family_consent
from .family import family_scope
from .forms import ConsentForm
from .views import _addressed, _apply, _errors, _je, _page


@require_http_methods(["GET", "POST"])
@family_required
def consent(request):
    scope = family_scope(request)
    ctx = scope.ctx
    choosers = [p for p in scope.represented if may_decide_for(ctx, p, scope.represented)]
    form = _addressed(request, ConsentForm(request.POST or None, persons=choosers))
    if request.method == "POST" and form.is_valid():
        person = next(p for p in choosers if str(p.pk) == form.cleaned_data["person"])
        scope_key = form.cleaned_data["scope"]
        if form.cleaned_data["decision"] == "ja":
            decision = Consent.Decision.GIVEN
        elif Consent.objects.filter(person=person, scope=scope_key, given_by_id=ctx.person_id,
                                    is_current=True, decision=Consent.Decision.GIVEN).exists():
            decision = Consent.Decision.WITHDRAWN
        else:
            decision = Consent.Decision.REFUSED
        try:
            record_family_consent(ctx, person, scope_key, decision, scope.represented,
                                  rule=scope.decision.rule if scope.decision else "")
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, address.say(_je(request), _("Uw keuze is bewaard."),
                                                  _("Je keuze is bewaard.")))
            return redirect("portal:consent")
    overviews = []
    for person in choosers:
        who, states = consent_overview(person)
        mine = {s.scope: next((c for c in s.current if c.given_by_id == ctx.person_id), None)
                for s in states}
        overviews.append({"person": person, "who": who, "states": states, "mine": mine})
    if request.method == "GET":
        # The state shown per person follows from their current consent decisions.
        shown = [c for o in overviews for s in o["states"] for c in s.current]
        record(ctx, "portal.consent.read", shown, rule=scope.rule, subjects=choosers)
    return _page(request, "portal/consent.html", scope, {
        "form": form, "errors": _errors(form), "overviews": overviews, "nav": "consent"},
        status=400 if form.is_bound and form.errors else 200)


@require_GET
@family_required
def data_page(request):
    scope = family_scope(request)
    return _page(request, "portal/data.html", scope, {"nav": "data"})


def _export(request):
    scope = family_scope(request)
    data = export.collect(scope)
    shown = data.pop("_shown")
    # One record per kind of data in the download, written with one append.
    with together(scope.ctx):
        for objects, subjects in shown:
            record(scope.ctx, "portal.export", objects, rule=scope.rule, subjects=subjects)
    return data


def _filename(ext: str) -> str:
    return f"netwerkdossier-mijn-gegevens-{timezone.localdate():%Y-%m-%d}.{ext}"


@require_GET
@family_required
def export_json(request):
    data = _export(request)
    response = HttpResponse(json.dumps(export.to_json(data), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@family_required
def export_pdf(request):
    data = _export(request)
    response = HttpResponse(export.render_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    response["Cache-Control"] = "no-store"
    return response
