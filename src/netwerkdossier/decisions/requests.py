"""Requests for a measure (issue 14 point 6): draft one from a decision record's facts,
ask and give the independent review (someone of another organisation than the author's;
never the author), record the offer of client support and the family's answer, share
the draft with the family in the portal with a response period, take the family's
response, and send it - which registers the measure "aangevraagd" through
measures.services and takes the decision.

Rules as data: rules/measure_requests.toml (request_rules.py). Every step checks its whole
input first and raises a Dutch ValidationError (or PermissionDenied for a person who may
not take the step) without writing anything; rows, notifications and access-log records
go in one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import READ, UPDATE, context_for, decide, record, together
from netwerkdossier.accounts.models import Notification, User
from netwerkdossier.cases.models import Case
from netwerkdossier.cases.team import current as current_team
from netwerkdossier.measures import services as measure_services
from netwerkdossier.measures.catalogue import catalogue
from netwerkdossier.portal.auth import CHANNEL, may_have_login

from . import services
from .models import DecisionKind, DecisionRecord, FamilyView, MeasureRequest, Review
from .request_rules import request_rules
from .services import Errors, text

Status = MeasureRequest.Status
EDITABLE = (Status.CONCEPT, Status.TERUGGESTUURD)


def _entry(measure_key: str):
    try:
        return catalogue().get(measure_key or "")
    except KeyError:
        return None


def requester_for(ctx) -> str | None:
    return request_rules().requester_for(ctx.organisation_kind)


def requestable(ctx) -> list:
    """The catalogue entries ctx's organisation may ask a court for (the form's choices)."""
    requester = requester_for(ctx)
    return [m for m in catalogue().measures if requester and requester in m.requested_by]


# --- drafting ---------------------------------------------------------------------------

@transaction.atomic
def draft(ctx, household, *, person_id, measure_key: str, court: str, grounds: str
          ) -> MeasureRequest:
    errors = Errors()
    requester = requester_for(ctx)
    if requester is None:
        names = sorted({n for n in request_rules().requesters.values()})
        raise PermissionDenied(_("Uw organisatie dient geen verzoek om een maatregel in. "
                                 "Dat doen: %(who)s.") % {"who": ", ".join(names)})
    person = services.member_of(household, person_id)
    if person is None:
        errors.add("person", _("Kies voor wie het verzoek is: een gezinslid van dit "
                               "huishouden."))
    entry = _entry(measure_key)
    if entry is None:
        errors.add("measure_key", _("Kies de maatregel."))
    elif requester not in entry.requested_by:
        errors.add("measure_key", _("Een %(label)s kan niet worden verzocht door %(who)s; "
                                    "dat kunnen: %(by)s.") % {
            "label": entry.label.lower(), "who": requester,
            "by": ", ".join(entry.requested_by) or entry.decided_by.lower()})
    court = text(court, "court", errors, limit=200,
                 required=_("Noem de rechtbank waar het verzoek naartoe gaat."))
    grounds = text(grounds, "grounds", errors, limit=10000,
                   required=_("Schrijf het verzoek en de gronden op."))
    errors.raise_if_any()
    case = Case.objects.filter(household=household, closed_on__isnull=True) \
        .order_by("-opened_on").first()
    decision = services.start(
        ctx, household, kind=DecisionKind.VERZOEK_MAATREGEL, person_id=person.pk, case=case,
        question=_("Verzoek om een %(label)s voor %(name)s") % {
            "label": entry.label.lower(), "name": person.given_names})
    request = MeasureRequest.objects.create(
        decision=decision, household=household, person=person, measure_key=entry.key,
        requester=requester, court=court, grounds=grounds,
        owner_organisation_id=ctx.organisation_id, created_by=ctx.user)
    record(ctx, "measure_request.draft", [request], action="create")
    return request


# --- the independent review -------------------------------------------------------------

def reviewers(request: MeasureRequest, author) -> list:
    """Who may review: a current team member of the household's open cases, of another
    organisation than the request's (and than the author's), never the author, who may
    read the draft under the access model (their own purpose)."""
    rules = request_rules()
    assignments = (current_team().filter(case__household_id=request.household_id,
                                         case__closed_on__isnull=True)
                   .exclude(user_id=author.pk).select_related("user", "organisation")
                   .order_by("user__last_name", "user__first_name"))
    found, seen = [], set()
    for a in assignments:
        if a.user_id in seen:
            continue
        seen.add(a.user_id)
        if rules.other_organisation and a.organisation_id == request.owner_organisation_id:
            continue
        if decide(context_for(a.user, membership_id=None), READ, request).allowed:
            found.append(a)
    return found


def _refusal_to_review(ctx, review: Review) -> str:
    request = review.request
    if ctx.user.pk == request.created_by_id:
        return _("U schreef dit verzoekschrift zelf. Iemand van een andere organisatie "
                 "toetst het: vier ogen.")
    if ctx.user.pk != review.reviewer_id:
        return _("Alleen de gevraagde toetser beantwoordt deze toets.")
    if request_rules().other_organisation and \
            ctx.organisation_id == request.owner_organisation_id:
        return _("U werkt bij dezelfde organisatie als de opsteller. De toets is "
                 "onafhankelijk: iemand van een andere organisatie doet hem.")
    return ""


def refusal_to_review(ctx, review: Review | None) -> str:
    return _refusal_to_review(ctx, review) if review is not None else ""


@transaction.atomic
def ask_review(ctx, request: MeasureRequest, reviewer_id) -> Review:
    request = MeasureRequest.objects.select_for_update().select_related("decision") \
        .get(pk=request.pk)
    services._require_write(ctx, request.decision)
    errors = Errors()
    if request.status not in EDITABLE:
        errors.add("__all__", _("Dit verzoekschrift ligt al ter toetsing of is al verder."))
    # A fact without a source does not stop the question: the reviewer sees it flagged
    # and cannot approve until it has one (answer_review).
    candidates = {str(a.user_id): a for a in reviewers(request, ctx.user)}
    chosen = candidates.get(str(reviewer_id or ""))
    if chosen is None:
        if str(reviewer_id or "") == str(ctx.user.pk):
            errors.add("reviewer", _("U kunt uw eigen verzoekschrift niet toetsen."))
        elif not candidates:
            errors.add("reviewer", _("Niemand in het team van een andere organisatie kan dit "
                                     "verzoekschrift lezen en toetsen. Zet eerst een toetser "
                                     "van een andere organisatie in het team."))
        else:
            errors.add("reviewer", _("Kies een toetser van een andere organisatie uit de "
                                     "lijst."))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            review = Review.objects.create(
                request=request, household_id=request.household_id,
                person_id=request.person_id, request_version=request.version,
                reviewer=chosen.user, reviewer_organisation=chosen.organisation,
                asked_by=ctx.user)
    except IntegrityError:
        raise ValidationError({"__all__": [_("Er loopt al een toets.")]}) from None
    MeasureRequest.objects.filter(pk=request.pk).update(status=Status.TER_TOETSING)
    Notification.objects.create(
        recipient=chosen.user, kind="measure_request.review",
        link=reverse("decisions:request", args=[request.pk]),
        text=_("Een verzoekschrift wacht op uw onafhankelijke toets."))
    with together(ctx):
        record(ctx, "measure_request.review.ask", [review], action="create")
        record(ctx, "measure_request.review.ask", [request], action="update")
    return review


def _fact_problems(decision: DecisionRecord) -> dict:
    try:
        services.check_complete(decision)
    except ValidationError as exc:
        return {"__all__": [str(m) for m in exc.message_dict["__all__"]]}
    return {}


def pending_review(request: MeasureRequest) -> Review | None:
    return request.reviews.filter(outcome="").select_related(
        "reviewer", "reviewer_organisation").first()


@transaction.atomic
def answer_review(ctx, review: Review, *, outcome: str, reasons: str) -> Review:
    """Approve, or send back with reasons. Only the asked reviewer, of another
    organisation than the author's; the author never."""
    review = Review.objects.select_for_update().select_related("request").get(pk=review.pk)
    refused = _refusal_to_review(ctx, review)
    if refused:
        raise PermissionDenied(refused)
    errors = Errors()
    if review.outcome:
        errors.add("__all__", _("Deze toets is al beantwoord."))
    if outcome not in Review.Outcome.values:
        errors.add("outcome", _("Kies de uitkomst: goedkeuren of terugsturen."))
    reasons = text(reasons, "reasons", errors, limit=4000)
    if outcome == Review.Outcome.TERUGGESTUURD and not reasons:
        errors.add("reasons", _("Schrijf op waarom u het verzoekschrift terugstuurt. De "
                                "opsteller leest dit."))
    request = MeasureRequest.objects.select_for_update().select_related("decision") \
        .get(pk=review.request_id)
    if outcome == Review.Outcome.GOEDGEKEURD:
        missing = services.missing_sources(request.decision)
        if missing:
            errors.add("outcome", _("U kunt niet goedkeuren zolang een feit geen bron "
                                    "heeft. Stuur het verzoekschrift terug."))
            for message in missing:
                errors.add("__all__", message)
    if request.version != review.request_version:
        errors.add("__all__", _("Het verzoekschrift is veranderd sinds de toets werd "
                                "gevraagd. Vraag de opsteller om een nieuwe toets."))
    errors.raise_if_any()
    Review.objects.filter(pk=review.pk).update(outcome=outcome, reasons=reasons,
                                               answered_at=timezone.now())
    review.refresh_from_db()
    approved = outcome == Review.Outcome.GOEDGEKEURD
    MeasureRequest.objects.filter(pk=request.pk).update(
        status=Status.GOEDGEKEURD if approved else Status.TERUGGESTUURD)
    Notification.objects.create(
        recipient_id=request.created_by_id, kind="measure_request.review",
        link=reverse("decisions:request", args=[request.pk]),
        text=_("Uw verzoekschrift is goedgekeurd na de onafhankelijke toets.") if approved
        else _("Uw verzoekschrift is teruggestuurd na de toets. Lees de redenen."))
    with together(ctx):
        record(ctx, "measure_request.review.answer", [review], action="update")
        record(ctx, "measure_request.review.answer", [request], action="update")
    return review


