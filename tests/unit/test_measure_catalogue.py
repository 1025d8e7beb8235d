"""The catalogue of legal measures (rules/measures.toml, issue 14 point 1): every measure
of DOMAIN.md's table is there with its source; end, hearing and reminder dates per
measure (leap years included); extensions up to the maximum; a broken file fails at load
with every problem in Dutch."""

from datetime import date

import pytest

from netwerkdossier.measures.catalogue import MeasureCatalogueError, catalogue, parse

START = date(2026, 3, 15)
LEAP = date(2024, 2, 29)

# key -> (end from START, reminder before that end, end from LEAP): worked out by hand.
EXPECTED = {
    "ots": (date(2027, 3, 15), date(2027, 1, 18), date(2025, 2, 28)),
    "voorlopige_ots": (date(2026, 6, 15), date(2026, 5, 25), date(2024, 5, 29)),
    "machtiging_uithuisplaatsing": (date(2027, 3, 15), date(2027, 1, 18), date(2025, 2, 28)),
    "spoedmachtiging_uithuisplaatsing": (date(2026, 4, 12), date(2026, 3, 29),
                                         date(2024, 3, 28)),
    "gezagsbeeindiging_voogdij": (None, None, None),
    "tijdelijk_huisverbod": (date(2026, 3, 25), date(2026, 3, 22), date(2024, 3, 10)),
    "crisismaatregel_wvggz": (date(2026, 3, 18), date(2026, 3, 17), date(2024, 3, 3)),
    "voortzetting_crisismaatregel": (date(2026, 4, 5), date(2026, 3, 29), date(2024, 3, 21)),
    "zorgmachtiging_wvggz": (date(2026, 9, 15), date(2026, 8, 4), date(2024, 8, 29)),
    "rechterlijke_machtiging_wzd": (date(2026, 9, 15), date(2026, 8, 4), date(2024, 8, 29)),
    "curatele_bewind_mentorschap": (None, None, None),
    "bijzondere_voorwaarden": (date(2029, 3, 15), date(2029, 2, 1), date(2027, 2, 28)),
    "vrijheidsbeperkende_maatregel": (date(2031, 3, 15), date(2031, 2, 1), date(2029, 2, 28)),
    "gedragsaanwijzing": (date(2026, 6, 13), date(2026, 5, 30), date(2024, 5, 29)),
    # Not in DOMAIN.md's table: the court's contact arrangement, which the coherence
    # checks compare contact bans with (rules/measure_coherence.toml).
    "omgangsregeling": (None, None, None),
}


def test_every_measure_of_the_domain_table_is_in_the_catalogue():
    assert {m.key for m in catalogue().measures} == set(EXPECTED)
    for measure in catalogue().measures:
        assert measure.source and measure.decided_by and measure.before_end
        if not measure.confirmed:
            assert measure.note  # says what a lawyer must check


def test_criminal_measures_are_criminal_data():
    criminal = {m.key for m in catalogue().measures if m.criminal_data}
    assert criminal == {"bijzondere_voorwaarden", "vrijheidsbeperkende_maatregel",
                        "gedragsaanwijzing"}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_end_and_reminder_dates(key):
    measure = catalogue().get(key)
    end, remind, leap_end = EXPECTED[key]
    assert measure.ends_on(START) == end
    assert measure.remind_on(end) == remind
    assert measure.ends_on(LEAP) == leap_end
    assert measure.open_ended == (end is None)
    if end is not None:
        assert START < remind < end


def test_a_year_from_29_february_ends_on_28_february():
    assert catalogue().get("ots").ends_on(date(2024, 2, 29)) == date(2025, 2, 28)
    assert catalogue().get("ots").ends_on(date(2027, 2, 28)) == date(2028, 2, 28)


def test_ots_is_extended_a_year_at_a_time_without_a_maximum():
    ots = catalogue().get("ots")
    end, ends = ots.ends_on(START), []
    for n in range(3):
        end = ots.extended_until(START, end, n)
        ends.append(end)
    assert ends == [date(2028, 3, 15), date(2029, 3, 15), date(2030, 3, 15)]


