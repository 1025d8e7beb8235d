"""The research-export page (issue 15, point 7): the programme team asks for an export
(project and columns), a privacy officer approves and runs it with the research key, or
turns it down. The key is typed in, used for this one export and never stored or
logged. Everyone else gets the logged 404 (access/monitoring_exchange.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from netwerkdossier.access import monitoring_exchange as gate
from netwerkdossier.access.api import context_for_request
from netwerkdossier.organisations.models import Membership

from . import research
from .models import ResearchRequest
from .research_columns import ALWAYS, COLUMNS


def _page(request, ctx, *, problems=(), chosen=(), project="", status=200):
    officer = ctx.role == Membership.Role.PRIVACY_OFFICER
    requests = ResearchRequest.objects.select_related("requested_by", "decided_by")
    return render(request, "monitoring_exchange/research.html", {
        "nav": "onderzoek", "officer": officer, "problems": problems,
        "columns": [c for c in COLUMNS if c.key not in ALWAYS], "chosen": set(chosen),
        "project": project,
        "open": requests.filter(status=ResearchRequest.Status.REQUESTED),
        "history": requests.exclude(status=ResearchRequest.Status.REQUESTED)[:50],
        "min_k": research.kanon.K}, status=status)


@sensitive_post_parameters("sleutel")
@require_http_methods(["GET", "POST"])
@login_required
def research_page(request):
    ctx = context_for_request(request)
    gate.research_page_context(ctx)  # the logged 404 for anyone else
    if request.method == "GET":
        return _page(request, ctx)
    action = request.POST.get("actie")
    if action == "aanvragen":
        project = request.POST.get("project", "").strip().lower()
        chosen = request.POST.getlist("kolom")
        try:
            found = research.request(ctx, project, chosen)
        except gate.ExchangeRefused as refused:
            return _page(request, ctx, problems=[refused.message], chosen=chosen,
                         project=project, status=400)
        return redirect(f"{request.path}?aangevraagd={found.pk}")
    try:
        number = int(request.POST.get("aanvraag", ""))
    except ValueError:
        return _page(request, ctx, problems=[_("Kies een aanvraag uit de lijst.")],
                     status=400)
    try:
        if action == "afwijzen":
            research.reject(ctx, number)
            return redirect(request.path)
        if action == "goedkeuren":
            found, content = research.approve(ctx, number,
                                              request.POST.get("sleutel", "").encode())
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="onderzoeksexport-{found.project}-{found.pk}.csv"')
            response["Cache-Control"] = "private, no-store"
            return response
    except gate.ExchangeRefused as refused:
        return _page(request, ctx, problems=[refused.message], status=400)
    return _page(request, ctx, problems=[_("Onbekende handeling.")], status=400)
