"""k-anonymity: every combination of the quasi-identifiers must occur in at least K rows.

check() returns k (the size of the smallest group of rows equal on all quasi-
identifiers; 0 for no rows) and how many combinations are too rare, never which values
they hold: naming a rare combination would point at the few families in it.
"""

from collections import Counter
from dataclasses import dataclass

K = 5


@dataclass(frozen=True)
class Result:
    k: int
    rare_groups: int  # combinations occurring fewer than K times
    rare_rows: int  # rows in them

    @property
    def passed(self) -> bool:
        return self.k >= K


def check(rows: list[dict], quasi_identifiers: list[str]) -> Result:
    counts = Counter(tuple(row[q] for q in quasi_identifiers) for row in rows)
    if not counts:
        return Result(0, 0, 0)
    rare = [n for n in counts.values() if n < K]
    return Result(min(counts.values()), len(rare), sum(rare))