def test_huisverbod_is_extended_once_to_at_most_four_weeks_after_it_was_imposed():
    verbod = catalogue().get("tijdelijk_huisverbod")
    first = verbod.ends_on(START)
    assert first == date(2026, 3, 25)
    extended = verbod.extended_until(START, first, 0)
    assert extended == date(2026, 4, 12) == verbod.latest_end(START)
    assert verbod.extended_until(START, extended, 1) is None  # no second extension
    # An extension never passes the maximum, however late it starts.
    assert verbod.extended_until(START, date(2026, 4, 10), 0) == date(2026, 4, 12)


def test_voortzetting_reaches_six_weeks_at_most():
    measure = catalogue().get("voortzetting_crisismaatregel")
    assert measure.extended_until(START, measure.ends_on(START), 0) == date(2026, 4, 26)
    assert measure.extended_until(START, date(2026, 4, 26), 0) is None  # at the maximum


@pytest.mark.parametrize("key", ["voorlopige_ots", "spoedmachtiging_uithuisplaatsing",
                                 "crisismaatregel_wvggz", "vrijheidsbeperkende_maatregel",
                                 "gezagsbeeindiging_voogdij"])
def test_measures_without_extension_cannot_be_extended(key):
    measure = catalogue().get(key)
    assert measure.extended_until(START, measure.ends_on(START), 0) is None


def test_voorlopige_ots_hearing_within_two_weeks():
    assert catalogue().get("voorlopige_ots").hearing_by(START) == date(2026, 3, 29)
    assert catalogue().get("ots").hearing_by(START) is None


def test_open_ended_measures_are_evaluated_every_five_years():
    curatele = catalogue().get("curatele_bewind_mentorschap")
    assert curatele.next_evaluation(date(2015, 6, 1), date(2026, 3, 15)) == date(2030, 6, 1)
    assert curatele.next_evaluation(date(2015, 6, 1), date(2020, 6, 1)) == date(2025, 6, 1)
    assert catalogue().get("gezagsbeeindiging_voogdij").next_evaluation(
        START, START) is None


def _record(**changes):
    record = {"key": "x", "label": "X", "law": "civiel", "criminal_data": False,
              "decided_by": "Rechter", "requested_by": [], "duration": {"months": 3},
              "before_end": ["Beslissen"], "source": "art. 1 X", "confirmed": True}
    record.update(changes)
    return {key: value for key, value in record.items() if value is not None}


@pytest.mark.parametrize("changes,problem", [
    ({"duration": {"maanden": 3}}, "onbekende eenheid"),
    ({"duration": {"months": 0}}, "geen positief geheel getal"),
    ({"duration": {"months": 3, "days": 2}}, "één eenheid"),
    ({"duration": None}, "duration ontbreekt"),
    ({"open_ended": True}, "zonder einde heeft geen duration"),
    ({"law": "strafrechtelijk"}, "criminal_data = true"),
    ({"law": "kerkelijk"}, "law moet een van"),
    ({"confirmed": False}, "toelichting (note)"),
    ({"source": ""}, "source ontbreekt"),
    ({"before_end": []}, "before_end noemt geen stap"),
    ({"extensions_max": 1}, "grens aan verlenging zonder extension"),
    ({"verlenging": {"months": 3}}, "onbekende velden verlenging"),
])
def test_a_broken_record_fails_at_load_in_dutch(changes, problem):
    with pytest.raises(MeasureCatalogueError) as caught:
        parse({"defaults": {"remind_before": {"weeks": 6}}, "measure": [_record(**changes)]})
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_every_problem_is_listed_at_once_and_keys_are_unique():
    with pytest.raises(MeasureCatalogueError) as caught:
        parse({"measure": [_record(), _record(), _record(key="y", source="")]})
    problems = " | ".join(caught.value.problems)
    assert "[defaults] remind_before ontbreekt" in problems
    assert "de sleutel komt twee keer voor" in problems
    assert "source ontbreekt" in problems


def test_a_measure_without_its_own_reminder_uses_the_default():
    found = parse({"defaults": {"remind_before": {"weeks": 6}}, "measure": [_record()]})
    assert found.get("x").remind_on(date(2026, 6, 15)) == date(2026, 5, 4)
