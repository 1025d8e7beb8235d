"""The household's timeline: one query per page, filters, pagination without a count."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.urls import reverse

from netwerkdossier.access.api import READ, access_event, visible_in_household
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.dossier.models import Attachment, Confidentiality, Entry, EntryKind
from netwerkdossier.households.models import Person
from netwerkdossier.organisations.models import Organisation

from .forms import TimelineFilterForm

PAGE_SIZE = 25
# Only the columns the timeline shows: no password hashes or addresses in this query.
TIMELINE_FIELDS = ("id", "household_id", "kind", "text", "occurred_at", "recorded_at",
                   "confidentiality", "version", "root_id", "is_current",
                   "owner_organisation__id", "owner_organisation__name", "author__id",
                   "author__username", "author__first_name", "author__last_name")
PERSON_FIELDS = ("id", "given_names", "tussenvoegsel", "family_name", "birth_date")
ATTACHMENT_FIELDS = ("id", "entry_id", "original_name", "size", "uploaded_at")


@dataclass
class TimelinePage:
    entries: list
    form: TimelineFilterForm
    page: int
    has_next: bool
    query: dict  # the active filters, to build links

    def _url(self, name: str, household_id, page: int) -> str:
        params = {**self.query}
        if page > 1:
            params["pagina"] = page
        base = reverse(name, args=[household_id])
        return f"{base}?{urlencode(params)}" if params else base

    def links(self, household_id) -> dict:
        """Full-page and partial URLs for the previous and next page."""
        out = {}
        if self.page > 1:
            out["prev"] = self._url("web:household", household_id, self.page - 1)
            out["prev_partial"] = self._url("web:timeline", household_id, self.page - 1)
        if self.has_next:
            out["next"] = self._url("web:household", household_id, self.page + 1)
            out["next_partial"] = self._url("web:timeline", household_id, self.page + 1)
        return out


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw), 10_000))
    except (TypeError, ValueError):
        return 1


def involved_organisations(household) -> list[tuple]:
    """Organisations that can have written in this household's timeline.

    An author needs access to the household: through a team (TeamAssignment keeps its
    organisation, also after it ends), as the registering organisation, or as lead
    organisation of a case. This avoids a DISTINCT over every entry of the household.
    """
    return list(
        Organisation.objects.filter(
            Q(pk=household.owner_organisation_id)
            | Q(pk__in=TeamAssignment.objects.filter(case__household=household)
                .values("organisation_id"))
            | Q(pk__in=Case.objects.filter(household=household).values("lead_organisation_id"))
        ).order_by("name").values_list("pk", "name")
    )


def load_timeline(ctx, household, decision, members, params) -> TimelinePage:
    """Current versions the actor may read, newest first, filtered and paginated."""
    base = visible_in_household(
        ctx, READ, Entry.objects.filter(household=household, is_current=True), decision)
    form = TimelineFilterForm(params, members=members,
                              organisations=involved_organisations(household))
    filters = form.filters()
    qs = base
    if "lid" in filters:
        qs = qs.filter(subject_links__person_id=filters["lid"])
    if "soort" in filters:
        qs = qs.filter(kind=filters["soort"])
    if "organisatie" in filters:
        qs = qs.filter(owner_organisation_id=filters["organisatie"])
    page = _page_number(params.get("pagina"))
    start = (page - 1) * PAGE_SIZE
    rows = list(
        qs.select_related("author", "owner_organisation")
        .only(*TIMELINE_FIELDS)
        .prefetch_related(
            Prefetch("subjects", queryset=Person.objects.only(*PERSON_FIELDS)
                     .order_by("birth_date")),
            Prefetch("attachments", queryset=Attachment.objects.only(*ATTACHMENT_FIELDS)
                     .order_by("uploaded_at")),
        )
        .order_by("-occurred_at", "-recorded_at")[start:start + PAGE_SIZE + 1]
    )
    label_rows(rows)
    return TimelinePage(entries=rows[:PAGE_SIZE], form=form, page=page,
                        has_next=len(rows) > PAGE_SIZE, query=filters)


def label_rows(entries) -> None:
    """Translate the choice labels once per page, not once per entry and use."""
    kinds = {k: str(v) for k, v in EntryKind.choices}
    levels = {k: str(v) for k, v in Confidentiality.choices}
    for entry in entries:
        entry.kind_label = kinds.get(entry.kind, entry.kind)
        entry.confidentiality_label = levels.get(entry.confidentiality, "")
        entry.author_name = entry.author.get_full_name() or entry.author.username
        entry.subject_names = ", ".join(p.full_name for p in entry.subjects.all())


def timeline_event(timeline: TimelinePage, rule: str):
    """The access-log event for the entries shown, or None when none were shown."""
    if not timeline.entries:
        return None
    return access_event("entry.list", "R", object_type="entry",
                        objects=[e.pk for e in timeline.entries],
                        subjects=[p.pk for e in timeline.entries for p in e.subjects.all()],
                        rule=rule)
