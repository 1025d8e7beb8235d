"""The family portal's part of requests for a measure: the drafts shared with the member
(the access module's family gate, access/decision_family.py: the person it is about from
12, a parent with gezag over a child under 16; nothing before the author shares it), each
with its facts, the member's own view beside each, the response period, client support
and the way to object - and the member's response. Every read goes through the access
module and is logged in the request's transaction; anyone else gets the logged 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netwerkdossier.access.api import READ, fetch, record, visible
from netwerkdossier.portal import address
from netwerkdossier.portal.auth import family_required
from netwerkdossier.portal.family import family_scope
from netwerkdossier.portal.views import _page
from netwerkdossier.web.errormap import apply_errors, error_summary

from . import objection, reading, requests
from .forms import FamilyResponseForm
from .models import MeasureRequest
from .request_rules import request_rules


@require_GET
@family_required
def request_list(request):
    scope = family_scope(request)
    shown = [] if scope.household is None else list(
        visible(scope.ctx, READ, MeasureRequest.objects.filter(household=scope.household),
                household_id=scope.household.pk)
        .select_related("person").order_by("-shared_on"))
    record(scope.ctx, "portal.measure_request.list", shown, decision=scope.decision)
    for r in shown:
        r.entry = requests._entry(r.measure_key)
    return _page(request, "decisions/portal_list.html", scope, {
        "requests": shown, "nav": "measure_requests", "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@family_required
def request_detail(request, pk):
    scope = family_scope(request)
    event = "portal.measure_request.read"
    req, granted = fetch(scope.ctx, MeasureRequest.objects.select_related(
        "decision", "person", "owner_organisation"), pk, action=READ, event_code=event)
    je = address.informal(scope.person)
    decision = req.decision
    reading.load(scope.ctx, decision, event=event, decision_rule=granted,
                 own_views_only=True)
    form = FamilyResponseForm(request.POST or None, facts=decision.fact_list)
    if request.method == "POST" and form.is_valid():
        try:
            requests.respond(scope.ctx, req, answers=form.answers(),
                             words=form.cleaned_data.get("words"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, address.say(
                je, _("Dank u. Uw reactie staat nu naast het concept. De hulpverlener leest "
                      "die voordat het verzoek naar de rechter gaat."),
                _("Dank je. Je reactie staat nu naast het concept. De hulpverlener leest die "
                  "voordat het verzoek naar de rechter gaat.")))
            return redirect("portal:measure_request", pk=req.pk)
    return _page(request, "decisions/portal_request.html", scope, {
        "req": req, "record": decision, "entry": requests._entry(req.measure_key),
        "form": form, "errors": error_summary(form), "rules": request_rules(),
        "routes": [{**r, "title": (je and r.get("title_je")) or r["title"],
                    "text": (je and r.get("text_je")) or r["text"],
                    "term": (je and r.get("term_je")) or r["term"]}
                   for r in objection.routes(decision, req.owner_organisation.kind)],
        "own": req.person_id == scope.person.pk, "nav": "measure_requests",
        "open": req.status != MeasureRequest.Status.VERZONDEN},
        status=400 if form.is_bound else 200)
