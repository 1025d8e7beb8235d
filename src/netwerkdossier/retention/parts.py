"""What an organisation's part of a household's file is, and when the household itself
goes (decision 0035).

A part: the timeline entries the organisation owns in the household, and every row of
the household-work kinds of the catalogue whose owner role names the organisation
(analysis versions and the family's responses, instrument results, the safety plan with
its statements, agreements, network, scalings and versions, phase decisions and
follow-up checks of the cases it leads, team changes it decided). Derived from the
catalogue's declarations, so a new kind of household work joins without a change here.

The skeleton: the household, its members, cases, case tables, shields, holds and
reach rows, and the persons who belong to no other household. It goes in the same
transaction as the last part, when nothing of any organisation is left in the household
and no legal hold of any organisation is in force; the household's monitoring events
(keyed pseudonyms, still personal data) go with it.
"""

from django.db.models import Q
from django.utils import timezone

from netwerkdossier.access.catalogue import HOUSEHOLD_WORK, KINDS
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.monitoring.events import forget_household

from .models import LegalHold


def _work_kinds():
    return [k for k in KINDS if k.governed_by == HOUSEHOLD_WORK]


def _in_household(kind, household_id) -> Q:
    return Q(**{f"{kind.household}_id": household_id})


def part_targets(organisation_id, household_id) -> list:
    """(model, ids) of the organisation's part of the household."""
    targets = [(Entry, list(Entry.objects.filter(
        household_id=household_id, owner_organisation_id=organisation_id)
        .values_list("pk", flat=True)))]
    for kind in _work_kinds():
        ids = list(kind.model.objects.filter(
            _in_household(kind, household_id), **{kind.roles["owner"]: organisation_id})
            .values_list("pk", flat=True))
        if ids:
            targets.append((kind.model, ids))
    return [(model, ids) for model, ids in targets if ids]


def nothing_left(household_id) -> bool:
    """No entry and no household work of any organisation in the household."""
    if Entry.objects.filter(household_id=household_id).exists():
        return False
    return not any(kind.model.objects.filter(_in_household(kind, household_id)).exists()
                   for kind in _work_kinds())


def held_by_anyone(household_id, day=None) -> bool:
    day = day or timezone.localdate()
    return LegalHold.objects.filter(household_id=household_id, ended_at__isnull=True,
                                    until__gte=day).exists()


def skeleton_targets(household_id) -> list:
    """(model, ids) of the household and the persons who belong to no other household."""
    members = set(HouseholdMember.objects.filter(household_id=household_id)
                  .values_list("person_id", flat=True))
    elsewhere = set(HouseholdMember.objects.filter(person_id__in=members)
                    .exclude(household_id=household_id).values_list("person_id", flat=True))
    persons = sorted(members - elsewhere, key=str)
    targets = [(Household, [household_id])]
    if persons:
        targets.append((Person, persons))
    return targets


def destroy_part(ctx, organisation_id, household_id, *, legal_basis: str):
    """Destroy the organisation's part, and the skeleton when it was the last; one
    transaction. The household row is locked first, so two officers destroying the last
    two parts at once cannot both leave the skeleton behind."""
    from django.db import transaction

    from .destroy import destroy

    with transaction.atomic():
        list(Household.objects.select_for_update().filter(pk=household_id)
             .values_list("pk", flat=True))
        result = destroy(ctx, part_targets(organisation_id, household_id),
                         legal_basis=legal_basis)
        if nothing_left(household_id) and not held_by_anyone(household_id):
            cases = list(Case.objects.filter(household_id=household_id)
                         .values_list("pk", flat=True))
            skeleton = destroy(ctx, skeleton_targets(household_id), legal_basis=legal_basis)
            for label, count in skeleton.rows.items():
                result.rows[label] += count
            result.files += skeleton.files
            # The household's monitoring events go with it (pseudonymous, still personal).
            result.rows["monitoring.Event"] += forget_household(household_id, cases)
    return result
