"""Public surface of the access module."""

from netwerkdossier.audit.log import LogEvent, append

from .case_table_meetings import decide_session_work, fetch_session_work, visible_session_work  # noqa: F401,E501
from .context import NOODTOEGANG, AccessContext, context_for, context_for_request  # noqa: F401
from .decision import AccessRefused, Decision  # noqa: F401
from .policy import (  # noqa: F401
    ADD_ENTRY,
    CORRECT,
    KNOW_EXISTS,
    READ,
    UPDATE,
    decide,
    fetch,
    visible,
    visible_in_household,
)
from .reads import event, record, together  # noqa: F401
from .relations import CONTENT_ROLES, household_relations  # noqa: F401
from .reporter import may_see_reporter  # noqa: F401
from .rules_common import active_on  # noqa: F401


def access_event(event_code: str, action: str, *, object_type: str, objects=(), subjects=(),
                 rule: str = "") -> LogEvent:
    """A log event for a granted access; NEN 7513 flags follow from the rule used.

    The rule starts with the relation that held (policy.decide): when that is emergency
    access, the purpose of the read is "noodtoegang", not the one the session states.
    """
    emergency = rule.startswith("break_glass")
    return LogEvent(event_code=event_code, action=action, object_type=object_type,
                    object_ids=[getattr(o, "pk", o) for o in objects],
                    subject_ids=[getattr(s, "pk", s) for s in subjects], rule=rule,
                    break_glass=emergency, purpose=NOODTOEGANG if emergency else "",
                    consent_profile="toestemming" if "toestemming" in rule else "")


def log_access(ctx, event_code: str, action: str, *, object_type: str, objects=(),
               subjects=(), rule: str = "") -> None:
    """Record a granted access in the access log, in the current transaction."""
    append(ctx, [access_event(event_code, action, object_type=object_type, objects=objects,
                              subjects=subjects, rule=rule)])


def log_accesses(ctx, events: list[LogEvent]) -> None:
    """Record several accesses of one request with a single append."""
    append(ctx, [e for e in events if e])  # falsy entries stand for "nothing shown"
