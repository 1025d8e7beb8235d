"""What family members do in the portal: own statements, correction and destruction
requests (and their handling by the owner organisation), the questionnaire.

Every function checks access through netwerkdossier.access.api first, validates, and
only then writes inside one transaction together with its access-log record.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import CORRECT, READ, decide, record, together
from netwerkdossier.access.family_rules import acts_for
from netwerkdossier.accounts.models import Notification
from netwerkdossier.dossier.models import Entry
from netwerkdossier.dossier.services import correct_entry
from netwerkdossier.monitoring import events as monitoring_events
from netwerkdossier.retention.grounds import refusal

from .models import CorrectionRequest, OwnStatement, QuestionnaireResponse

REASON_MAX = 2000
ANSWER_DAYS = relativedelta(months=1)  # AVG art. 12 lid 3: within one month of receipt
# The persons a member acts for (self, children under 16 with gezag): the one rule in
# access/family_rules.py.
represented_persons = acts_for


def deadline_for(received) -> date:
    return timezone.localtime(received).date() + ANSWER_DAYS


def _require(ctx, action, entry):
    decision = decide(ctx, action, entry)
    if not decision.allowed:
        raise PermissionError(decision.rule)
    return decision


def add_statement(ctx, entry: Entry, text: str) -> OwnStatement:
    """Store the text as typed (templates escape it). Raises ValidationError."""
    decision = _require(ctx, READ, entry)
    if not entry.is_current:
        # A statement belongs beside what the entry says now, not beside replaced text.
        raise ValidationError({"__all__": [_("Er is al een nieuwere versie van deze "
                                             "aantekening. Open de nieuwste versie.")]})
    text = text or ""
    if not text.strip():
        raise ValidationError({"text": [_("Schrijf uw verklaring. Het veld is nu leeg.")]})
    if len(text) > OwnStatement.MAX_LENGTH:
        raise ValidationError({"text": [
            _("Uw verklaring is te lang: %(n)s tekens. Het mogen er hoogstens %(max)s zijn.")
            % {"n": len(text), "max": OwnStatement.MAX_LENGTH}]})
    with transaction.atomic():
        statement = OwnStatement.objects.create(entry=entry, person_id=ctx.person_id,
                                                written_by=ctx.user, text=text)
        # Logged on the entry the statement is added beside (its subjects).
        record(ctx, "portal.statement.create", [entry], decision=decision, action="create")
    return statement


def request_correction(ctx, entry: Entry, kind: str, reason: str) -> CorrectionRequest:
    decision = _require(ctx, READ, entry)
    errors: dict = {}
    if kind not in CorrectionRequest.Kind.values:
        errors["kind"] = [_("Kies of u iets wilt laten verbeteren of vernietigen.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Schrijf wat er niet klopt of waarom het weg moet.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("Uw uitleg is te lang (hoogstens 2.000 tekens).")]
    if not entry.is_current:
        errors["__all__"] = [_("Er is al een nieuwere versie van deze aantekening. Open de "
                               "nieuwste versie.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        request = CorrectionRequest.objects.create(
            entry=entry, owner_organisation_id=entry.owner_organisation_id, kind=kind,
            reason=reason, person_id=ctx.person_id, requested_by=ctx.user, received_at=now,
            deadline=deadline_for(now), entry_kind=entry.kind,
            entry_date=timezone.localtime(entry.occurred_at).date())
        record(ctx, "portal.correction_request.create", [entry], decision=decision,
               action="create")
    return request


def current_version(entry: Entry) -> Entry:
    return Entry.objects.filter(root_id=entry.root_id, is_current=True).first() or entry


def handle_request(ctx, request: CorrectionRequest, *, grant: bool, reason: str,
                   new_text: str = "", refusal_ground: str = "") -> CorrectionRequest:
    """The owner organisation decides. A granted correction becomes a new version of the
    entry (dossier.services.correct_entry). A destruction takes two people (decision
    0035): granting here only proposes it to the organisation's privacy officer, who
    destroys (retention/requests.py); refusing needs a ground the law names. The family
    is notified in the portal."""
    entry = current_version(request.entry) if request.entry_id else None
    decision = decide(ctx, CORRECT, entry) if entry is not None else None
    if decision is None or not decision.allowed:
        raise PermissionError(decision.rule if decision else "entry_destroyed")
    destruction = request.kind == CorrectionRequest.Kind.DESTRUCTION
    errors: dict = {}
    if request.status != CorrectionRequest.Status.OPEN:
        errors["__all__"] = [_("Over dit verzoek is al besloten.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Schrijf de reden van het besluit. Wie het verzoek deed, "
                              "krijgt die te lezen.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("De toelichting is te lang (hoogstens 2.000 tekens).")]
    correcting = grant and not destruction
    if correcting and not (new_text or "").strip():
        errors["new_text"] = [_("Schrijf de verbeterde tekst van de aantekening.")]
    if destruction and not grant and refusal(refusal_ground) is None:
        errors["refusal_ground"] = [_("Kies op welke grond de wet toestaat het verzoek af "
                                      "te wijzen. Past geen van beide, dan moet de "
                                      "aantekening weg.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != CorrectionRequest.Status.OPEN:
            raise ValidationError({"__all__": [_("Over dit verzoek is al besloten.")]})
        if correcting:
            # The version's reason is read by everyone who reads the entry, other family
            # members too; the request, its date and the answer are the requester's
            # (family_rules): they stay on the request (its new_version names the link).
            locked.new_version = correct_entry(
                ctx, entry, text=new_text, reason=_("Verbeterd op verzoek van het gezin."))
        locked.decision_reason = reason
        if destruction and grant:
            locked.status = CorrectionRequest.Status.PROPOSED
            locked.proposed_by, locked.proposed_at = ctx.user, timezone.now()
        else:
            locked.status = (CorrectionRequest.Status.GRANTED if grant
                             else CorrectionRequest.Status.REFUSED)
            locked.refusal_ground = "" if grant else refusal_ground
            locked.decided_by, locked.decided_at = ctx.user, timezone.now()
        locked.save()
        with together(ctx):
            record(ctx, "correction_request.decide", [locked], decision=decision,
                   action="update")
            record(ctx, "correction_request.decide", [entry], decision=decision,
                   action="update")
        if locked.status == CorrectionRequest.Status.PROPOSED:
            notify_privacy_officers(locked)
        else:
            notify_requester(locked)
    return locked


def notify_requester(request: CorrectionRequest) -> None:
    Notification.objects.create(
        recipient=request.requested_by, kind="portal.correction_request",
        text=_("Er is een besluit over uw verzoek. Lees de uitleg bij 'Mijn verzoeken'."),
        link=reverse("portal:requests"))


def notify_privacy_officers(request: CorrectionRequest) -> None:
    """The owner organisation's privacy officers: a proposal waits for one of them."""
    from netwerkdossier.access.rules_common import active_on
    from netwerkdossier.organisations.models import Membership

    officers = Membership.objects.filter(
        active_on(), organisation_id=request.owner_organisation_id,
        role=Membership.Role.PRIVACY_OFFICER).values_list("user_id", flat=True)
    Notification.objects.bulk_create(Notification(
        recipient_id=user_id, kind="retention.destruction_request",
        text=_("Een verzoek om vernietiging wacht op uw besluit."),
        link=reverse("retention:requests")) for user_id in officers)


