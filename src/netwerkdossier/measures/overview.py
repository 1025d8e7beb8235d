"""The family legal overview (issue 14, point 7): all measures of all members of one
household on one page — the document a combined hearing would start from. Who decided
what (the authorities involved), the measures in time per member, the conflicts between
them (coherence.py), the decisions still pending (requests), the deadlines, and the open
objection terms.

Everything is read through measures.reading.readable() (the access module), so the
overview of a reader shows only the measures that reader may read; the page and the PDF
are built from the same Overview, so they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from . import coherence, objection
from .catalogue import catalogue
from .models import IN_FORCE, Status
from .reading import readable


@dataclass(frozen=True)
class Authority:
    name: str
    kind: str
    measures: int
    in_force: int


@dataclass(frozen=True)
class ObjectionTerm:
    measure: object
    title: str
    until: date


@dataclass
class Overview:
    household: object
    today: date
    measures: list  # reading.readable() rows, in person and start order
    members: list = field(default_factory=list)  # [(person, [measures])]
    authorities: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    pending: list = field(default_factory=list)  # requested, not yet decided
    drafts: list = field(default_factory=list)  # requests being prepared (decisions app)
    deadlines: list = field(default_factory=list)  # [(Deadline, measure)] upcoming
    objections: list = field(default_factory=list)  # open objection terms

    @property
    def unconfirmed(self) -> bool:
        return any(not m.entry.confirmed for m in self.measures)


def build(ctx, household, today: date | None = None) -> Overview:
    today = today or timezone.localdate()
    measures = readable(ctx, household)
    overview = Overview(household, today, measures)
    by_person: dict = {}
    for m in measures:
        by_person.setdefault(m.person_id, (m.person, []))[1].append(m)
    overview.members = list(by_person.values())
    overview.authorities = _authorities(measures)
    overview.conflicts = coherence.for_household(
        ctx, household, [m for m in measures if m.status in IN_FORCE], on=today)
    overview.pending = [m for m in measures if m.status == Status.AANGEVRAAGD]
    overview.drafts = _drafts(ctx, household)
    overview.deadlines = sorted(
        ((d, m) for m in measures for d in m.deadline_list if d.on >= today or d.urgent),
        key=lambda pair: pair[0].on)
    overview.objections = _objection_terms(measures, today)
    return overview


def _drafts(ctx, household) -> list:
    """Requests for a measure drafted and not yet sent, that ctx may read (once sent
    they are registered as requested measures, `pending`)."""
    from netwerkdossier.access.api import READ, visible
    from netwerkdossier.decisions.models import MeasureRequest

    drafts = list(visible(ctx, READ, MeasureRequest.objects.exclude(
        status=MeasureRequest.Status.VERZONDEN), household_id=household.pk)
        .select_related("person").order_by("created_at"))
    for draft in drafts:
        draft.entry = catalogue().get(draft.measure_key)
    return drafts


def _authorities(measures) -> list[Authority]:
    counted: dict = {}
    for m in measures:
        key = (m.authority_name or m.authority_kind, m.authority_kind)
        total, running = counted.get(key, (0, 0))
        counted[key] = (total + 1, running + (m.status in IN_FORCE))
    return [Authority(name, kind, total, running)
            for (name, kind), (total, running) in sorted(counted.items())]


def _objection_terms(measures, today: date) -> list[ObjectionTerm]:
    """Objection terms still open: a route with a fixed term after the decision date."""
    found = []
    for m in measures:
        if m.status not in IN_FORCE or m.decided_on is None and m.starts_on is None:
            continue
        for route in objection.routes_for(m.measure_key):
            until = objection.deadline(route, m.decided_on or m.starts_on)
            if until is not None and until >= today:
                found.append(ObjectionTerm(m, route["title"], until))
    return sorted(found, key=lambda t: t.until)
