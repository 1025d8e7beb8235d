"""Coherence checks across a household's measures (rules/measure_coherence.toml, issue 14
point 4): each rule fires when it should and stays silent when not; a broken rules file
fails at load with its problems in Dutch. conflicts() is pure, so the measures here are
plain objects with the fields it reads (the database form: tests/measures)."""

from datetime import date, timedelta
from types import SimpleNamespace
from uuid import uuid4

import pytest

from netwerkdossier.measures.coherence import (
    CoherenceRulesError,
    Facts,
    conflicts,
    parse,
    rules,
)

TODAY = date(2026, 12, 3)
FATHER, MOTHER, CHILD, OTHER_CHILD = "father", "mother", "child", "other_child"
NAMES = {FATHER: "Mark", MOTHER: "Sanne", CHILD: "Daan", OTHER_CHILD: "Noor"}
AUTHORITY = {"ots": "Kinderrechter", "voorlopige_ots": "Kinderrechter",
             "machtiging_uithuisplaatsing": "Kinderrechter",
             "gezagsbeeindiging_voogdij": "Rechtbank", "tijdelijk_huisverbod": "Burgemeester",
             "omgangsregeling": "Familierechter", "gedragsaanwijzing": "Officier van justitie",
             "zorgmachtiging_wvggz": "Rechter"}


def measure(key, person, *, status="toegewezen", starts=TODAY - timedelta(days=5),
            ends=TODAY + timedelta(days=30), authority_name="", bans=(), contact_with=()):
    conditions = ([SimpleNamespace(kind="contactverbod", named_person_id=p) for p in bans]
                  + [SimpleNamespace(kind="omgang", named_person_id=p) for p in contact_with])
    return SimpleNamespace(pk=uuid4(), measure_key=key, person_id=person, status=status,
                           starts_on=starts, ends_on=ends, authority_kind=AUTHORITY[key],
                           authority_name=authority_name, condition_list=conditions)


def found(measures, residents=(FATHER, MOTHER, CHILD, OTHER_CHILD)):
    return conflicts(Facts(list(measures), set(residents), NAMES, TODAY))


def keys(measures, residents=(FATHER, MOTHER, CHILD, OTHER_CHILD)):
    return sorted(c.rule.key for c in found(measures, residents))


# --- contact ban against a contact arrangement ----------------------------------------

def test_restraining_order_on_father_against_the_childs_contact_arrangement():
    order = measure("tijdelijk_huisverbod", FATHER)
    contact = measure("omgangsregeling", CHILD, ends=None, contact_with=[FATHER])
    result = found([order, contact], residents=(MOTHER, CHILD))
    assert [c.rule.key for c in result] == ["contactverbod_tegen_omgang"]
    conflict = result[0]
    assert conflict.is_conflict
    assert set(conflict.measure_ids) == {order.pk, contact.pk}
    assert "Mark" in conflict.text and "Daan" in conflict.text
    assert "Tijdelijk huisverbod" in conflict.text and "Omgangsregeling" in conflict.text


def test_explicit_contact_ban_against_contact_arrangement():
    ban = measure("gedragsaanwijzing", FATHER, bans=[CHILD])
    contact = measure("omgangsregeling", CHILD, ends=None, contact_with=[FATHER])
    assert keys([ban, contact], residents=(MOTHER, CHILD)) == ["contactverbod_tegen_omgang"]


def test_contact_arrangement_with_someone_else_is_silent():
    order = measure("tijdelijk_huisverbod", FATHER)
    contact = measure("omgangsregeling", CHILD, ends=None, contact_with=[MOTHER])
    assert keys([order, contact], residents=(MOTHER, CHILD)) == []


def test_a_ban_that_has_ended_or_is_refused_is_silent():
    ended = measure("tijdelijk_huisverbod", FATHER, ends=TODAY - timedelta(days=1))
    refused = measure("tijdelijk_huisverbod", FATHER, status="afgewezen")
    contact = measure("omgangsregeling", CHILD, ends=None, contact_with=[FATHER])
    assert keys([ended, contact], residents=(MOTHER, CHILD)) == []
    assert keys([refused, contact], residents=(MOTHER, CHILD)) == []


# --- contact ban and a shared address -------------------------------------------------

def test_contact_ban_while_living_at_the_same_address():
    ban = measure("gedragsaanwijzing", FATHER, bans=[MOTHER])
    result = found([ban])
    assert [c.rule.key for c in result] == ["contactverbod_zelfde_adres"]
    assert "Mark" in result[0].text and "Sanne" in result[0].text


def test_contact_ban_with_someone_living_elsewhere_is_silent():
    ban = measure("gedragsaanwijzing", FATHER, bans=[MOTHER])
    assert keys([ban], residents=(MOTHER, CHILD)) == []


# --- back home during a restraining order ----------------------------------------------

def test_father_registered_at_home_during_restraining_order():
    order = measure("tijdelijk_huisverbod", FATHER)
    assert keys([order]) == ["terug_tijdens_huisverbod"]


