"""The events of an installation, loaded once per refresh and indexed for the
indicators: per kind, and per case (when it was opened and closed, and where it was
worked on over time). An indicator returns, per unit (region, area, organisation),
a numerator and a denominator; refresh.py adds the units up to every area level.

A household or case counted in a period is counted once, in the unit where its case
was last worked on in that period, so the units of a level add up to the level above.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import date

Row = namedtuple("Row", "kind code on region area org household case members children value")
COLUMNS = ("kind", "code", "occurred_on", "region_id", "area_id", "organisation_id",
           "household_key", "case_key", "members", "children", "value")


def unit_of(row) -> tuple:
    return (row.region, row.area, row.org)


@dataclass
class CaseLine:
    household: object
    opened: date | None = None
    closed: date | None = None
    members: list = field(default_factory=list)  # (on, members, children), sorted
    member_days: list = field(default_factory=list)  # the dates of `members`
    places: list = field(default_factory=list)  # (on, unit), sorted
    days: list = field(default_factory=list)  # the dates of `places`, for bisect

    def running_in(self, period) -> bool:
        return self.opened is not None and self.opened <= period.end and (
            self.closed is None or self.closed >= period.start)

    def place_on(self, day: date) -> tuple:
        """(date, unit) of the last place on or before `day` (else the first)."""
        index = bisect_right(self.days, day) - 1
        return self.places[max(index, 0)]

    def unit_on(self, day: date) -> tuple:
        return self.place_on(day)[1]

    def last_seen(self, day: date) -> date:
        return self.place_on(day)[0]

    def size_on(self, day: date) -> tuple[int, int]:
        """(members, children) by the last count on or before `day` (else the first)."""
        if not self.members:
            return (0, 0)
        found = self.members[max(bisect_right(self.member_days, day) - 1, 0)]
        return (found[1] or 0, found[2] or 0)


class Data:
    def __init__(self, rows, population=None):
        # year -> {(region, area): children 0-17} (population.py), for "per 1,000".
        self.population = population or {}
        self.rows = sorted(rows, key=lambda r: r.on)
        self.by_kind: dict = defaultdict(list)
        self.cases: dict = {}
        self._running: dict = {}
        self._kind_days: dict = {}
        self._by_household: dict = {}
        self._memo: dict = {}
        for row in self.rows:
            self.by_kind[row.kind].append(row)
            if row.case is None:
                continue
            line = self.cases.setdefault(row.case, CaseLine(row.household))
            line.places.append((row.on, unit_of(row)))
            line.days.append(row.on)
            if row.kind == "report" and (line.opened is None or row.on < line.opened):
                line.opened = row.on
            elif row.kind == "closed":
                line.closed = row.on
            if row.members is not None:
                line.members.append((row.on, row.members, row.children))
                line.member_days.append(row.on)

    @classmethod
    def load(cls, queryset) -> "Data":
        """The events with the household and case keys as integers: a refresh hashes
        them millions of times, and a UUID hashes in Python. They only tell events of
        one household or case apart here. (Sorted in Python: ordering 1 million rows in
        PostgreSQL spilled to disk and took longer.)"""
        from . import population

        def row(values):
            household, case = values[6], values[7]
            return Row(*values[:6], household and household.int, case and case.int,
                       *values[8:])

        return cls((row(values) for values in queryset.values_list(*COLUMNS).iterator(
            chunk_size=20_000)),
                   population=population.load())

    def in_period(self, kind: str, period):
        rows, days = self.by_kind.get(kind, ()), self._days(kind)
        return rows[bisect_left(days, period.start):bisect_right(days, period.end)]

    def until(self, kind: str, day: date):
        """The rows of `kind` on or before `day`, in date order."""
        return self.by_kind.get(kind, [])[:bisect_right(self._days(kind), day)]

    def memo(self, key: str, build):
        """build(self), computed once per refresh: an index an indicator needs for every
        period."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    def of_household(self, kind: str, household) -> list:
        """The rows of `kind` of one household, in date order."""
        if kind not in self._by_household:
            index: dict = defaultdict(list)
            for row in self.by_kind.get(kind, ()):
                index[row.household].append(row)
            self._by_household[kind] = index
        return self._by_household[kind].get(household, [])

    def _days(self, kind: str) -> list:
        # by_kind lists are in date order (rows are sorted): their dates, for bisect.
        if kind not in self._kind_days:
            self._kind_days[kind] = [r.on for r in self.by_kind.get(kind, ())]
        return self._kind_days[kind]

    def running_households(self, period) -> dict:
        """household key -> (unit, members, children, case keys) for every household
        with a case running at some time in `period`; the unit and size are those of
        the case last worked on by the end of the period."""
        if period.key not in self._running:
            self._running[period.key] = self._running_households(period)
        return self._running[period.key]

    def _running_households(self, period) -> dict:
        found: dict = {}
        for key, line in self.cases.items():
            if not line.running_in(period):
                continue
            seen, unit = line.place_on(period.end)
            current = found.get(line.household)
            if current is None or seen >= current[4]:
                members, children = line.size_on(period.end)
                cases = (current[3] if current else []) + [key]
                found[line.household] = (unit, members, children, cases, seen)
            else:
                current[3].append(key)
        return {h: v[:4] for h, v in found.items()}


def tally():
    """unit -> [numerator, denominator]"""
    return defaultdict(lambda: [0, 0])
