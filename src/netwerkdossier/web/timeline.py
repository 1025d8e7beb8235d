"""The household's timeline: one query per page, filters, pagination without a count."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from netwerkdossier.access.api import READ, access_event, visible_in_household
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.dossier.models import (
    Attachment,
    Confidentiality,
    Entry,
    EntryKind,
    EntrySubject,
)
from netwerkdossier.organisations.models import Organisation

from .formatting import long_date, long_datetime, month_names
from .forms import TimelineFilterForm

PAGE_SIZE = 25
# Only the columns the timeline shows: no password hashes or addresses in this query.
# Plain rows instead of model instances: the page is a hot path (see docs/benchmarks.md).
ENTRY_COLUMNS = ("id", "kind", "text", "occurred_at", "confidentiality", "version",
                 "author__username", "author__first_name", "author__last_name",
                 "owner_organisation__name")
ATTACHMENT_FIELDS = ("id", "entry_id", "original_name", "size")


@dataclass
class TimelineRow:
    pk: object
    kind: str
    kind_label: str
    text: str
    occurred_at: object
    occurred_display: str
    occurred_day: str
    confidentiality: int
    confidentiality_label: str
    version: int
    author_name: str
    owner_name: str
    subject_ids: list = field(default_factory=list)
    subject_names: str = ""
    attachments: list = field(default_factory=list)


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
    base = visible_in_household(ctx, READ, household.pk,
                                Entry.objects.filter(is_current=True))
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
    raw = list(qs.order_by("-occurred_at", "-recorded_at")
               .values(*ENTRY_COLUMNS)[start:start + PAGE_SIZE + 1])
    rows = build_rows(raw[:PAGE_SIZE])
    return TimelinePage(entries=rows, form=form, page=page,
                        has_next=len(raw) > PAGE_SIZE, query=filters)


def build_rows(raw: list[dict]) -> list[TimelineRow]:
    """Turn value rows into display rows: labels and dates formatted once per page."""
    kinds = {k: str(v) for k, v in EntryKind.choices}
    levels = {k: str(v) for k, v in Confidentiality.choices}
    months = month_names()
    rows = {}
    for r in raw:
        author = " ".join(p for p in (r["author__first_name"], r["author__last_name"]) if p)
        rows[r["id"]] = TimelineRow(
            pk=r["id"], kind=r["kind"], kind_label=kinds.get(r["kind"], r["kind"]),
            text=r["text"], occurred_at=r["occurred_at"],
            occurred_display=long_datetime(r["occurred_at"], months),
            occurred_day=long_date(r["occurred_at"], months),
            confidentiality=r["confidentiality"],
            confidentiality_label=levels.get(r["confidentiality"], ""),
            version=r["version"], author_name=author or r["author__username"],
            owner_name=r["owner_organisation__name"],
        )
    if rows:
        names: dict = {pk: [] for pk in rows}
        for link in (EntrySubject.objects.filter(entry_id__in=list(rows))
                     .order_by("person__birth_date")
                     .values("entry_id", "person_id", "person__given_names",
                             "person__tussenvoegsel", "person__family_name")):
            row = rows[link["entry_id"]]
            row.subject_ids.append(link["person_id"])
            names[link["entry_id"]].append(" ".join(
                p for p in (link["person__given_names"], link["person__tussenvoegsel"],
                            link["person__family_name"]) if p))
        for pk, row in rows.items():
            row.subject_names = ", ".join(names[pk])
        for a in (Attachment.objects.filter(entry_id__in=list(rows)).order_by("uploaded_at")
                  .values(*ATTACHMENT_FIELDS)):
            rows[a["entry_id"]].attachments.append(a)
    return list(rows.values())


def timeline_event(timeline: TimelinePage, rule: str):
    """The access-log event for the entries shown, or None when none were shown."""
    if not timeline.entries:
        return None
    return access_event("entry.list", "R", object_type="entry",
                        objects=[e.pk for e in timeline.entries],
                        subjects=[pk for e in timeline.entries for pk in e.subject_ids],
                        rule=rule)
