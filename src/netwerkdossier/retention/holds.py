"""Legal holds: set, end, and the question every destruction asks first."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import record

from .grounds import hold_reason
from .models import LegalHold

EXPLANATION_MAX = 2000


def holding(organisation_id, day: date | None = None):
    """The holds in force for an organisation's parts on `day` (today)."""
    day = day or timezone.localdate()
    return LegalHold.objects.filter(organisation_id=organisation_id, ended_at__isnull=True,
                                    until__gte=day)


def held_households(organisation_id, household_ids=None, day: date | None = None) -> set:
    found = holding(organisation_id, day)
    if household_ids is not None:
        found = found.filter(household_id__in=list(household_ids))
    return set(found.values_list("household_id", flat=True))


def set_hold(ctx, household, *, reason: str, explanation: str, until) -> LegalHold:
    """The caller has checked that ctx is the privacy officer of ctx's organisation."""
    errors: dict = {}
    if hold_reason(reason) is None:
        errors["reason"] = [_("Kies de reden van de blokkade.")]
    explanation = (explanation or "").strip()
    if not explanation:
        errors["explanation"] = [_("Schrijf waarom vernietiging moet wachten (bijvoorbeeld "
                                   "het zaaknummer of de klacht).")]
    elif len(explanation) > EXPLANATION_MAX:
        errors["explanation"] = [_("De toelichting is te lang (hoogstens 2.000 tekens).")]
    if until is None:
        errors["until"] = [_("Vul de einddatum van de blokkade in.")]
    elif until < timezone.localdate():
        errors["until"] = [_("De einddatum ligt in het verleden. Kies een datum vanaf "
                             "vandaag.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hold = LegalHold.objects.create(household=household,
                                        organisation_id=ctx.organisation_id, reason=reason,
                                        explanation=explanation, until=until, set_by=ctx.user)
        record(ctx, "retention.hold.create", [hold], action="create")
    return hold


def end_hold(ctx, hold: LegalHold) -> LegalHold:
    with transaction.atomic():
        updated = LegalHold.objects.filter(
            Q(pk=hold.pk), ended_at__isnull=True).update(ended_at=timezone.now(),
                                                         ended_by=ctx.user)
        if not updated:
            raise ValidationError(_("Deze blokkade is al beëindigd."))
        hold.refresh_from_db()
        record(ctx, "retention.hold.end", [hold], action="update")
    return hold
