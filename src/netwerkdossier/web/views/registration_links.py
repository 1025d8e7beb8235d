"""Whether the household page offers the registration's edit links and its history."""

from netwerkdossier.access.api import READ, decide
from netwerkdossier.households.models import RegistrationChange
from netwerkdossier.households.registration import may_edit


def registration_links(ctx, household) -> dict:
    return {"can_edit_registration": may_edit(ctx, household).allowed,
            "can_read_registration_history": decide(
                ctx, READ, RegistrationChange(household=household)).allowed}
