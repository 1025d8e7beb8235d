"""When may something be destroyed: one test per rule with the date written out, leap
days, the youngest-child rule both ways, the Raad's criminal-only case, missing facts,
unconfirmed rules, and a conflict that is never resolved silently."""

from datetime import date

import pytest

from netwerkdossier.retention import Facts, Status, destroy_from, ruleset
from netwerkdossier.retention.dates import add_years, turns
from netwerkdossier.retention.rules import load_file

from .files import ALL_ORG_KINDS, write_rules

NOTE = "aantekening"
D = date


def keys(rules):
    return {r.key for r in rules}


# --- one test per rule --------------------------------------------------------------

@pytest.mark.parametrize("org_kind", ["wijkteam", "rvt", "gemeente"])
def test_jeugdwet_twenty_years_after_help_ended(org_kind):
    outcome = destroy_from(org_kind, NOTE, Facts(help_ended=D(2024, 3, 15)))
    assert outcome.status is Status.KNOWN
    assert outcome.destroy_from == D(2044, 3, 15)
    assert outcome.destroy_by is None
    assert outcome.decided_by.key == "jeugdwet"
    assert outcome.confirmed
    assert "Jeugdwet art. 7.3.8" in dict(outcome.sources)["jeugdwet"]
    assert outcome.explain().startswith("Vernietigen mag vanaf 15 maart 2044")


def test_veilig_thuis_twenty_years_after_help_when_that_is_later():
    # Youngest child 18 on 10-09-2039, before 01-03-2042: the twenty years decide.
    facts = Facts(help_ended=D(2022, 3, 1), children_birth_dates=(D(2015, 5, 5), D(2021, 9, 10)))
    outcome = destroy_from("veilig_thuis", NOTE, facts)
    assert outcome.status is Status.KNOWN
    assert outcome.destroy_from == D(2042, 3, 1)
    assert outcome.decided_by.key == "veilig_thuis"
    assert keys(a.rule for a in outcome.applied) == {"veilig_thuis", "veilig_thuis_jongste_kind"}
    assert [a.day for a in outcome.applied] == [D(2042, 3, 1), D(2039, 9, 10)]


def test_veilig_thuis_youngest_child_decides_when_eighteen_later():
    # A child born more than two years after the help ended turns 18 after the twenty
    # years: 10-09-2042 wins over 01-03-2042.
    facts = Facts(help_ended=D(2022, 3, 1), children_birth_dates=[D(2015, 5, 5), D(2024, 9, 10)])
    outcome = destroy_from("veilig_thuis", NOTE, facts)
    assert outcome.destroy_from == D(2042, 9, 10)
    assert outcome.decided_by.key == "veilig_thuis_jongste_kind"
    assert "jongste kind" in outcome.explain()


def test_veilig_thuis_household_without_children_has_only_the_twenty_years():
    outcome = destroy_from("veilig_thuis", NOTE,
                           Facts(help_ended=D(2022, 3, 1), children_birth_dates=()))
    assert outcome.destroy_from == D(2042, 3, 1)
    assert keys(a.rule for a in outcome.applied) == {"veilig_thuis"}


def test_gi_after_ots_keeps_at_least_jeugdwet_and_at_most_thirty_years_after_majority():
    facts = Facts(help_ended=D(2025, 10, 1), person_birth_date=D(2009, 4, 20),
                  ots_or_voogdij=True)
    outcome = destroy_from("gi", NOTE, facts)
    assert outcome.status is Status.KNOWN
    assert outcome.destroy_from == D(2045, 10, 1)
    assert outcome.decided_by.key == "jeugdwet"
    # 18 on 20-04-2027, plus thirty years.
    assert outcome.destroy_by == D(2057, 4, 20)
    assert outcome.limited_by.key == "gi_ots_voogdij"
    assert not outcome.confirmed
    assert keys(outcome.unconfirmed) == {"gi_ots_voogdij"}
    assert "Uiterlijk vernietigen op 20 april 2057" in outcome.explain()


def test_gi_without_ots_or_voogdij_has_no_maximum():
    facts = Facts(help_ended=D(2025, 10, 1), person_birth_date=D(2009, 4, 20),
                  ots_or_voogdij=False)
    outcome = destroy_from("gi", NOTE, facts)
    assert outcome.destroy_from == D(2045, 10, 1)
    assert outcome.destroy_by is None
    assert outcome.confirmed


def test_rvdk_protection_investigation_hundred_years_after_birth():
    facts = Facts(person_birth_date=D(2012, 6, 15), criminal_only=False,
                  gezag_ended_or_adoption=False)
    outcome = destroy_from("rvdk", NOTE, facts)
    assert outcome.status is Status.KNOWN
    assert outcome.destroy_from == D(2112, 6, 15)
    assert outcome.decided_by.key == "rvdk_bescherming"


