"""Break-the-glass (noodtoegang): a professional outside the team opens a household for a
limited time after writing a reason. The case lead and the privacy officer are told at
once, and every use waits in the privacy officer's review queue.

The relation itself (who may read what while it lasts) lives in relations.py and
entry_rules.py; this module starts and reviews it. Durations and thresholds are data in
rules/break_glass.toml.
"""

import dataclasses
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.accounts.notifications import Notification
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.monitoring import events as monitoring_events
from netwerkdossier.organisations.models import Membership

from .models import BreakGlass
from .relations import CONTENT_PURPOSES, CONTENT_ROLES, FULL, household_relations, refusal
from .rules_common import active_on

NOTIFY_KIND = "break_glass"


def settings_() -> dict:
    return rules.load("break_glass")


def default_hours() -> int:
    return int(settings_()["break_glass_hours"])


def min_reason_length() -> int:
    return int(settings_()["min_reason_length"])


def may_start(ctx) -> bool:
    """Whether ctx's role could ever use emergency access (professionals with content)."""
    return (not ctx.is_family and ctx.membership is not None
            and ctx.role in CONTENT_ROLES)


def already_has_access(ctx, household) -> bool:
    """A team-type relation makes emergency access unnecessary; a case-table seat (the
    minimal picture only) does not."""
    return any(r in FULL for r in household_relations(ctx, household.pk))


def active_break_glass(user, household_id):
    """The latest running emergency access of user to a household, or None."""
    now = timezone.now()
    return (BreakGlass.objects.filter(user=user, household_id=household_id,
                                      started_at__lte=now, expires_at__gt=now)
            .order_by("-expires_at").first())


def current_member_ids(household) -> list:
    return list(HouseholdMember.objects.filter(active_on(), household=household)
                .values_list("person_id", flat=True))


def validate_request(ctx, reason: str, purpose: str) -> None:
    """The checks that do not depend on the household: role, the session's purpose, the
    declared purpose and the reason. The start page runs these before it looks the
    household up, so a refusal here never tells whether an id is a household."""
    if not may_start(ctx):
        raise ValidationError(_("Met uw rol kunt u geen noodtoegang gebruiken."),
                              code="role")
    if refusal(ctx) in ("purpose", "no_purpose"):
        # The emergency access would open nothing under the purpose this session has.
        raise ValidationError(_("Met het doel waarvoor u nu werkt, kunt u geen dossiers "
                                "inzien. Kies eerst een ander doel."), code="purpose")
    errors = {}
    if purpose not in CONTENT_PURPOSES:
        errors["purpose"] = _("Kies waarvoor u de gegevens nodig hebt.")
    if len(reason.strip()) < min_reason_length():
        errors["reason"] = _("Beschrijf waarom u nu toegang nodig hebt (minstens "
                             "%(n)d tekens).") % {"n": min_reason_length()}
    if errors:
        raise ValidationError(errors)


def _validate(ctx, household, reason: str, purpose: str) -> None:
    validate_request(ctx, reason, purpose)
    if already_has_access(ctx, household):
        raise ValidationError(_("U hebt al toegang; noodtoegang is niet nodig."),
                              code="has_access")


def _recipients(household):
    """Casusregisseurs of open cases of the household, and the privacy officers of the
    organisations in the household's region: {user: is_privacy_officer}."""
    leads = (TeamAssignment.objects.filter(active_on(), role=TeamAssignment.Role.CASUSREGISSEUR,
                                           case__household=household,
                                           case__closed_on__isnull=True)
             .select_related("user"))
    officers = (Membership.objects.filter(active_on(), role=Membership.Role.PRIVACY_OFFICER,
                                          organisation__region_id=household.region_id)
                .select_related("user"))
    recipients = {}
    for assignment in leads:
        recipients.setdefault(assignment.user, False)
    for membership in officers:
        recipients[membership.user] = True
    return recipients


