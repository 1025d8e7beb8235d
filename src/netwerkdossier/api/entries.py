"""/entries: the timeline of a household, one entry with its versions, add and correct.

Attachments cannot be uploaded through the API yet; entries list their metadata only.
"""

from uuid import UUID

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from netwerkdossier.access.api import (
    ADD_ENTRY,
    CORRECT,
    READ,
    decide,
    fetch,
    may_see_reporter,
    record,
    visible,
)
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry, ReporterIdentity
from netwerkdossier.dossier.services import CorrectedMeanwhile, add_entry, correct_entry
from netwerkdossier.households.models import Household, Person

from . import serializers
from .auth import access_context
from .concurrency import current_entry_etag, entry_etag, precondition_failed, stale
from .errors import problem
from .pagination import paginate
from .queries import entries_full
from .schemas import CorrectionIn, EntryDetail, EntryFilters, EntryIn, EntryOut, EntryPage, Problem

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


def _aware(moment):
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _created(response: HttpResponse, entry) -> Status:
    response["Location"] = reverse("api:entry_detail", kwargs={"entry_id": entry.pk})
    return Status(201, serializers.entry(entries_full().get(pk=entry.pk)))


@router.get("", response={200: EntryPage, 400: Problem, **ERRORS}, url_name="entry_list",
            summary="Tijdlijn van een huishouden (nieuwste eerst)")
def list_entries(request, filters: Query[EntryFilters]):
    if filters.household is None:
        return problem(400, "Kies een huishouden: /entries?household=<id>.",
                       invalid_params=[{"name": "household",
                                        "reason": "Dit veld is verplicht."}])
    ctx = access_context(request)
    household, decision = fetch(ctx, Household.objects.all(), filters.household, action=READ,
                                event_code="api.entry.list")
    qs = visible(ctx, READ, entries_full().filter(household=household, is_current=True))
    if filters.subject is not None:
        qs = qs.filter(subject_links__person_id=filters.subject)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organisation is not None:
        qs = qs.filter(owner_organisation_id=filters.organisation)
    items, page = paginate(request, qs.order_by("-occurred_at", "-recorded_at", "id"), filters)
    # The relation that opened the household names the read (like the web timeline):
    # under emergency access it is flagged and logged as "noodtoegang".
    record(ctx, "api.entry.list", items, decision=decision)
    return {**page, "results": [serializers.entry(e) for e in items]}


@router.get("/{uuid:entry_id}", response={200: EntryDetail, 401: Problem, 404: Problem},
            url_name="entry_detail", summary="Eén aantekening met al haar versies")
def get_entry(request, entry_id: UUID, response: HttpResponse):
    ctx = access_context(request)
    entry, decision = fetch(ctx, entries_full().select_related("household"), entry_id,
                            action=READ, event_code="api.entry.read")
    versions = list(visible(ctx, READ, Entry.objects.select_related("author")
                            .prefetch_related("subjects")
                            .filter(root_id=entry.root_id or entry.pk)).order_by("version"))
    record(ctx, "api.entry.read", [entry] + [v for v in versions if v.pk != entry.pk],
           decision=decision)
    response["ETag"] = entry_etag(entry.root_id or entry.pk, versions[-1].version)
    identity = ReporterIdentity.objects.filter(entry_id=entry.pk).first()
    allowed = identity is not None and may_see_reporter(ctx, entry, decision)
    if allowed:
        # The reporter's own kind: no family member is its subject, so the read does not
        # show up in the family's "Wie keek er?" (it would hint that someone reported).
        record(ctx, "entry.reporter.read", [identity], decision=decision)
    return {**serializers.entry(entry),
            "versions": [serializers.entry_version(v) for v in versions],
            "reporter": serializers.reporter(identity, allowed)}


@router.post("", response={201: EntryOut, **ERRORS}, url_name="entry_create",
             summary="Een aantekening toevoegen aan de tijdlijn")
def create_entry(request, payload: EntryIn, response: HttpResponse):
    ctx = access_context(request)
    household, _ = fetch(ctx, Household.objects.all(), payload.household, action=ADD_ENTRY,
                         event_code="api.entry.create")
    case = None
    if payload.case is not None:
        case, _ = fetch(ctx, Case.objects.select_related("household"), payload.case,
                        action=READ, event_code="api.entry.create")
    wanted = list(dict.fromkeys(payload.subjects))
    found = {p.pk: p for p in visible(ctx, READ, Person.objects.filter(pk__in=wanted))}
    # Unknown or invisible ids stay in as unsaved stand-ins: the service then reports
    # "not a member of this household" without saying whether they exist.
    subjects = [found.get(pk) or Person(pk=pk) for pk in wanted]
    member = None
    if payload.confidential_for_member is not None:
        # As with subjects: the service checks membership without saying what exists.
        member = visible(ctx, READ, Person.objects.filter(
            pk=payload.confidential_for_member)).first() or Person(
            pk=payload.confidential_for_member)
    entry = add_entry(ctx, household, kind=payload.kind, text=payload.text,
                      occurred_at=_aware(payload.occurred_at), subjects=subjects,
                      confidentiality=serializers.CONFIDENTIALITY_VALUES[payload.confidentiality],
                      legal_basis=payload.legal_basis, case=case,
                      health_data=payload.health_data, criminal_data=payload.criminal_data,
                      third_party_data=payload.third_party_data,
                      confidential_for_member=member, secrecy_release=payload.secrecy_release,
                      reporter=payload.reporter.dict() if payload.reporter else None)
    return _created(response, entry)


@router.post("/{uuid:entry_id}/corrections",
             response={201: EntryOut, 403: Problem, 409: Problem, 412: Problem, 428: Problem,
                       **ERRORS},
             url_name="entry_correct", summary="Een aantekening corrigeren (nieuwe versie)",
             description="Stuur in de kop `If-Match` de `ETag` mee die `GET /entries/{id}` "
                         "gaf. Heeft iemand anders de aantekening intussen gecorrigeerd, "
                         "dan is het antwoord 412 met de nieuwe ETag; zonder `If-Match` "
                         "is het antwoord 428.")
def correct(request, entry_id: UUID, payload: CorrectionIn, response: HttpResponse):
    ctx = access_context(request)
    entry, _ = fetch(ctx, entries_full().select_related("household"), entry_id, action=READ,
                     event_code="api.entry.correct")
    current = current_entry_etag(ctx, entry)
    if (refused := precondition_failed(request, current, required=True)) is not None:
        return refused
    decision = decide(ctx, CORRECT, entry)
    if not decision.allowed:
        # The user may read the entry, so this is no 404: say why, and log the refusal.
        record(ctx, "api.entry.correct", [entry], action="correct", result="refused",
               rule=decision.rule)
        status = 409 if decision.rule == "superseded" else 403
        return problem(status, decision.reason, keep=True)
    try:
        new = correct_entry(ctx, entry, text=payload.text, reason=payload.reason)
    except CorrectedMeanwhile:
        # Lost the race after the If-Match check: the same answer as a stale tag.
        return stale(current_entry_etag(ctx, entry))
    response["ETag"] = entry_etag(new.root_id, new.version)
    return _created(response, new)