def test_rvdk_criminal_only_file_until_the_person_is_24():
    facts = Facts(person_birth_date=D(2007, 10, 3), criminal_only=True,
                  gezag_ended_or_adoption=False)
    outcome = destroy_from("rvdk", NOTE, facts)
    assert outcome.destroy_from == D(2031, 10, 3)
    assert outcome.decided_by.key == "rvdk_strafrechtelijk"
    assert keys(a.rule for a in outcome.applied) == {"rvdk_strafrechtelijk"}


def test_rvdk_end_of_authority_or_adoption_is_kept_always():
    facts = Facts(person_birth_date=D(2012, 6, 15), criminal_only=False,
                  gezag_ended_or_adoption=True)
    outcome = destroy_from("rvdk", NOTE, facts)
    assert outcome.status is Status.PERMANENT
    assert outcome.destroy_from is None
    assert outcome.decided_by.key == "rvdk_gezag_adoptie"
    assert not outcome.confirmed
    assert outcome.explain().startswith("Altijd bewaren, niet vernietigen")


@pytest.mark.parametrize("org_kind", ["ggz", "huisarts"])
def test_wgbo_twenty_years_after_the_last_change(org_kind):
    outcome = destroy_from(org_kind, NOTE, Facts(last_change=D(2025, 1, 20),
                                                 help_ended=D(2024, 1, 1)))
    assert outcome.destroy_from == D(2045, 1, 20)
    assert outcome.decided_by.key == "wgbo"
    assert not outcome.confirmed


@pytest.mark.parametrize(("org_kind", "rule", "law"), [
    ("politie", "politie_wpg", "Wet politiegegevens"),
    ("om", "om_wjsg", "Wet justitiële en strafvorderlijke gegevens"),
    ("school", "school_eigen_regeling", "privacyreglement van de school"),
    ("other", "overig_eigen_regeling", "eigen termijn"),
])
def test_own_law_is_named_and_no_date_is_made_up(org_kind, rule, law):
    outcome = destroy_from(org_kind, NOTE, Facts(help_ended=D(2024, 3, 15)))
    assert outcome.status is Status.OWN_LAW
    assert outcome.destroy_from is None and outcome.destroy_by is None
    assert outcome.decided_by.key == rule
    assert law in outcome.explain()
    assert not outcome.confirmed


# --- leap days ----------------------------------------------------------------------

def test_leap_day_arithmetic():
    assert add_years(D(2024, 2, 29), 20) == D(2044, 2, 29)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
    assert add_years(D(2023, 2, 28), 1) == D(2024, 2, 28)
    assert turns(D(2008, 2, 29), 18) == D(2026, 3, 1)
    assert turns(D(2008, 2, 29), 24) == D(2032, 2, 29)


def test_help_ended_on_a_leap_day():
    outcome = destroy_from("wijkteam", NOTE, Facts(help_ended=D(2024, 2, 29)))
    assert outcome.destroy_from == D(2044, 2, 29)


def test_born_on_a_leap_day():
    born = D(2008, 2, 29)
    gi = destroy_from("gi", NOTE, Facts(help_ended=D(2024, 2, 29), person_birth_date=born,
                                        ots_or_voogdij=True))
    # Of age on 01-03-2026 (no 29 February that year); thirty years after that day.
    assert gi.destroy_by == D(2056, 3, 1)
    assert gi.destroy_from == D(2044, 2, 29)
    rvdk = destroy_from("rvdk", NOTE, Facts(person_birth_date=born, criminal_only=True,
                                            gezag_ended_or_adoption=False))
    assert rvdk.destroy_from == D(2032, 2, 29)
    vt = destroy_from("veilig_thuis", NOTE, Facts(help_ended=D(2005, 6, 1),
                                                  children_birth_dates=(born,)))
    assert vt.destroy_from == D(2026, 3, 1)
    assert vt.decided_by.key == "veilig_thuis_jongste_kind"


# --- facts not yet known ------------------------------------------------------------

def test_help_not_ended_is_not_yet_known_and_says_so():
    outcome = destroy_from("wijkteam", NOTE, Facts())
    assert outcome.status is Status.NOT_YET_KNOWN
    assert outcome.destroy_from is None
    assert outcome.missing == ("help_ended",)
    assert "de datum waarop de hulp is beëindigd" in outcome.explain()
    assert outcome.explain().startswith("Nog niet bekend wanneer vernietigen mag")


