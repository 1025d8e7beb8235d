"""The access module writes the access-log records of what it lets through.

Views, endpoints, exports and tasks do not build log events. They say *what they
showed* (`record`) or let `fetch(..., log=True)` record the object it fetched; the record's
object type, ids and subjects (whose data it is, for NEN 7513 and the family's "wie
keek er?") come from the catalogue of information kinds, and the emergency-access and
consent flags from the rule that granted the access. Things outside the catalogue (a
screen, the purpose one chose, a login) are recorded with `event`, which refuses
catalogued objects so no personal data can be logged past the catalogue.

Several `record` calls of one request can be written with one append (`together`): the
household page shows the household, its timeline and placeholders in one record batch.
"""

from contextlib import contextmanager
from functools import cache

from django.db.models import Model

from netwerkdossier.audit.log import LogEvent, append

from .catalogue import (
    ENTRY_SUBJECTS,
    HOUSEHOLD_MEMBERS,
    RESIDENTS,
    SELF,
    InformationKind,
    kind_for,
)
from .context import NOODTOEGANG
from .decision import Decision

ACTION_CODE = {"read": "R", "know_exists": "R", "update": "U", "add_entry": "C",
               "correct": "U", "create": "C", "delete": "D", "execute": "E"}
_BATCH = "access_log_batch"


def _event(event_code: str, action: str, *, object_type: str, object_ids, subject_ids,
           rule: str) -> LogEvent:
    # The rule starts with the relation that held (policy.decide): under emergency access
    # the purpose of the read is "noodtoegang", whatever the session states.
    emergency = rule.startswith("break_glass")
    return LogEvent(event_code=event_code, action=action, object_type=object_type,
                    object_ids=list(object_ids), subject_ids=list(subject_ids), rule=rule,
                    break_glass=emergency, purpose=NOODTOEGANG if emergency else "",
                    consent_profile="toestemming" if "toestemming" in rule else "")


def _append(ctx, events: list[LogEvent]) -> None:
    batch = ctx.cache.get(_BATCH) if ctx is not None else None
    if batch is not None:
        batch.extend(events)
    elif events:
        append(ctx, events)


@contextmanager
def together(ctx):
    """Write the records of the `record` calls inside the block with one append (inside
    the request's transaction, when the block ends without an error)."""
    if ctx.cache.get(_BATCH) is not None:  # already batching: the outer block writes
        yield
        return
    ctx.cache[_BATCH] = []
    try:
        yield
    finally:
        events = ctx.cache.pop(_BATCH)
    if events:  # not reached when the block raised: nothing was shown
        append(ctx, events)


def _kind(objects) -> InformationKind:
    kind = kind_for(type(objects[0]))
    if kind is None:
        raise TypeError(f"{type(objects[0]).__name__} is not in the catalogue")
    return kind


def subject_ids(kind: InformationKind, objects) -> set:
    """The people the objects are about, as the catalogue declares them."""
    # Work on a household without people of its own (a plan version, a decision) is
    # about everyone in the household.
    spec = kind.subjects or (HOUSEHOLD_MEMBERS if kind.household is not None else None)
    if spec is None or not objects:
        return set()
    if spec == SELF:
        return {o.pk for o in objects}
    if spec in ("subjects", ENTRY_SUBJECTS):
        from netwerkdossier.dossier.models import EntrySubject

        entry_ids = [o.pk if spec == "subjects" else o.entry_id for o in objects]
        return set(EntrySubject.objects.filter(entry_id__in=entry_ids)
                   .values_list("person_id", flat=True))
    if spec in (HOUSEHOLD_MEMBERS, RESIDENTS):
        from netwerkdossier.households.models import HouseholdMember

        from .rules_common import active_on

        members = HouseholdMember.objects.filter(
            active_on(), household_id__in={kind.household_id_of(o) for o in objects})
        if spec == RESIDENTS:
            members = members.filter(lives_in=True)
        return set(members.values_list("person_id", flat=True))
    return {i for i in (getattr(o, f"{spec}_id") for o in objects) if i is not None}


def record(ctx, event_code: str, objects, *, decision: Decision | None = None,
           rule: str = "", subjects=None, action: str = "read",
           existence_only: bool = False, result: str = "granted",
           known_subjects=None) -> None:
    """Record that ctx was shown (or, with `action`, created or changed) `objects`, all
    of one catalogued kind.

    `decision` is the one that granted the access (its rule is logged); lists filtered by
    visible() log the rule "visible". `subjects` adds people the page showed beyond the
    catalogue's (gezag holders outside the household). `existence_only`: only that the
    objects exist was shown (a placeholder), so no subjects are logged. `known_subjects`:
    the catalogue's subjects of these objects as the caller already loaded them (the
    timeline has each row's subjects), which saves the query.
    """
    objects = [o for o in objects if o is not None]
    if not objects:
        return
    kind = _kind(objects)
    if existence_only:
        about = set()
    elif known_subjects is not None:
        about = {getattr(s, "pk", s) for s in known_subjects}
    else:
        about = subject_ids(kind, objects)
    about |= {getattr(s, "pk", s) for s in subjects or ()}
    logged = _event(event_code, ACTION_CODE.get(action, action), object_type=kind.log_type,
                    object_ids=[o.pk for o in objects], subject_ids=about,
                    rule=decision.rule if decision is not None else (rule or "visible"))
    logged.result = result
    _append(ctx, [logged])


def event(ctx, event_code: str, action: str, *, object_type: str, object_ids=(),
          result: str = "granted", rule: str = "") -> None:
    """Record an event about something that is not an information kind of the catalogue
    (a screen, the access matrix, a purpose, a login attempt)."""
    if any(isinstance(o, Model) and kind_for(type(o)) for o in object_ids) \
            or object_type in _catalogued_log_types():
        raise TypeError(f"{object_type} is catalogued: record it with record()")
    _append(ctx, [LogEvent(event_code=event_code, action=ACTION_CODE.get(action, action),
                           result=result, object_type=object_type,
                           object_ids=[getattr(o, "pk", o) for o in object_ids],
                           rule=rule)])


@cache
def _catalogued_log_types() -> frozenset:
    """Object types of kinds about people of a family: only record() logs those, with
    the subjects the catalogue derives."""
    from .catalogue import KINDS

    return frozenset(k.log_type for k in KINDS
                     if k.subjects is not None or k.household is not None)