def _notify(ctx, household, glass: BreakGlass) -> list[Notification]:
    who = ctx.user.get_full_name() or ctx.user.username
    organisation = ctx.membership.organisation.name
    review_link = reverse("web:break_glass_queue")
    household_link = reverse("web:household", args=[household.pk])
    notes = []
    for user, is_officer in _recipients(household).items():
        if user.pk == ctx.user.pk:
            continue
        if is_officer:
            text = _("Noodtoegang gebruikt door %(who)s (%(org)s) bij een huishouden in "
                     "gemeente %(municipality)s. Beoordeel dit in de beoordelingslijst.") % {
                "who": who, "org": organisation, "municipality": household.municipality}
            link = review_link
        else:
            text = _("Noodtoegang gebruikt door %(who)s (%(org)s) bij een huishouden uit uw "
                     "werkvoorraad. Reden staat in de beoordelingslijst.") % {
                "who": who, "org": organisation}
            link = household_link
        notes.append(Notification(recipient=user, kind=NOTIFY_KIND, text=text, link=link,
                                  created_at=glass.started_at))
    return Notification.objects.bulk_create(notes)


def start_break_glass(ctx, household, reason: str, hours: int | None = None,
                      purpose: str | None = None) -> BreakGlass:
    """Open `household` for ctx for `hours` (default from rules/break_glass.toml).

    Raises a Dutch ValidationError and saves nothing when the reason is too short, the
    role may not use emergency access, or ctx already has a normal relation.
    """
    purpose = purpose or ctx.purpose
    reason = (reason or "").strip()
    hours = default_hours() if hours is None else hours
    with transaction.atomic():
        _validate(ctx, household, reason, purpose)
        now = timezone.now()
        glass = BreakGlass.objects.create(
            user=ctx.user, organisation=ctx.membership.organisation, household=household,
            reason=reason, purpose=purpose, started_at=now,
            expires_at=now + timedelta(hours=hours))
        _notify(ctx, household, glass)
        monitoring_events.break_glass_started(glass)
        # The record carries the purpose declared for this emergency access.
        log_ctx = dataclasses.replace(ctx, purpose=purpose, cache={})
        append(log_ctx, [LogEvent(
            event_code="break_glass.start", action="E", object_type="household",
            object_ids=[household.pk], subject_ids=current_member_ids(household),
            rule="break_glass", break_glass=True)])
        # The relation cache of this request predates the new row.
        ctx.cache.pop(("relations", household.pk), None)
    return glass


def review_break_glass(ctx, glass: BreakGlass, outcome: str, note: str = "") -> BreakGlass:
    """The privacy officer's verdict on one use; logged, and final."""
    if ctx.role != Membership.Role.PRIVACY_OFFICER:
        raise ValidationError(_("Alleen de functionaris gegevensbescherming beoordeelt "
                                "noodtoegang."), code="role")
    if glass.user_id == ctx.user.pk:  # one login may hold both roles: four eyes still
        raise ValidationError(_("U gebruikte deze noodtoegang zelf. Een andere "
                                "functionaris gegevensbescherming moet hem beoordelen."),
                              code="own")
    errors = {}
    if outcome not in BreakGlass.Outcome.values:
        errors["outcome"] = _("Kies of de noodtoegang terecht of onterecht was.")
    if outcome == BreakGlass.Outcome.UNJUSTIFIED and not note.strip():
        errors["note"] = _("Schrijf op waarom de noodtoegang onterecht was.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = BreakGlass.objects.select_for_update().get(pk=glass.pk)
        if locked.reviewed_at is not None:
            raise ValidationError(_("Deze noodtoegang is al beoordeeld."), code="reviewed")
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = ctx.user
        locked.outcome = outcome
        locked.review_note = note.strip()
        locked.save(update_fields=["reviewed_at", "reviewed_by", "outcome", "review_note"])
        append(ctx, [LogEvent(
            event_code="break_glass.review", action="U", object_type="break_glass",
            object_ids=[locked.pk], rule="privacy_officer")])
    return locked
