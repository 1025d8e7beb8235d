"""The household's timeline: one query per page, filters, pagination without a count."""

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from netwerkdossier.access.api import KNOW_EXISTS, READ, record, visible_in_household
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.dossier.models import (
    Attachment,
    Confidentiality,
    Entry,
    EntryKind,
    EntrySubject,
)
from netwerkdossier.households.models import Person
from netwerkdossier.organisations.models import Organisation

from .formatting import long_date, long_datetime, month_names
from .forms import TimelineFilterForm
from .timeline_html import render_items

PAGE_SIZE = 25
PLACEHOLDER_CAP = 25  # at most this many "there is an entry you cannot read" notices
# Only the columns the timeline shows: no password hashes or addresses in this query.
# Plain rows instead of model instances: the page is a hot path (see docs/benchmarks.md).
ENTRY_COLUMNS = ("id", "kind", "text", "occurred_at", "confidentiality", "version",
                 "author__username", "author__first_name", "author__last_name",
                 "owner_organisation__name", "health_data", "criminal_data",
                 "third_party_data", "confidential_for_member_id")
PLACEHOLDER_COLUMNS = ("id", "occurred_at", "owner_organisation__name")
# Filters on what a placeholder does not show (whom an entry is about, its kind). Applied
# to placeholders they would make one appear or vanish on the unreadable entry's subject
# or kind, so while one is active no placeholders are shown at all. The organisation
# filter stays: a placeholder names its organisation anyway.
HIDDEN_ATTRIBUTE_FILTERS = ("lid", "soort")
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
    health_data: bool = False
    criminal_data: bool = False
    third_party_data: bool = False
    confidential_for: str = ""  # name of the member it is kept for, if any
    # A placeholder: the reader may know that this entry exists, not what it says.
    placeholder: bool = False


@dataclass
class TimelinePage:
    entries: list  # the readable rows of this page
    form: TimelineFilterForm
    page: int
    has_next: bool
    query: dict  # the active filters, to build links
    placeholders: list = field(default_factory=list)
    # True when a filter on subject or kind is active: placeholders are left out.
    placeholders_hidden: bool = False

    @cached_property
    def items(self) -> list:
        """Readable rows and placeholders together, newest first."""
        if not self.placeholders:
            return self.entries
        return sorted(self.entries + self.placeholders, key=lambda r: r.occurred_at,
                      reverse=True)

    @property
    def filter_query(self) -> str:
        """The active filters as a query string (for the download links)."""
        return urlencode(self.query)

    @property
    def items_html(self):
        return render_items(self.items)

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


def filtered(qs, filters: dict):
    """The timeline's filters (member, kind, period) applied to an access-filtered
    queryset; shared by the page and its export, so both show the same entries."""
    if "lid" in filters:
        qs = qs.filter(subject_links__person_id=filters["lid"])
    if "soort" in filters:
        qs = qs.filter(kind=filters["soort"])
    if "organisatie" in filters:
        qs = qs.filter(owner_organisation_id=filters["organisatie"])
    return qs


def load_timeline(ctx, household, decision, members, params, *,
                  by_organisation=True) -> TimelinePage:
    """Current versions the actor may read, newest first, filtered and paginated; with
    placeholders for entries in the same date window that the actor may only know of.

    `by_organisation=False` offers no organisation filter (a case-table seat): its
    options are the organisations ever on the team or leading a case, which a seat may
    not learn (decision 0018), and a valid choice would confirm one of them."""
    base = visible_in_household(ctx, READ, household.pk,
                                Entry.objects.filter(is_current=True))
    form = TimelineFilterForm(params, members=members,
                              organisations=involved_organisations(household)
                              if by_organisation else [])
    filters = form.filters()
    qs = filtered(base, filters)
    page = _page_number(params.get("pagina"))
    start = (page - 1) * PAGE_SIZE
    # From page 2 on, the previous page's last row is read too: it bounds the window.
    first = start - 1 if start else 0
    raw = list(qs.order_by("-occurred_at", "-recorded_at")
               .values(*ENTRY_COLUMNS)[first:start + PAGE_SIZE + 1])
    previous = raw.pop(0) if start and raw else None
    has_next = len(raw) > PAGE_SIZE
    shown = raw[:PAGE_SIZE]
    by_birth = sorted(members, key=lambda p: p.birth_date)
    rows = build_rows(shown, {p.pk: p.full_name for p in by_birth})
    placeholders = []
    hidden = any(f in filters for f in HIDDEN_ATTRIBUTE_FILTERS)
    if not hidden and (not start or previous is not None):
        placeholders = load_placeholders(
            ctx, household, filters, {r["id"] for r in shown},
            upper=previous["occurred_at"] if previous else None,
            lower=shown[-1]["occurred_at"] if has_next else None)
    return TimelinePage(entries=rows, form=form, page=page, has_next=has_next,
                        query=filters, placeholders=placeholders,
                        placeholders_hidden=hidden)


