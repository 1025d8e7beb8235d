"""Small-cell suppression, primary and secondary (docs/decisions/0045).

Primary: a cell that rests on fewer than 5 families or events shows "<5" (a count of
1 to 4, or a count of people resting on 1 to 4 households, which such a count carries in
its denominator; a share or mean over fewer than 5; a share whose part or rest is 1 to
4). Zero shows as 0: it says that nothing happened, not about whom.
Secondary: where cells add up to a total that is shown (the municipalities of a region
in one period, the regions of the country), one hidden cell could be recomputed as the
total minus the others. As long as a group has exactly one hidden cell, a second one is
hidden ("x"): the smallest non-zero other cell, else the total itself. This repeats
until no group has a single hidden cell, so a cell that is part of two groups is
protected in both.
"""

from . import indicators as registry

MIN_CELL = 5
PRIMARY, SECONDARY = "<5", "x"


def small(count: int) -> bool:
    return 0 < count < MIN_CELL


def primary(indicator, numerator: int, denominator: int) -> bool:
    if indicator.measure == registry.COUNT:  # the denominator: households, or 0
        return small(numerator) or small(denominator)
    if denominator == 0:
        return False  # no value at all
    if denominator < MIN_CELL:
        return True
    if indicator.measure == registry.PERCENT:
        return small(numerator) or small(denominator - numerator)
    if indicator.counts_units:
        return small(numerator)
    return False


def size(indicator, numerator: int, denominator: int) -> int:
    """What a cell counts (to choose the smallest for secondary suppression)."""
    return numerator if indicator.measure == registry.COUNT else denominator


def secondary(sizes: dict, groups: list, hidden: set) -> set:
    """The cells to hide in addition to `hidden`. sizes: cell -> size; groups: (total
    cell, [child cells]) whose children add up to the total."""
    hidden = set(hidden)
    extra: set = set()
    changed = True
    while changed:
        changed = False
        for total, children in groups:
            members = [total, *children]
            if sum(1 for m in members if m in hidden) != 1:
                continue
            candidates = sorted((c for c in children if c not in hidden and sizes.get(c, 0) > 0),
                                key=lambda c: (sizes.get(c, 0), str(c)))
            pick = candidates[0] if candidates else (
                total if total not in hidden else None)
            if pick is None:
                continue
            hidden.add(pick)
            extra.add(pick)
            changed = True
    return extra
