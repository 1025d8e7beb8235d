"""Who is on a case's team now: the one definition every page and decision uses.

An assignment's valid_to is its last day of *access* (access/rules_common.active_on keeps
it readable through that day, so work can be finished), but a role ended today is no
longer *held*: after a handover only the successor is casusregisseur, decides, confirms
and is listed. So the team as it stands excludes assignments that end today.
"""

from django.db.models import Q
from django.utils import timezone

from .models import TeamAssignment


def current_q(today=None, prefix: str = "") -> Q:
    """Assignments that run today and have not ended."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": today}))


def current(today=None):
    return TeamAssignment.objects.filter(current_q(today))


def by_person(assignments) -> list[dict]:
    """One row per professional with all their roles (ordered as given): the team table
    lists a person once, however many roles they hold."""
    rows: dict = {}
    for a in assignments:
        row = rows.setdefault(a.user_id, {"user": a.user, "organisation": a.organisation,
                                          "roles": [], "since": a.valid_from,
                                          "assignments": []})
        row["roles"].append(a.get_role_display())
        row["assignments"].append(a)
        row["since"] = min(row["since"], a.valid_from)
    return list(rows.values())