# --- client support, the family -----------------------------------------------------------

@transaction.atomic
def record_support(ctx, request: MeasureRequest, *, offered_on, by: str, answer: str
                   ) -> MeasureRequest:
    """The offer of client support to the family, by whom, and their answer (never
    preselected; "nog geen antwoord" is an answer one records, not a default)."""
    request = MeasureRequest.objects.select_for_update().select_related("decision") \
        .get(pk=request.pk)
    services._require_write(ctx, request.decision)
    errors = Errors()
    if request.status == Status.VERZONDEN:
        errors.add("__all__", _("Dit verzoekschrift is al verzonden."))
    if offered_on is None:
        errors.add("offered_on", _("Vul in wanneer cliëntondersteuning is aangeboden."))
    elif offered_on > timezone.localdate():
        errors.add("offered_on", _("Deze datum ligt in de toekomst."))
    by = text(by, "by", errors, limit=200,
              required=_("Noem wie de cliëntondersteuning geeft, bijvoorbeeld de "
                         "onafhankelijke cliëntondersteuner van de gemeente."))
    if answer not in MeasureRequest.Support.values:
        errors.add("answer", _("Kies wat het gezin antwoordde op het aanbod."))
    errors.raise_if_any()
    request.support_offered_on, request.support_by, request.support_answer = (offered_on,
                                                                              by, answer)
    request.support_recorded_by = ctx.user
    request.save(update_fields=["support_offered_on", "support_by", "support_answer",
                                "support_recorded_by"])
    record(ctx, "measure_request.support", [request], action="update")
    return request