def test_restraining_order_with_father_living_elsewhere_is_silent():
    order = measure("tijdelijk_huisverbod", FATHER)
    assert keys([order], residents=(MOTHER, CHILD)) == []


# --- placed out of home but registered at home -----------------------------------------

def test_child_placed_out_of_home_but_registered_at_home():
    placement = measure("machtiging_uithuisplaatsing", CHILD)
    assert keys([placement]) == ["uithuisgeplaatst_maar_thuis"]
    assert keys([placement], residents=(FATHER, MOTHER)) == []


# --- measures that exclude each other --------------------------------------------------

def test_ots_and_guardianship_for_the_same_child():
    ots = measure("ots", CHILD)
    guardianship = measure("gezagsbeeindiging_voogdij", CHILD, ends=None)
    result = found([ots, guardianship], residents=(MOTHER,))
    assert [c.rule.key for c in result] == ["ots_en_voogdij"]
    assert "Kinderrechter" in result[0].text and "Rechtbank" in result[0].text


def test_ots_for_one_child_and_guardianship_for_another_is_silent():
    assert keys([measure("ots", CHILD), measure("gezagsbeeindiging_voogdij", OTHER_CHILD,
                                                ends=None)], residents=(MOTHER,)) == []


# --- the same measure twice ------------------------------------------------------------

def test_the_same_measure_twice_for_one_person():
    first = measure("ots", CHILD, authority_name="Rechtbank Noord-Nederland")
    second = measure("ots", CHILD, authority_name="Rechtbank Oost-Brabant")
    result = found([first, second], residents=(MOTHER,))
    assert "dubbele_maatregel" in [c.rule.key for c in result]


def test_the_same_measure_for_two_children_is_silent():
    assert "dubbele_maatregel" not in keys(
        [measure("ots", CHILD), measure("ots", OTHER_CHILD)], residents=(MOTHER,))


# --- several courts at once ------------------------------------------------------------

def test_several_courts_decide_about_one_family():
    ots = measure("ots", CHILD, authority_name="Rechtbank Noord-Nederland")
    care = measure("zorgmachtiging_wvggz", MOTHER, authority_name="Rechtbank Gelderland")
    result = found([ots, care], residents=(MOTHER, CHILD))
    assert [c.rule.key for c in result] == ["meerdere_rechters"]
    assert not result[0].is_conflict  # a point of attention, not a contradiction
    assert "2 rechters" in result[0].text and "Rechtbank Gelderland" in result[0].text


def test_one_court_and_the_mayor_are_not_several_courts():
    ots = measure("ots", CHILD, authority_name="Rechtbank Noord-Nederland")
    order = measure("tijdelijk_huisverbod", FATHER, authority_name="Burgemeester Noorderveld")
    placement = measure("machtiging_uithuisplaatsing", OTHER_CHILD,
                        authority_name="Rechtbank Noord-Nederland")
    assert "meerdere_rechters" not in keys([ots, order, placement], residents=(MOTHER,))


def test_conflicts_come_before_points_of_attention():
    result = found([measure("ots", CHILD, authority_name="Rechtbank A"),
                    measure("zorgmachtiging_wvggz", MOTHER, authority_name="Rechtbank B"),
                    measure("tijdelijk_huisverbod", FATHER)])
    assert [c.is_conflict for c in result] == sorted((c.is_conflict for c in result),
                                                     reverse=True)
    assert result[0].is_conflict and not result[-1].is_conflict


# --- the rules file ----------------------------------------------------------------------

def test_every_rule_names_its_source_and_explains_unconfirmed_values():
    loaded = rules()
    assert {r.check for r in loaded.rules} >= {
        "contact_ban_vs_contact", "contact_ban_vs_shared_address", "house_ban_vs_living_in",
        "placement_vs_living_in", "excluding_measures", "same_measure_twice",
        "several_courts"}
    for rule in loaded.rules:
        assert rule.source and rule.explanation
        if not rule.confirmed:
            assert rule.note


@pytest.mark.parametrize("record, expected", [
    ({"check": "bestaat_niet"}, "onbekende controle"),
    ({"measures": ["geen_maatregel"]}, "onbekende maatregel 'geen_maatregel'"),
    ({"severity": "rood"}, "severity moet een van"),
    ({"confirmed": False, "note": ""}, "toelichting (note)"),
    ({"measures": []}, "heeft measures nodig"),
    ({"kleur": "rood"}, "onbekende velden kleur"),
])
def test_a_broken_rule_fails_at_load_in_dutch(record, expected):
    good = {"key": "x", "check": "house_ban_vs_living_in", "label": "X", "explanation": "X",
            "severity": "conflict", "measures": ["tijdelijk_huisverbod"], "source": "X",
            "confirmed": True}
    with pytest.raises(CoherenceRulesError) as error:
        parse({"bans": {"contact_condition": "omgang"}, "rule": [{**good, **record}]})
    assert any(expected in problem for problem in error.value.problems), \
        error.value.problems
