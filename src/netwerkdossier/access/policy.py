"""The one access module: decide() for one object, visible() for querysets.

Every read of personal data in views, API, exports and tasks goes through here.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, HouseholdMember, Person

from . import rules
from .decision import AccessRefused, Decision

READ, UPDATE, ADD_ENTRY, CORRECT = "read", "update", "add_entry", "correct"
LOG_ACTION = {READ: "R", UPDATE: "U", ADD_ENTRY: "C", CORRECT: "U"}


def _refuse(rule: str, reasons: dict) -> Decision:
    return Decision(False, rule, str(reasons[rule]))


# --- one object ----------------------------------------------------------------------

def decide_household(ctx, household_id, owner_organisation_id) -> Decision:
    reasons = rules.household_reasons()
    if ctx.membership is None or ctx.role not in rules.CONTENT_ROLES:
        return _refuse("no_content_role", reasons)
    if rules.team_fact(ctx, household_id):
        return Decision(True, "team", str(reasons["team"]))
    if owner_organisation_id == ctx.organisation_id:
        return Decision(True, "owner_organisation", str(reasons["owner_organisation"]))
    if rules.lead_fact(ctx, household_id):
        return Decision(True, "lead_organisation", str(reasons["lead_organisation"]))
    return _refuse("not_related", reasons)


def decide_entry(ctx, action: str, entry: Entry) -> Decision:
    household = decide_household(ctx, entry.household_id,
                                 entry.household.owner_organisation_id)
    if not household.allowed:
        return household
    reasons = rules.entry_reasons()
    gate = rules.confidentiality_fact(ctx, entry)
    if gate is None:
        return _refuse("confidential", reasons)
    if action == CORRECT:
        if entry.owner_organisation_id != ctx.organisation_id:
            return _refuse("not_owner", reasons)
        if not entry.is_current:
            return _refuse("superseded", reasons)
    return Decision(True, f"{household.rule}+{gate}", f"{household.reason} {reasons[gate]}")


def decide(ctx, action: str, obj) -> Decision:
    if isinstance(obj, Household):
        return decide_household(ctx, obj.pk, obj.owner_organisation_id)
    if isinstance(obj, Case):
        return decide_household(ctx, obj.household_id, obj.household.owner_organisation_id)
    if isinstance(obj, Entry):
        return decide_entry(ctx, action, obj)
    if isinstance(obj, Person):
        decisions = [
            decide_household(ctx, m.household_id, m.household.owner_organisation_id)
            for m in obj.memberships.select_related("household")
        ]
        granted = next((d for d in decisions if d.allowed), None)
        if granted:
            return granted
        if decisions:
            return decisions[0]
        if ctx.role in rules.CONTENT_ROLES and \
                obj.recorded_by_organisation_id == ctx.organisation_id:
            return Decision(True, "owner_organisation",
                            str(rules.household_reasons()["owner_organisation"]))
        return _refuse("not_related", rules.household_reasons())
    raise TypeError(f"No access rule for {type(obj).__name__}")


# --- querysets -----------------------------------------------------------------------

def household_q(ctx, household_ref: str, owner_field: str) -> Q:
    if ctx.membership is None or ctx.role not in rules.CONTENT_ROLES:
        return Q(pk__in=[])
    return (
        rules.team_sql(ctx, household_ref)
        | Q(**{owner_field: ctx.organisation_id})
        | rules.lead_sql(ctx, household_ref)
    )


def visible(ctx, action: str, queryset):
    model = queryset.model
    if model is Household:
        return queryset.filter(household_q(ctx, "pk", "owner_organisation_id"))
    if model is Case:
        return queryset.filter(household_q(ctx, "household_id", "household__owner_organisation_id"))
    if model is Entry:
        qs = queryset.filter(household_q(ctx, "household_id", "household__owner_organisation_id"))
        qs = qs.filter(rules.confidentiality_sql(ctx))
        if action == CORRECT:
            qs = qs.filter(owner_organisation_id=ctx.organisation_id, is_current=True)
        return qs
    if model is Person:
        if ctx.membership is None or ctx.role not in rules.CONTENT_ROLES:
            return queryset.none()
        from django.db.models import Exists, OuterRef

        in_visible_household = Exists(
            HouseholdMember.objects.filter(person_id=OuterRef("pk")).filter(
                household_q(ctx, "household_id", "household__owner_organisation_id"))
        )
        unattached_own = Q(recorded_by_organisation_id=ctx.organisation_id) & ~Exists(
            HouseholdMember.objects.filter(person_id=OuterRef("pk")))
        return queryset.filter(in_visible_household | unattached_own)
    raise TypeError(f"No access rule for {model.__name__}")


def visible_in_household(ctx, action: str, queryset, household_decision: Decision):
    """Entries of one household whose household decision was just made by decide().

    Skips re-checking the household rules per row; the confidentiality gate still applies.
    """
    if queryset.model is not Entry:
        raise TypeError("visible_in_household filters entries only")
    if not household_decision.allowed:
        return queryset.none()
    qs = queryset.filter(rules.confidentiality_sql(ctx))
    if action == CORRECT:
        qs = qs.filter(owner_organisation_id=ctx.organisation_id, is_current=True)
    return qs


# --- fetch one object or refuse with a logged 404 -------------------------------------

def fetch(ctx, queryset, pk, *, action: str = READ, event_code: str, object_type: str):
    """Return (obj, decision) or raise AccessRefused (logged, answered as 404)."""
    try:
        obj = queryset.filter(pk=pk).first()
    except (ValidationError, ValueError):
        obj = None
    if obj is None:
        decision = _refuse("not_found", rules.household_reasons())
    else:
        decision = decide(ctx, action, obj)
    if not decision.allowed:
        raise AccessRefused(ctx, event_code, object_type, pk, decision,
                            action=LOG_ACTION.get(action, "R"))
    return obj, decision
