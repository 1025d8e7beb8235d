"""Small-cell suppression: "<5" for cells under 5, and a second hidden cell ("x") where
the first could be recomputed from a shown total."""

import pytest

from netwerkdossier.monitoring.indicators import get
from netwerkdossier.monitoring.suppression import primary, secondary

COUNT = get("nieuwe_meldingen")
SHARE = get("triage_binnen_termijn")
MEAN = get("dagen_tot_triage")
MEMBERS = get("gezinsleden_ondersteund")  # a count of people; households in the denominator


@pytest.mark.parametrize(("indicator", "n", "d", "hidden"), [
    (COUNT, 0, 0, False), (COUNT, 1, 0, True), (COUNT, 4, 0, True), (COUNT, 5, 0, False),
    (SHARE, 0, 0, False),  # no value at all
    (SHARE, 2, 4, True),  # fewer than 5 in the denominator
    (SHARE, 3, 20, True),  # the part is 1-4
    (SHARE, 17, 20, True),  # the rest is 1-4
    (SHARE, 20, 20, False), (SHARE, 0, 20, False), (SHARE, 10, 20, False),
    (MEAN, 30, 4, True), (MEAN, 3, 6, False),  # a mean's numerator is days, not families
    (MEMBERS, 7, 1, True),  # one family of seven: it is that family
    (MEMBERS, 22, 4, True), (MEMBERS, 25, 5, False), (MEMBERS, 0, 0, False),
])
def test_primary(indicator, n, d, hidden):
    assert primary(indicator, n, d) is hidden


def test_secondary_hides_a_second_cell_so_the_first_cannot_be_recomputed():
    # Region total 20 = 3 + 10 + 7: with only "3" hidden, 20 - 10 - 7 gives it back.
    sizes = {"regio": 20, "a": 3, "b": 10, "c": 7}
    groups = [("regio", ["a", "b", "c"])]
    assert secondary(sizes, groups, {"a"}) == {"c"}  # the smallest other non-zero cell


def test_secondary_skips_zero_cells_and_falls_back_to_the_total():
    # 2 + 0 = 2: hiding the 0 would still give 2 away (the hidden sum is 2); hide the total.
    sizes = {"regio": 2, "a": 2, "b": 0}
    assert secondary(sizes, [("regio", ["a", "b"])], {"a"}) == {"regio"}


def test_secondary_with_one_child_hides_the_total():
    assert secondary({"regio": 3, "a": 3}, [("regio", ["a"])], {"a"}) == {"regio"}


def test_secondary_nothing_when_two_cells_are_already_hidden_or_none():
    sizes = {"regio": 20, "a": 3, "b": 4, "c": 13}
    assert secondary(sizes, [("regio", ["a", "b", "c"])], {"a", "b"}) == set()
    assert secondary(sizes, [("regio", ["a", "b", "c"])], set()) == set()


def test_secondary_follows_the_chain_across_groups():
    # Municipality "b" is in two groups (its region, and the pilots' row of municipalities
    # shown elsewhere): hiding it in the first opens the second, which hides one more.
    sizes = {"r1": 30, "a": 2, "b": 8, "c": 20, "p": 50, "x": 12, "y": 30}
    groups = [("r1", ["a", "b", "c"]), ("p", ["b", "x", "y"])]
    assert secondary(sizes, groups, {"a"}) == {"b", "x"}
