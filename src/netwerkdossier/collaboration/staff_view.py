"""The staff picker's lookup: professionals by name, organisation and role, as JSON for
the combobox (web/static/web/staff_picker.js). Only a professional
who may work in dossiers asks it; everybody else gets the plain 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import CONTENT_ROLES, context_for_request
from netwerkdossier.organisations.models import Organisation

from . import staff


@require_GET
@login_required
def staff_lookup(request):
    ctx = context_for_request(request)
    if ctx.is_family or ctx.membership is None or ctx.role not in CONTENT_ROLES:
        raise Http404
    kind = request.GET.get("soort", "")
    if kind and kind not in Organisation.Kind.values:
        kind = "-"  # an unknown kind finds no one (never everyone)
    found = staff.search(request.GET.get("q", "")[:staff.QUERY_MAX], kind)
    response = JsonResponse({"results": [
        {"value": c.value, "label": c.label, "name": c.name, "organisation": c.organisation,
         "role": c.discipline or c.role} for c in found]})
    response["Cache-Control"] = "no-store"
    return response
