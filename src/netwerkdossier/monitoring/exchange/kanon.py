"""k-anonymity: every combination of the quasi-identifiers must occur for at least K
families (or rows, when rows are not grouped by a unit).

check() returns k (the number of families, or rows, in the smallest group of rows equal
on all quasi-identifiers; 0 for no rows) and how many combinations are too rare, never
which values they hold: naming a rare combination would point at the few families in it.
Families, not rows: the research export has a row per case and always its household
pseudonym, so five cases of one family would otherwise pass as k = 5 while the
researcher sees they are one family.
"""

from collections import defaultdict
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


def check(rows: list[dict], quasi_identifiers: list[str], unit: str | None = None) -> Result:
    """`unit`: the column naming whom a row is about (its distinct values are counted);
    None counts rows."""
    groups = defaultdict(list)
    for row in rows:
        groups[tuple(row[q] for q in quasi_identifiers)].append(row)
    if not groups:
        return Result(0, 0, 0)
    sizes = {key: len({row[unit] for row in members}) if unit else len(members)
             for key, members in groups.items()}
    rare = [key for key, size in sizes.items() if size < K]
    return Result(min(sizes.values()), len(rare), sum(len(groups[key]) for key in rare))
