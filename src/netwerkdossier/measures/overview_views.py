"""The family legal overview page and its PDF (issue 14, point 7; measures/overview.py).

Who may: whoever may read the household (fetch: anyone else gets the logged 404); the
overview lists only the measures the reader may read, so a team member of another
organisation kind, a case-table seat or emergency access sees less, never more. The page
and the download log the household and every measure row shown, per kind and person."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import READ, context_for_request, fetch, record, together
from netwerkdossier.households.models import Household

from .overview import build
from .overview_chart import chart
from .overview_pdf import render_pdf
from .reading import logged_objects

EVENT = "household.legal_overview"


@require_GET
@login_required
def overview(request, pk):
    ctx = context_for_request(request)
    pdf = request.GET.get("formaat") == "pdf"
    event = f"{EVENT}.export" if pdf else EVENT
    household, decision = fetch(ctx, Household.objects.all(), pk, action=READ,
                                event_code=event)
    data = build(ctx, household)
    with together(ctx):
        record(ctx, event, [household], decision=decision)
        for objects in logged_objects(data.measures):
            record(ctx, event, objects, decision=decision)
        by_person: dict = {}
        for draft in data.drafts:  # one record per person, as the measures
            by_person.setdefault(draft.person_id, []).append(draft)
        for drafts in by_person.values():
            record(ctx, event, drafts, decision=decision)
    if pdf:
        response = HttpResponse(render_pdf(data, request.user.get_full_name()
                                           or request.user.username),
                                content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="juridisch-overzicht-{data.today.isoformat()}.pdf"')
        return response
    return render(request, "measures/overview.html", {
        "overview": data, "household": household, "chart": chart(data.measures, data.today),
        "nav": ""})