def family_readers(request: MeasureRequest) -> list:
    """The portal accounts that read the draft once shared (the access module's family
    gate decides; asked per account, so the rule is written once)."""
    users = User.objects.filter(kind=User.Kind.GEZINSLID,
                                person__memberships__household_id=request.household_id) \
        .distinct()
    shared = DecisionRecord(pk=request.decision_id, household_id=request.household_id,
                            person_id=request.person_id, kind=request.decision.kind,
                            owner_organisation_id=request.owner_organisation_id,
                            case_id=request.decision.case_id, shared_with_family=True)
    return [u for u in users if may_have_login(u) and
            decide(context_for(u, channel=CHANNEL), READ, shared).allowed]


@transaction.atomic
def share_with_family(ctx, request: MeasureRequest, *, today=None) -> MeasureRequest:
    """Give the family the draft in the portal, with the response period of the rules."""
    today = today or timezone.localdate()
    request = MeasureRequest.objects.select_for_update().select_related("decision") \
        .get(pk=request.pk)
    services._require_write(ctx, request.decision)
    errors = Errors()
    if request.shared_on is not None:
        errors.add("__all__", _("Het gezin heeft het concept al gekregen."))
    if request.status == Status.VERZONDEN:
        errors.add("__all__", _("Dit verzoekschrift is al verzonden."))
    errors.update(_fact_problems(request.decision))
    errors.raise_if_any()
    request.shared_on, request.respond_by = today, request_rules().respond_by(today)
    request.save(update_fields=["shared_on", "respond_by"])
    DecisionRecord.objects.filter(pk=request.decision_id).update(shared_with_family=True)
    request.decision.shared_with_family = True
    link = reverse("portal:measure_request", args=[request.pk])
    Notification.objects.bulk_create(Notification(
        recipient=u, kind="measure_request.shared", link=link,
        text=_("Er is een concept van een verzoek aan de rechter. Lees het en reageer "
               "voor %(date)s.") % {"date": request.respond_by.strftime("%d-%m-%Y")})
        for u in family_readers(request))
    record(ctx, "measure_request.share", [request], action="update")
    return request


def family_responded(request: MeasureRequest) -> bool:
    return FamilyView.objects.filter(decision_id=request.decision_id,
                                     via=FamilyView.Via.PORTAAL).exists()