def test_every_missing_fact_is_named():
    outcome = destroy_from("veilig_thuis", NOTE, Facts())
    assert outcome.missing == ("help_ended", "children_birth_dates")
    assert outcome.missing_labels[1] == "de geboortedata van de kinderen in het gezin"


def test_unknown_condition_is_a_missing_fact_not_a_guess():
    outcome = destroy_from("rvdk", NOTE, Facts(person_birth_date=D(2012, 6, 15),
                                               gezag_ended_or_adoption=False))
    assert outcome.status is Status.NOT_YET_KNOWN
    assert outcome.missing == ("criminal_only",)
    assert "alleen strafrechtelijke gegevens" in outcome.explain()
    gi = destroy_from("gi", NOTE, Facts(help_ended=D(2025, 10, 1),
                                        person_birth_date=D(2009, 4, 20)))
    assert gi.missing == ("ots_or_voogdij",)


# --- unconfirmed, conflicts, kinds --------------------------------------------------

def test_unconfirmed_rules_are_reported():
    facts = Facts(help_ended=D(2022, 3, 1), children_birth_dates=(D(2015, 5, 5),))
    outcome = destroy_from("veilig_thuis", NOTE, facts)
    assert not outcome.confirmed
    assert keys(outcome.unconfirmed) == {"veilig_thuis", "veilig_thuis_jongste_kind"}
    assert "Let op, nog niet bevestigd: Veilig Thuis" in outcome.explain()
    assert "nog niet bevestigd" not in destroy_from(
        "wijkteam", NOTE, Facts(help_ended=D(2022, 3, 1))).explain()


def test_a_maximum_before_the_minimum_is_a_conflict_not_a_choice():
    # Constructed: help recorded as ended at 30, after the thirty years after majority
    # would end (18 on 01-01-2018, maximum 01-01-2048; minimum 01-05-2050).
    facts = Facts(help_ended=D(2030, 5, 1), person_birth_date=D(2000, 1, 1),
                  ots_or_voogdij=True)
    outcome = destroy_from("gi", NOTE, facts)
    assert outcome.status is Status.CONFLICT
    assert (outcome.destroy_from, outcome.destroy_by) == (D(2050, 5, 1), D(2048, 1, 1))
    assert "Vernietig niet" in outcome.explain()


def test_one_rule_can_be_asked_directly():
    rule = ruleset().rule("veilig_thuis_jongste_kind")
    outcome = destroy_from(rule, NOTE, Facts(children_birth_dates=(D(2015, 5, 5),)))
    assert outcome.destroy_from == D(2033, 5, 5)
    assert keys(a.rule for a in outcome.applied) == {"veilig_thuis_jongste_kind"}


def test_access_log_is_outside_the_file_rules():
    outcome = destroy_from("wijkteam", "toegangslog", Facts(help_ended=D(2024, 3, 15)))
    assert outcome.status is Status.OUTSIDE
    assert outcome.destroy_from is None
    assert "NEN 7513" in outcome.explain()


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="wijkteams"):
        destroy_from("wijkteams", NOTE, Facts())
    with pytest.raises(ValueError, match="aantekeningen"):
        destroy_from("wijkteam", "aantekeningen", Facts())


def test_a_rule_for_some_information_kinds_only(tmp_path):
    rules = load_file(write_rules(tmp_path, """
[[rule]]
key = "bijlagen_kort"
label = "Bijlagen"
org_kinds = ["wijkteam"]
info_kinds = ["bijlage"]
clock = "help_ended"
years = 25
bound = "minimum"
source = "test"
confirmed = true
""", others=[k for k in ALL_ORG_KINDS if k != "wijkteam"]))
    facts = Facts(help_ended=D(2024, 3, 15))
    assert destroy_from("wijkteam", "bijlage", facts, rules=rules).destroy_from == D(2049, 3, 15)
    note = destroy_from("wijkteam", NOTE, facts, rules=rules)
    assert note.status is Status.NO_RULE


def test_no_minimum_means_do_not_destroy(tmp_path):
    rules = load_file(write_rules(tmp_path, """
[[rule]]
key = "alleen_maximum"
label = "Alleen een maximum"
org_kinds = ["gemeente"]
clock = "help_ended"
years = 5
bound = "maximum"
source = "test"
confirmed = true
""", others=[k for k in ALL_ORG_KINDS if k != "gemeente"]))
    outcome = destroy_from("gemeente", NOTE, Facts(help_ended=D(2024, 3, 15)), rules=rules)
    assert outcome.status is Status.NO_RULE
    assert outcome.destroy_from is None
    assert outcome.destroy_by == D(2029, 3, 15)
    assert "Vernietig niet" in outcome.explain()
