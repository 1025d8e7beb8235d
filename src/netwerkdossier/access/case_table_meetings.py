"""Access to what is recorded about a case-table (MDA++) session: its meeting record,
agenda, decisions and follow-up actions.

A model joins by naming the path to its session in ACCESS_SESSION ("session" or
"meeting__session"); the session itself (access.CaseTableSession) is decided directly.
- The household's team (and registrar, manager) read and write, as for other household
  work, but only members of an organisation kind the session's basis gives a seat
  (seat_kinds, decision 0024): a police officer in the team does not read the record
  of a table whose agreement leaves the police out. Someone with a running emergency
  grant reads, unless the table's basis allowed health or criminal data.
- A participant of *this* session who is not on the team reads, only while the session
  runs (the same window as the minimal picture). A seat at another session of the same
  household opens nothing here.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from . import relations as rel
from .decision import AccessRefused, Decision
from .explain import refusal_reason, relation_reason
from .models import CaseTableParticipant, CaseTableSession
from .policy import LOG_ACTION, READ, WRITE_ACTIONS, decide_household


def _session_of(obj) -> CaseTableSession:
    if isinstance(obj, CaseTableSession):
        return obj
    target = obj
    for step in obj.ACCESS_SESSION.split("__"):
        target = getattr(target, step)
    return target


def _seat_running(ctx, session) -> bool:
    now = timezone.now()
    return session.starts_at <= now < session.ends_at and CaseTableParticipant.objects.filter(
        session_id=session.pk, user_id=ctx.user.pk).exists()


def _kind_has_seat(ctx, session) -> bool:
    return ctx.organisation_kind in (session.seat_kinds or ())


def _without_special_data(session) -> bool:
    """Emergency access reads no health or criminal data (entry_rules.BREAK_GLASS_GATE):
    nor the record of a table whose basis allowed them to be discussed."""
    return not (session.allows_health or session.allows_criminal)


def _seat_kind_q(ctx, prefix: str) -> Q:
    # seat_kinds is a JSON list of kind keys; matching the quoted key in its text works
    # on SQLite and PostgreSQL alike (no JSON containment on SQLite).
    return Q(**{f"{prefix}seat_kinds__icontains": f'"{ctx.organisation_kind}"'})


def decide_session_work(ctx, action: str, obj) -> Decision:
    """Decide one session or one object recorded about a session."""
    session = _session_of(obj)
    refused = rel.refusal(ctx)
    if refused:
        return Decision(False, refused, refusal_reason(refused))
    household = decide_household(ctx, action, session.household_id)
    if action in WRITE_ACTIONS:
        # Writing needs a team-type relation of a kind with a seat.
        if household.allowed and not _kind_has_seat(ctx, session):
            return Decision(False, "no_seat_kind", refusal_reason("not_related"))
        return household
    if household.allowed:
        work = [r for r in rel.household_relations(ctx, session.household_id)
                if r == "break_glass" and _without_special_data(session)
                or r in rel.FULL and _kind_has_seat(ctx, session)]
        if work:
            return Decision(True, work[0], relation_reason(work[0]))
    if action == READ and _seat_running(ctx, session):
        return Decision(True, "case_table", relation_reason("case_table"))
    return Decision(False, "not_related", refusal_reason("not_related"))


def _path(model) -> str:
    return "" if model is CaseTableSession else model.ACCESS_SESSION + "__"


def visible_session_work(ctx, action: str, queryset):
    """The rows of `queryset` (sessions or session-bound objects) ctx may act on."""
    model = queryset.model
    if rel.refusal(ctx):
        return queryset.none()
    prefix = _path(model)
    exprs = rel.relation_sql(ctx, f"{prefix}household_id", f"{prefix}household__")
    session_prefix = "" if model is CaseTableSession else model.ACCESS_SESSION + "__"
    condition = Q(pk__in=[])
    for name in rel.FULL:
        if name in exprs:
            condition |= Q(exprs[name]) & _seat_kind_q(ctx, session_prefix)
    if action not in WRITE_ACTIONS and "break_glass" in exprs:
        condition |= Q(exprs["break_glass"]) & Q(**{f"{session_prefix}allows_health": False,
                                                    f"{session_prefix}allows_criminal": False})
    if action == READ:
        now = timezone.now()
        session_ref = "pk" if model is CaseTableSession else model.ACCESS_SESSION + "_id"
        condition |= Q(Exists(CaseTableParticipant.objects.filter(
            session_id=OuterRef(session_ref), user_id=ctx.user.pk,
            session__starts_at__lte=now, session__ends_at__gt=now)))
    return queryset.filter(condition)


def fetch_session_work(ctx, queryset, pk, *, action: str = READ, event_code: str,
                       object_type: str):
    """Return (obj, decision) or raise AccessRefused (logged, answered as 404)."""
    from django.core.exceptions import ValidationError

    try:
        obj = queryset.filter(pk=pk).first()
    except (ValidationError, ValueError):
        obj = None
    decision = Decision(False, "not_found", refusal_reason("not_found")) if obj is None \
        else decide_session_work(ctx, action, obj)
    if not decision.allowed:
        raise AccessRefused(ctx, event_code, object_type, pk, decision,
                            action=LOG_ACTION.get(action, "R"))
    return obj, decision
