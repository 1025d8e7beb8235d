"""Consent (toestemming) chosen by the family member in the portal.

Who may decide follows access/consent.py (Jeugdwet art. 7.3.4, 7.3.5): a family member
records only their OWN decision, for themselves (12 and older; under 12 they have no
login) or for a child under 16 over whom they hold gezag. Whether consent is effective
(both child and parent from 12 to 16, the young person alone from 16) is computed by
the access module from all decisions.

access.consent_service.record_consent() refuses any context without an organisation
membership, so a family member cannot use it yet (see the xfail test in
tests/portal/test_consent.py). Until that is changed, this function writes the same
rows in the same way: supersede the giver's current decision, keep the history, log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netwerkdossier.access.consent_service import allowed_givers
from netwerkdossier.access.models import Consent
from netwerkdossier.audit.log import LogEvent, append

FAMILY_CHOICES = (Consent.Decision.GIVEN, Consent.Decision.WITHDRAWN)


def may_decide_for(ctx, person, represented) -> bool:
    """ctx's person is the person or a current gezag holder, and acts for them here."""
    if person.pk not in {p.pk for p in represented}:
        return False
    return ctx.person_id in {p.pk for p in allowed_givers(person)}


def record_family_consent(ctx, person, scope, decision, represented, rule="") -> Consent:
    errors: dict = {}
    if scope not in Consent.Scope.values:
        errors["scope"] = [_("Kies waarvoor de toestemming geldt.")]
    if decision not in FAMILY_CHOICES:
        errors["decision"] = [_("Kies ja of nee.")]
    if not may_decide_for(ctx, person, represented):
        errors["person"] = [_("Voor deze persoon kunt u geen toestemming geven.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        list(Consent.objects.select_for_update().filter(
            person=person, scope=scope, given_by_id=ctx.person_id, is_current=True))
        Consent.objects.filter(person=person, scope=scope, given_by_id=ctx.person_id,
                               is_current=True).update(is_current=False)
        consent = Consent.objects.create(
            person=person, scope=scope, decision=decision, given_by_id=ctx.person_id,
            recorded_by=ctx.user, note=_("Zelf gekozen in het gezinsportaal."))
        append(ctx, [LogEvent(event_code="portal.consent.record", action="C",
                              object_type="consent", object_ids=[consent.pk],
                              subject_ids=[person.pk], rule=rule, consent_profile=scope)])
    return consent