QUESTIONS = (
    ("seen", _("Ik voel me gezien door de hulpverleners.")),
    ("heard", _("De hulpverleners luisteren naar wat ik zeg.")),
    ("supported", _("Ik krijg de steun die ik nodig heb.")),
    ("safer", _("Het is thuis veiliger geworden.")),
)


def save_questionnaire(ctx, household, answers: dict) -> QuestionnaireResponse:
    """Store one answer without a link to the person or household (and without words
    of the family's own: decision 0058)."""
    errors: dict = {}
    scores = {}
    for key, _label in QUESTIONS:
        try:
            value = int(answers.get(key) or 0)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            errors[key] = [_("Kies een antwoord van 1 tot en met 5.")]
        scores[key] = value
    if errors:
        raise ValidationError(errors)
    case = household.cases.filter(closed_on__isnull=True).order_by("opened_on").first()
    person = ctx.user.person
    group = (QuestionnaireResponse.Group.YOUTH if person.age() < 18
             else QuestionnaireResponse.Group.ADULT)
    with transaction.atomic():
        response = QuestionnaireResponse.objects.create(
            organisation_id=case.lead_organisation_id if case else None,
            phase=case.phase if case else "", group=group,
            month=timezone.localdate().replace(day=1), **scores)
        monitoring_events.experience_given(response, household.region_id)
    return response


def questionnaire_summary(organisation_id) -> dict | None:
    """Average scores per question for one organisation; None below MIN_GROUP answers,
    so a small group cannot be traced back to a family."""
    from django.db.models import Avg, Count

    rows = QuestionnaireResponse.objects.filter(organisation_id=organisation_id)
    summary = rows.aggregate(n=Count("id"), **{k: Avg(k) for k, _l in QUESTIONS})
    if summary["n"] < QuestionnaireResponse.MIN_GROUP:
        return None
    return summary
