"""Consent (toestemming) chosen by the family member in the portal.

Who may decide follows access/consent.py (Jeugdwet art. 7.3.4, 7.3.5): a family member
records only their OWN decision, for themselves (12 and older; under 12 they have no
login) or for a child under 16 over whom they hold gezag. Whether consent is effective
(both child and parent from 12 to 16, the young person alone from 16) is computed by
the access module from all decisions.

The rows are written by access.consent_service.record_consent(), as for
professionals; this module only adds which persons the member acts for here.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netwerkdossier.access.consent_service import allowed_givers, record_consent
from netwerkdossier.access.models import Consent


def may_decide_for(ctx, person, represented) -> bool:
    """ctx's person is the person or a current gezag holder, and acts for them here."""
    if person.pk not in {p.pk for p in represented}:
        return False
    return ctx.person_id in {p.pk for p in allowed_givers(person)}


def record_family_consent(ctx, person, scope, decision, represented, rule="") -> Consent:
    if not may_decide_for(ctx, person, represented):
        raise ValidationError({"person": [_("Voor deze persoon kunt u geen toestemming "
                                            "geven.")]})
    return record_consent(ctx, person, scope, decision, ctx.person_id,
                          note=_("Zelf gekozen in het gezinsportaal."), rule=rule)
