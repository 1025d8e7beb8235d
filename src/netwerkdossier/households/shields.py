"""Setting and ending an address shield (AddressShield), validated and logged.

The caller has fetched the household with action UPDATE (a team-type relation: team,
registrar or team manager); the access log record names the shield and the residents
it protects, never the address or the reason, and not the person it is shielded from
(so the shield does not show up in that person's 'Wie keek er?').
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import active_on, record

from .models import AddressShield, HouseholdMember

MAX_REASON = 2000


def _reason(text, field: str, missing: str) -> tuple[str, dict]:
    text = (text or "").strip()
    if not text:
        return text, {field: [missing]}
    if len(text) > MAX_REASON:
        return text, {field: [_("De reden is te lang (hoogstens 2.000 tekens).")]}
    return text, {}


def residents(household) -> list:
    """Ids of the persons who live at the household's address today."""
    return list(HouseholdMember.objects.filter(active_on(), household=household,
                                               lives_in=True)
                .values_list("person_id", flat=True))


def shieldable_members(household) -> list:
    """Members (also former ones) who do not live at the address today: those from whom
    the address can be shielded, each once, by birth date."""
    living = set(residents(household))
    seen, result = set(), []
    for m in (HouseholdMember.objects.filter(household=household).select_related("person")
              .order_by("person__birth_date", "person_id")):
        if m.person_id not in living and m.person_id not in seen:
            seen.add(m.person_id)
            result.append(m.person)
    return result


def record_shields(ctx, code, household, objects, *, action="read", decision=None,
                   rule="") -> None:
    """Record the household's shields (or the household itself, for a shield page
    without shields) with the residents they protect as subjects, and nobody else.

    For shields that is what the catalogue says (RESIDENTS); for the household object it
    would name every current member, and the person a shield is against can be one (a
    parent who lives elsewhere): their 'Wie keek er?' would tell them there is an
    address to hide. So the residents are handed over as the subjects.
    """
    record(ctx, code, objects, action=action, decision=decision, rule=rule,
           known_subjects=residents(household))


def set_shield(ctx, household, shielded_from_id, reason, *, rule="") -> AddressShield:
    """Shield the household's address from one member; ValidationError (Dutch) saves
    nothing."""
    reason, errors = _reason(reason, "reason", _("Schrijf op waarom het adres wordt "
                                                 "afgeschermd."))
    candidates = {str(p.pk): p for p in shieldable_members(household)}
    person = candidates.get(str(shielded_from_id or ""))
    if person is None:
        living = HouseholdMember.objects.filter(
            active_on(), household=household, lives_in=True,
            person_id__in=[shielded_from_id] if shielded_from_id else []).exists()
        errors["shielded_from"] = [
            _("Deze persoon woont zelf op dit adres.") if living else
            _("Kies het gezinslid voor wie het adres wordt afgeschermd.")]
    elif AddressShield.objects.filter(household=household, shielded_from=person,
                                      ended_at__isnull=True).exists():
        errors["shielded_from"] = [_("Het adres is al afgeschermd voor %(name)s.")
                                   % {"name": person.full_name}]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            shield = AddressShield.objects.create(
                household=household, shielded_from=person, reason=reason, set_by=ctx.user,
                set_by_organisation_id=ctx.organisation_id)
            record_shields(ctx, "address_shield.set", household, [shield], action="create",
                           rule=rule)
    except IntegrityError:  # set at the same moment by someone else
        raise ValidationError({"shielded_from": [
            _("Het adres is al afgeschermd voor %(name)s.") % {"name": person.full_name}]},
        ) from None
    return shield


def end_shield(ctx, shield, reason, *, rule="") -> AddressShield:
    """End a running shield; the row stays with who ended it, when and why."""
    reason, errors = _reason(reason, "end_reason", _("Schrijf op waarom de afscherming "
                                                     "stopt."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        shield = AddressShield.objects.select_for_update().select_related("household") \
            .get(pk=shield.pk)
        if shield.ended_at is not None:
            raise ValidationError(_("Deze afscherming is al beëindigd."))
        shield.ended_at = timezone.now()
        shield.ended_by = ctx.user
        shield.end_reason = reason
        shield.save(update_fields=["ended_at", "ended_by", "end_reason"])
        record_shields(ctx, "address_shield.end", shield.household, [shield],
                       action="update", rule=rule)
    return shield
