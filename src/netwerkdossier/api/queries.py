"""Query helpers shared by the resources (periods, prefetches). No access logic here."""


from django.db.models import Prefetch

from netwerkdossier.access.api import active_on
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import HouseholdMember


def cases_with_team():
    team = TeamAssignment.objects.filter(active_on()).select_related(
        "user", "organisation").order_by("valid_from", "id")
    return Case.objects.select_related("lead_organisation").prefetch_related(
        Prefetch("team", queryset=team, to_attr="current_team"))


def entries_full():
    return Entry.objects.select_related("author", "owner_organisation").prefetch_related(
        "subjects", "attachments")


def current_member_ids(household_ids) -> list:
    return list(HouseholdMember.objects.filter(active_on(), household_id__in=household_ids)
                .values_list("person_id", flat=True).distinct())


def subject_ids_of(entries) -> set:
    return {p.pk for e in entries for p in e.subjects.all()}
