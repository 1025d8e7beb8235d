"""Half years and quarters: the periods indicators are given for."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

KINDS = {"H": 2, "K": 4}  # halfjaar, kwartaal: periods per year


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "H" or "K"
    number: int

    @property
    def months(self) -> int:
        return 12 // KINDS[self.kind]

    # Cached: a refresh asks a period for its bounds millions of times (once per event).
    @cached_property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @cached_property
    def end(self) -> date:
        following = self.next()
        return following.start - timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}{self.number}"

    @property
    def label(self) -> str:
        word = "halfjaar" if self.kind == "H" else "kwartaal"
        return f"{self.number}e {word} {self.year}"

    @property
    def short_label(self) -> str:
        return f"{self.year} {self.kind}{self.number}"

    def next(self) -> "Period":
        if self.number == KINDS[self.kind]:
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year, self.kind, self.number + 1)

    def previous(self) -> "Period":
        if self.number == 1:
            return Period(self.year - 1, self.kind, KINDS[self.kind])
        return Period(self.year, self.kind, self.number - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def half_year(self) -> "Period":
        """The half year this period lies in (itself for a half year)."""
        return containing(self.start, "H")

    def quarters(self) -> list["Period"]:
        """The quarters that make up this period."""
        return between(self.start, self.end, "K")


def containing(day: date, kind: str) -> Period:
    months = 12 // KINDS[kind]
    return Period(day.year, kind, (day.month - 1) // months + 1)


def parse(key: str) -> Period | None:
    """"2026-H1" or "2026-K3"; None for anything else."""
    try:
        year, rest = key.split("-", 1)
        kind, number = rest[0], int(rest[1:])
        year = int(year)
    except (ValueError, IndexError, AttributeError):
        return None
    if kind not in KINDS or not 1 <= number <= KINDS[kind] or not 2000 <= year <= 2100:
        return None
    return Period(year, kind, number)


def between(first: date, last: date, kind: str) -> list[Period]:
    """Every period of `kind` from the one containing `first` to the one containing
    `last`."""
    found, period = [], containing(first, kind)
    while period.start <= last:
        found.append(period)
        period = period.next()
    return found


def recent(today: date, kind: str, count: int) -> list[Period]:
    """The `count` periods up to and including today's, oldest first."""
    found = [containing(today, kind)]
    while len(found) < count:
        found.insert(0, found[0].previous())
    return found
