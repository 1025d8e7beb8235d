"""Read helpers other parts use (the worklist). Access goes through the access module;
the caller records what it shows (see open_actions_for)."""

from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone

from netwerkdossier.access.api import context_for, visible_session_work

from .models import FollowUpAction


def open_actions_for(user, *, ctx=None, today=None, overdue_only=False):
    """Open follow-up actions of case-table meetings owned by `user`, earliest due first,
    each with `overdue` (due before today). Only actions whose meeting record `ctx`
    (default: the user's own context) may read right now are returned.

    For the worklist: record what is shown, e.g.
    ``record(ctx, "meeting.action.list", actions)`` (access.api; rule "visible").
    """
    today = today or timezone.localdate()
    ctx = ctx or context_for(user)
    actions = visible_session_work(ctx, "read", FollowUpAction.objects.filter(
        owner=user, status=FollowUpAction.Status.OPEN))
    if overdue_only:
        actions = actions.filter(due_on__lt=today)
    return (actions.select_related("meeting__session")
            .annotate(overdue=Case(When(due_on__lt=today, then=Value(True)),
                                   default=Value(False), output_field=BooleanField()))
            .order_by("due_on", "recorded_at"))