@transaction.atomic
def respond(ctx, request: MeasureRequest, *, answers: dict, words: str) -> list:
    """The family member's response in the portal: per fact (fact -> (answer, words)) and
    about the whole draft. Only their own; only while the request was not sent."""
    if request.status == Status.VERZONDEN:
        raise ValidationError({"__all__": [_("Het verzoek is al naar de rechter gestuurd. "
                                             "Een eerdere reactie staat erbij.")]})
    decision = request.decision
    facts = {str(f.pk): f for f in decision.facts.all()}
    errors = Errors()
    given = {k: v for k, v in answers.items() if v[0] or (v[1] or "").strip()}
    if not given and not (words or "").strip():
        raise ValidationError({"__all__": [_("Geef bij minstens één feit een antwoord, of "
                                             "schrijf een reactie.")]})
    for fact_id, (answer, fact_words) in given.items():
        fact = facts.get(str(fact_id))
        if fact is None:
            raise PermissionDenied(_("Dit feit hoort niet bij dit concept."))
        field = f"answer_{fact.number}"
        if answer not in (FamilyView.Answer.EENS, FamilyView.Answer.ONEENS):
            errors.add(field, _("Feit %(n)s: kies 'dit klopt' of 'dit klopt niet'.") % {
                "n": fact.number})
        elif answer == FamilyView.Answer.ONEENS and not (fact_words or "").strip():
            errors.add(f"words_{fact.number}", _("Feit %(n)s: schrijf op wat er niet "
                                                 "klopt.") % {"n": fact.number})
    errors.raise_if_any()
    made = [services.record_view(ctx, decision, person_id=ctx.person_id, answer=answer,
                                 words=fact_words, fact=facts[str(fact_id)],
                                 via=FamilyView.Via.PORTAAL)
            for fact_id, (answer, fact_words) in given.items()]
    if (words or "").strip():
        made.append(services.record_view(ctx, decision, person_id=ctx.person_id, answer="",
                                         words=words, via=FamilyView.Via.PORTAAL))
    Notification.objects.create(
        recipient_id=request.created_by_id, kind="measure_request.response",
        link=reverse("decisions:request", args=[request.pk]),
        text=_("Het gezin heeft gereageerd op het concept van een verzoekschrift."))
    return made


# --- sending ------------------------------------------------------------------------------

@transaction.atomic
def send(ctx, request: MeasureRequest, *, reference: str, today=None) -> MeasureRequest:
    """Send the request: approved by the independent review, client support offered and
    the answer recorded, the family given the draft and their response or the end of the
    response period; then the measure is registered "aangevraagd" and the decision taken."""
    today = today or timezone.localdate()
    request = MeasureRequest.objects.select_for_update().select_related("decision") \
        .get(pk=request.pk)
    services._require_write(ctx, request.decision)
    errors = Errors()
    if request.status == Status.VERZONDEN:
        errors.add("__all__", _("Dit verzoekschrift is al verzonden."))
    elif request.status != Status.GOEDGEKEURD:
        errors.add("__all__", _("Het verzoekschrift is nog niet goedgekeurd na de "
                                "onafhankelijke toets."))
    errors.update(_fact_problems(request.decision))
    if request.support_offered_on is None or not request.support_answer:
        errors.add("__all__", _("Leg eerst vast dat cliëntondersteuning is aangeboden en wat "
                                "het gezin antwoordde."))
    if request.shared_on is None:
        errors.add("__all__", _("Het gezin heeft het concept nog niet gekregen. Deel het "
                                "eerst in het gezinsportaal."))
    elif today < request.respond_by and not family_responded(request):
        errors.add("__all__", _("Het gezin kan nog reageren tot %(date)s. Verstuur het "
                                "verzoek daarna, of als het gezin heeft gereageerd.") % {
            "date": request.respond_by.strftime("%d-%m-%Y")})
    reference = text(reference, "reference", errors, limit=100,
                     required=_("Noem het kenmerk van het verzoekschrift."))
    errors.raise_if_any()
    entry = _entry(request.measure_key)
    measure = measure_services.register(
        ctx, request.household, person_id=request.person_id, measure_key=entry.key,
        authority_kind=entry.decided_by, authority_name=request.court,
        requester=request.requester, requested_on=today,
        first=measure_services.StatusIn(
            status="aangevraagd", status_on=today,
            source_reference=_("Verzoekschrift %(ref)s") % {"ref": reference}))
    request.status, request.sent_on, request.reference, request.measure = (
        Status.VERZONDEN, today, reference, measure)
    request.save(update_fields=["status", "sent_on", "reference", "measure"])
    services.take(ctx, request.decision, today=today)
    record(ctx, "measure_request.send", [request], action="update")
    return request


def may_draft(ctx, household) -> bool:
    return bool(requestable(ctx)) and decide(ctx, UPDATE, DecisionRecord(
        household=household, owner_organisation_id=ctx.organisation_id)).allowed

