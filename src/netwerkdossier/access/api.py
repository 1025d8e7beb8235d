"""Public surface of the access module."""

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
    visible_in_households,
)
from .reads import event, record, together  # noqa: F401
from .relations import CONTENT_ROLES, household_relations  # noqa: F401
from .reporter import may_see_reporter  # noqa: F401
from .rules_common import active_on  # noqa: F401

