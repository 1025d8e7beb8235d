"""Parts of the portal's home page that other apps own.

Safety plan: the open plans of the household and the agreements about the persons this
member acts for (self, children under 16 with gezag). The access module gives household
work (plans) only to team-type relations and emergency access; the family's narrower
view is this one, opened by the family member's relation to the household (`decision`,
rule "member"). The network and scalings are not shown. Danger statements and the plan
for children are shown only in the words written for the family, to the members
access/family_rules.plan_reading names (portal/plan_words.py; a parent without gezag
sees only what concerns themselves).

Legal measures (maatregelen): netwerkdossier.measures.portal.family_measures, through the
access module's family gate for measures (access/measure_family.py).
"""

from netwerkdossier.access.api import record, together
from netwerkdossier.safety.models import Agreement, SafetyPlan


def safety_plan_rows(household, decision, represented, narrow=None) -> tuple[list, list]:
    """(open plans, current agreements about the persons the member acts for), as the
    home page shows them; `narrow` (a queryset filter) narrows both further, e.g. to
    what a professional answering a written request may read (portal/access_document)."""
    if decision is None or not decision.allowed or decision.rule != "member":
        return [], []
    narrow = narrow or (lambda queryset: queryset)
    plans = list(narrow(SafetyPlan.objects.filter(household=household,
                                                  case__closed_on__isnull=True))
                 .select_related("case").order_by("created_at"))
    if not plans:
        return [], []
    ids = [p.pk for p in represented]
    agreements = list(narrow(Agreement.objects.filter(plan__in=plans, member_id__in=ids,
                                                      replaced_by__isnull=True))
                      .select_related("member").order_by("due_on", "created_at"))
    return plans, agreements


def safety_plan(ctx, household, decision, represented) -> dict | None:
    plans, agreements = safety_plan_rows(household, decision, represented)
    if not plans:
        return None
    with together(ctx):
        record(ctx, "portal.safety_plan.read", plans, decision=decision)
        record(ctx, "portal.safety_plan.read", agreements, decision=decision)
    plan = plans[0]
    return {"title": plan.case.title, "updated_on": plan.updated_at,
            "next_check_on": plan.next_check_on,
            "agreements": [{"text": a.action, "who": a.owner, "member": a.member.given_names,
                            "due_on": a.due_on, "status": a.get_status_display()}
                           for a in agreements]}


def measures(ctx, household, persons, je: bool = False, decision=None) -> list:
    """The measures this member may read, in their form of address."""
    from netwerkdossier.measures.portal import family_measures

    return family_measures(ctx, household, persons, je, decision)
