"""The household's timeline: one query per page, filters, pagination without a count."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from netwerkdossier.access.api import READ, log_access, visible
from netwerkdossier.dossier.models import Attachment, Entry
from netwerkdossier.households.models import Person

from .forms import TimelineFilterForm

PAGE_SIZE = 25


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


def load_timeline(ctx, household, members, params) -> TimelinePage:
    """Current versions the actor may read, newest first, filtered and paginated."""
    base = visible(ctx, READ, Entry.objects.filter(household=household, is_current=True))
    organisations = (base.order_by().values_list("owner_organisation_id",
                                                 "owner_organisation__name").distinct())
    form = TimelineFilterForm(params, members=members,
                              organisations=sorted(set(organisations), key=lambda o: o[1]))
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
        .prefetch_related(
            Prefetch("subjects", queryset=Person.objects.order_by("birth_date")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")),
        )
        .order_by("-occurred_at", "-recorded_at")[start:start + PAGE_SIZE + 1]
    )
    return TimelinePage(entries=rows[:PAGE_SIZE], form=form, page=page,
                        has_next=len(rows) > PAGE_SIZE, query=filters)


def log_timeline(ctx, timeline: TimelinePage, rule: str) -> None:
    if not timeline.entries:
        return
    log_access(ctx, "entry.list", "R", object_type="entry",
               objects=[e.pk for e in timeline.entries],
               subjects=[p.pk for e in timeline.entries for p in e.subjects.all()],
               rule=rule)
