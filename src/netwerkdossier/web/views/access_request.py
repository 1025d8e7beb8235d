"""A written request for access (AVG art. 15) answered by a professional: the same
document as the family member's own download in the portal (portal/access_document.py),
made for one member through the access rules of the professional who makes it.

- Only a professional with a team-type relation to one of the member's households
  (team, registrar, team manager) may make it; anyone else - an outsider, a case-table
  seat, emergency access - gets the logged 404 of the access module.
- Every section is read as the member would read it in the portal AND narrowed by what
  this professional may read (visible()/decide()), so the document never holds more
  than both. The access log ("Wie keek er?") is the privacy officer's to read: that
  section says who provides it.
- The page and each download are logged; a download with one record per kind of data
  it holds, like the portal's download ("access_request.export").
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import (
    READ,
    AccessRefused,
    Decision,
    context_for_request,
    fetch,
    record,
    together,
    visible,
)
from netwerkdossier.access.relations import FAMILY_MIN_AGE, FULL
from netwerkdossier.households.models import Household, Person
from netwerkdossier.portal import access_document, access_pdf
from netwerkdossier.portal.family import member_context, scope_for

EVENT = "access_request.read"
FORMATS = ("pdf", "json")


def fetch_member(ctx, pk):
    """The person, if ctx has a team-type relation to one of their households; otherwise
    a logged refusal (404)."""
    person, decision = fetch(ctx, Person.objects.all(), pk, action=READ, event_code=EVENT)
    if decision.rule.split("+", 1)[0] not in FULL:
        raise AccessRefused(ctx, EVENT, "person", pk, Decision(False, "not_team", ""),
                            action="R")
    return person, decision


def made_by(ctx) -> dict:
    return {"naam": ctx.user.get_full_name() or ctx.user.username,
            "organisatie": ctx.membership.organisation.name if ctx.membership else "",
            "reden": _("Antwoord op een schriftelijk verzoek om inzage (AVG artikel 15).")}


@require_GET
@login_required
def access_request(request, pk):
    ctx = context_for_request(request)
    person, decision = fetch_member(ctx, pk)
    age = person.age()
    fmt = request.GET.get("formaat", "")
    if fmt in FORMATS and age >= FAMILY_MIN_AGE:
        return _download(ctx, person, decision, fmt)
    record(ctx, EVENT, [person], decision=decision)
    household = visible(ctx, READ, Household.objects.filter(members__person=person)) \
        .order_by("-members__valid_from").first()
    return render(request, "web/access_request.html", {
        "person": person, "household": household, "age": age,
        "too_young": age < FAMILY_MIN_AGE, "min_age": FAMILY_MIN_AGE,
        "sections": access_pdf.section_titles()})


def _download(ctx, person, decision, fmt: str):
    # A household both may read: the member's oldest may be closed to this professional.
    scope = scope_for(member_context(person), within=visible(ctx, READ, Household.objects.all()))
    doc = access_document.build(scope, professional=ctx, made_by=made_by(ctx))
    shown = doc.pop("_shown")
    with together(ctx):  # one record per kind of data the document holds
        record(ctx, "access_request.export", [person], decision=decision)
        for objects, subjects in shown:
            record(ctx, "access_request.export", objects, rule=decision.rule,
                   subjects=subjects)
    day = f"{timezone.localdate():%Y-%m-%d}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(access_document.to_json(doc), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(access_pdf.render(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{day}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
