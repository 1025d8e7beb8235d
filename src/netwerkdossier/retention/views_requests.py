"""The privacy officer's step in destruction on request: proposals of the own
organisation, destroy or send back (retention/requests.py). Anyone else: logged 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import record
from netwerkdossier.portal.models import CorrectionRequest
from netwerkdossier.uuids import parse_uuid
from netwerkdossier.web.views.privacy import _officer

from . import requests as destruction

SHOWN_DONE = 50


def _proposals(ctx):
    return (CorrectionRequest.objects.filter(owner_organisation_id=ctx.organisation_id,
                                             kind=CorrectionRequest.Kind.DESTRUCTION)
            .select_related("person", "proposed_by", "decided_by", "entry__household"))


@require_http_methods(["GET", "POST"])
@login_required
def requests_page(request):
    ctx = _officer(request, "retention.request.list", "vernietigingsverzoeken",
                   object_type="screen")
    error = ""
    if request.method == "POST":
        wanted = parse_uuid(request.POST.get("request"))
        found = _proposals(ctx).filter(pk=wanted).first() if wanted else None
        if found is None:
            error = _("Dit verzoek bestaat niet (meer). Vernieuw de pagina.")
        else:
            try:
                if request.POST.get("action") == "approve":
                    if request.POST.get("confirm") != "ja":
                        raise ValidationError(_("Vink aan dat u begrijpt dat vernietigen niet "
                                                "terug te draaien is."))
                    destruction.approve_destruction(ctx, found)
                    messages.success(request, _("De aantekening is vernietigd. Het gezin "
                                                "heeft bericht gekregen."))
                else:
                    destruction.send_back(ctx, found, request.POST.get("note", ""))
                    messages.success(request, _("Het voorstel is teruggestuurd."))
                return redirect("retention:requests")
            except ValidationError as exc:
                error = " ".join(exc.messages)
    waiting = list(_proposals(ctx).filter(status=CorrectionRequest.Status.PROPOSED)
                   .order_by("deadline"))
    done = list(_proposals(ctx).filter(destroyed_at__isnull=False)
                .order_by("-destroyed_at")[:SHOWN_DONE])
    record(ctx, "retention.request.list", waiting + done)
    return render(request, "retention/requests.html", {
        "waiting": waiting, "done": done, "error": error, "nav": "privacy_destruction"},
        status=400 if error else 200)