def load_placeholders(ctx, household, filters, shown_ids, *, upper, lower,
                      cap: int = PLACEHOLDER_CAP) -> list:
    """Entries between `lower` and `upper` (the page's date window) that ctx may know
    exist but not read: one query of id, date and organisation, at most `cap`.
    `filters` may only hold filters on what a placeholder shows (the organisation).

    Within the window every readable entry is on this page, except ties on a boundary
    date that sit on the neighbouring page; only those few are checked once more.
    """
    if any(f in filters for f in HIDDEN_ATTRIBUTE_FILTERS):  # see the constant
        raise ValueError("placeholders must not be filtered on subject or kind")
    qs = filtered(visible_in_household(ctx, KNOW_EXISTS, household.pk,
                                        Entry.objects.filter(is_current=True)), filters)
    if upper is not None:
        qs = qs.filter(occurred_at__lte=upper)
    if lower is not None:
        qs = qs.filter(occurred_at__gte=lower)
    found = [r for r in qs.order_by("-occurred_at", "-recorded_at")
             .values(*PLACEHOLDER_COLUMNS)[:cap + len(shown_ids)]
             if r["id"] not in shown_ids]
    ties = [r["id"] for r in found if r["occurred_at"] in (upper, lower)]
    if ties:
        readable = set(visible_in_household(ctx, READ, household.pk,
                                            Entry.objects.filter(pk__in=ties))
                       .values_list("pk", flat=True))
        found = [r for r in found if r["id"] not in readable]
    months = month_names()
    return [TimelineRow(pk=r["id"], kind="", kind_label="", text="",
                        occurred_at=r["occurred_at"],
                        occurred_display=long_datetime(r["occurred_at"], months),
                        occurred_day=long_date(r["occurred_at"], months),
                        confidentiality=0, confidentiality_label="", version=0,
                        author_name="", owner_name=r["owner_organisation__name"],
                        placeholder=True)
            for r in found[:cap]]


def build_rows(raw: list[dict], member_names: dict | None = None) -> list[TimelineRow]:
    """Turn value rows into display rows: labels and dates formatted once per page."""
    kinds = {k: str(v) for k, v in EntryKind.choices}
    levels = {k: str(v) for k, v in Confidentiality.choices}
    months = month_names()
    member_name = {None: "", **(member_names or {})}
    someone = gettext("een gezinslid")
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
            health_data=r.get("health_data", False),
            criminal_data=r.get("criminal_data", False),
            third_party_data=r.get("third_party_data", False),
            confidential_for=member_name.get(r.get("confidential_for_member_id"), someone),
        )
    if rows:
        _add_subjects(rows, member_names or {})
        for a in (Attachment.objects.filter(entry_id__in=list(rows)).order_by("uploaded_at")
                  .values(*ATTACHMENT_FIELDS)):
            rows[a["entry_id"]].attachments.append(a)
    return list(rows.values())


def _add_subjects(rows: dict, member_names: dict) -> None:
    """Subject ids and names per row, oldest member first. Names of the household's
    members are known already (member_names, in birth order); only someone who is not
    (or no longer) a member costs a name lookup."""
    order = {pk: n for n, pk in enumerate(member_names)}
    links = list(EntrySubject.objects.filter(entry_id__in=list(rows))
                 .values_list("entry_id", "person_id"))
    unknown = {person for _entry, person in links if person not in member_names}
    names = dict(member_names)
    if unknown:
        for person in Person.objects.filter(pk__in=unknown):
            names[person.pk] = person.full_name
            order.setdefault(person.pk, len(order))
    by_entry: dict = {pk: [] for pk in rows}
    for entry_id, person_id in links:
        by_entry[entry_id].append(person_id)
    for pk, row in rows.items():
        people = sorted(by_entry[pk], key=lambda person: order[person])
        row.subject_ids = people
        row.subject_names = ", ".join(names[person] for person in people)


def record_timeline(ctx, timeline: TimelinePage, decision, *,
                    event_code: str = "entry.list") -> None:
    """Record the entries shown (their subjects come from the catalogue) and the
    placeholders shown: a read of existence only, without subjects (the reader did not
    learn whom those entries are about). Rows are plain values: the records need only
    their ids. A download records under its own `event_code` ("entry.export")."""
    placeholder_code = ("entry.placeholder" if event_code == "entry.list"
                        else f"{event_code}.placeholder")
    record(ctx, event_code, [Entry(pk=e.pk) for e in timeline.entries], decision=decision,
           known_subjects=[pk for e in timeline.entries for pk in e.subject_ids])
    record(ctx, placeholder_code, [Entry(pk=p.pk) for p in timeline.placeholders],
           rule="placeholder", existence_only=True)
