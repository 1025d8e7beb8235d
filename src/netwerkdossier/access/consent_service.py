"""Record consent decisions (toestemming) per person and scope, and show their state.

Who may decide follows the age rules in consent.py (Jeugdwet art. 7.3.4 and 7.3.5); here
only the person themselves or a parent/guardian with current gezag can be recorded as
the one who gave, refused or withdrew consent. A new decision supersedes the previous
current decision of the same giver for the same scope; the history stays.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.households.models import Gezag, Person

from .consent import has_effective_consent, who_decides
from .models import Consent
from .relations import FULL
from .rules_common import active_on


def may_manage_consent(decision) -> bool:
    """Consent is recorded by professionals with a team-type relation (team, registrar,
    manager) to one of the person's households; `decision` is decide(ctx, UPDATE, person)."""
    return decision.allowed and decision.rule.split("+", 1)[0] in FULL


def allowed_givers(person) -> list:
    """The person and the current gezag holders of the person, in that order."""
    holders = list(Person.objects.filter(
        pk__in=Gezag.objects.filter(active_on(), child=person).values("holder_id"))
        .order_by("birth_date", "pk"))
    return [person] + [h for h in holders if h.pk != person.pk]


# In the portal a family member says yes (given) or no (withdrawn); "refused" is the
# professional's record of a refusal they were told about.
FAMILY_DECISIONS = (Consent.Decision.GIVEN, Consent.Decision.WITHDRAWN)


def record_consent(ctx, person, scope, decision, given_by, note="", *, rule="") -> Consent:
    """Record one decision; raises ValidationError (Dutch) and then saves nothing."""
    errors: dict = {}
    if scope not in Consent.Scope.values:
        errors["scope"] = [_("Kies waarvoor de toestemming geldt.")]
    if decision not in Consent.Decision.values:
        errors["decision"] = [_("Kies of de toestemming is gegeven, geweigerd of "
                                "ingetrokken.")]
    giver_id = getattr(given_by, "pk", given_by)
    givers = {p.pk: p for p in allowed_givers(person)}
    if giver_id not in givers:
        errors["given_by"] = [_("Alleen de persoon zelf of een ouder/voogd met gezag kan "
                                "toestemming geven.")]
    note = (note or "").strip()
    if len(note) > 2000:
        errors["note"] = [_("De toelichting is te lang (hoogstens 2.000 tekens).")]
    if ctx.is_family:
        # A family member records only their own decision (for themselves, or for a
        # child over whom they hold gezag: allowed_givers above checks that).
        if giver_id != ctx.person_id:
            errors["given_by"] = [_("U kunt alleen uw eigen keuze vastleggen.")]
        if decision not in FAMILY_DECISIONS:
            errors["decision"] = [_("Kies ja of nee.")]
    elif ctx.membership is None:
        raise ValidationError(_("U hebt geen actieve rol in een organisatie."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the giver's current row so two recordings cannot both stay current.
        list(Consent.objects.select_for_update().filter(
            person=person, scope=scope, given_by_id=giver_id, is_current=True))
        Consent.objects.filter(person=person, scope=scope, given_by_id=giver_id,
                               is_current=True).update(is_current=False)
        consent = Consent.objects.create(person=person, scope=scope, decision=decision,
                                         given_by=givers[giver_id], recorded_by=ctx.user,
                                         note=note)
        append(ctx, [LogEvent(event_code="consent.record", action="C",
                              object_type="consent", object_ids=[consent.pk],
                              subject_ids=[person.pk], rule=rule, consent_profile=scope)])
    return consent


@dataclass
class ScopeState:
    scope: str
    label: str
    effective: bool
    current: list = field(default_factory=list)
    history: list = field(default_factory=list)


def consent_overview(person) -> tuple[str, list[ScopeState]]:
    """(who decides, per scope: effective now, current decisions and older ones)."""
    rows = list(Consent.objects.filter(person=person)
                .select_related("given_by", "recorded_by").order_by("-recorded_at"))
    states = []
    for scope, label in Consent.Scope.choices:
        mine = [c for c in rows if c.scope == scope]
        states.append(ScopeState(
            scope=scope, label=str(label), effective=has_effective_consent(person, scope),
            current=[c for c in mine if c.is_current],
            history=[c for c in mine if not c.is_current]))
    return who_decides(person), states
