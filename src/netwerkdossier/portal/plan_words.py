"""The safety plan in the family's words: the danger statements and safety goals as
written for the family, and the plan for children (words and pictures).

Who reads what is decided in access/family_rules.plan_reading (age, gezag, place in the
household); the member's relation to the household is decided by the access module
first (sections.safety_plan_rows). The professional wording of a danger statement is
never loaded here: only the family's words (docs/decisions/0038).
"""

from netwerkdossier.access.api import record, together
from netwerkdossier.access.family_rules import plan_reading
from netwerkdossier.safety import pictograms
from netwerkdossier.safety.models import ChildVersion, DangerStatement

from .sections import safety_plan_rows


def _plans(scope, narrow=None):
    plans, _agreements = safety_plan_rows(scope.household, scope.decision, scope.represented,
                                          narrow=narrow)
    return plans


def family_rows(scope, narrow=None):
    """(plan_reading, danger rows with only the family's words, ChildVersion or None) for
    this member, nothing logged (the caller logs what it shows); `narrow` narrows the
    rows further, e.g. to what a professional answering a written request may read."""
    narrow = narrow or (lambda queryset: queryset)
    reading = plan_reading(scope.person, scope.household)
    if not (reading["family_words"] or reading["child_version"]):
        return reading, [], None
    plans = _plans(scope, narrow)
    if not plans:
        return reading, [], None
    dangers = []
    if reading["family_words"]:
        dangers = list(narrow(DangerStatement.objects.filter(plan__in=plans))
                       .only("id", "plan_id", "family_statement", "family_goal", "created_at")
                       .order_by("created_at"))
    child = None
    if reading["child_version"]:
        child = narrow(ChildVersion.objects.filter(plan__in=plans)).order_by(
            "updated_at").last()
    return reading, dangers, child


def family_words(scope) -> dict:
    """{"reading": plan_reading, "dangers": [...], "child": ChildVersion | None}; every
    row shown is logged with the member's relation rule."""
    reading, dangers, child = family_rows(scope)
    out = {"reading": reading, "dangers": [], "child": None}
    if not dangers and child is None:
        return out
    with together(scope.ctx):
        record(scope.ctx, "portal.safety_plan.read", dangers, decision=scope.decision)
        if child is not None:
            record(scope.ctx, "portal.safety_plan.read", [child], decision=scope.decision)
    out["dangers"] = [{"statement": d.family_statement, "goal": d.family_goal,
                       "written": d.has_family_words} for d in dangers]
    out["child"] = child
    return out


def child_sheet(scope):
    """(ChildVersion, its pictograms, reading) for the child-version page, or None when
    this member may not read it or none is written; logged when shown."""
    reading = plan_reading(scope.person, scope.household)
    if not reading["child_version"]:
        return None, [], reading
    plans = _plans(scope)
    child = (ChildVersion.objects.filter(plan__in=plans).order_by("updated_at").last()
             if plans else None)
    if child is None:
        return None, [], reading
    record(scope.ctx, "portal.child_version.read", [child], decision=scope.decision)
    return child, pictograms.chosen(child.pictograms), reading
