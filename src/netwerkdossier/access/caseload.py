"""What a team manager sees of the work of her organisation's professionals: per worker,
the open cases where they hold a team role for this organisation, as references (the
case's id, phase and deadline, whether it is overdue, stalled or urgent). Never a
household, a person's name, a title or any content, and no relation with a household:
decide() and visible() are unchanged by this page, so the manager opens no household
through it (docs/decisions/0038-team-manager-caseload.md).

The page is management work: it is logged under the purpose "management", whatever
purpose the session states, as one list read of the cases it names (their subjects are
the households' members, so the family's "wie keek er?" shows it).
"""

import dataclasses

from django.utils.translation import gettext as _

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.organisations.models import Membership

from .decision import AccessRefused, Decision
from .rules_common import active_on

EVENT = "caseload.list"
SCREEN = "teamoverzicht"
RULE = "teammanager_caseload"
PURPOSE = "management"


def manager_context(ctx):
    """The context for the page: the manager's, under the purpose "management"; for
    anyone else AccessRefused (a logged 404)."""
    if ctx.is_family or ctx.membership is None or ctx.role != Membership.Role.TEAMMANAGER:
        rule = "no_content_role" if ctx.membership is None else "not_teammanager"
        raise AccessRefused(ctx, EVENT, "screen", SCREEN, Decision(
            False, rule, _("Alleen een teammanager ziet het teamoverzicht van de eigen "
                           "organisatie.")))
    return dataclasses.replace(ctx, purpose=PURPOSE, cache={})


def held_today(prefix: str = ""):
    """Team roles held today: started, and not ended before or on today (a role that ends
    today has been handed over; cases/team.py says the same for the team table)."""
    from django.db.models import Q
    from django.utils import timezone

    today = timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": today}))


def workers(ctx):
    """The organisation's professionals today (Membership rows with their users)."""
    return (Membership.objects.filter(active_on(), organisation_id=ctx.organisation_id,
                                      role=Membership.Role.PROFESSIONAL)
            .select_related("user").order_by("user__last_name", "user__first_name", "pk"))


def assignments(ctx):
    """Team roles held today for ctx's organisation on open cases: (user id, case id)."""
    return (TeamAssignment.objects.filter(held_today(), organisation_id=ctx.organisation_id,
                                          case__closed_on__isnull=True)
            .values_list("user_id", "case_id").distinct())


def case_ids(ctx):
    """The ids of the open cases where a worker holds a team role for ctx's organisation
    (a subquery)."""
    return TeamAssignment.objects.filter(
        held_today(), organisation_id=ctx.organisation_id,
        case__closed_on__isnull=True).values("case_id")


def cases():
    """Cases without their household (only `household_id`, which the page never shows,
    is loaded with them); callers filter them to case_ids()."""
    return Case.objects.filter(closed_on__isnull=True).only(
        "pk", "household_id", "phase", "opened_on", "closed_on", "next_deadline",
        "next_deadline_label", "phase_since", "triage_due", "triage_on", "respond_by")
