"""Query helpers shared by the resources (periods, prefetches). No access logic here."""


from django.db.models import Prefetch

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.cases.team import current_q
from netwerkdossier.dossier.models import Entry


def cases_with_team():
    team = TeamAssignment.objects.filter(current_q()).select_related(
        "user", "organisation").order_by("valid_from", "id")
    return Case.objects.select_related("lead_organisation").prefetch_related(
        Prefetch("team", queryset=team, to_attr="current_team"))


def entries_full():
    return Entry.objects.select_related("author", "owner_organisation").prefetch_related(
        "subjects", "attachments")

