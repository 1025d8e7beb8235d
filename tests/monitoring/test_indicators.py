"""Each indicator on a small hand-built set of events, with the expected numbers written
out (period: first half of 2026). Households h1-h4, cases c1-c6, two municipalities
(areas 10, 11) of region 1, organisations 100, 101 (and 102 for emergency access)."""

from datetime import date

import pytest

from netwerkdossier.monitoring import areas, periods
from netwerkdossier.monitoring.data import Data, Row
from netwerkdossier.monitoring.indicators import get
from netwerkdossier.monitoring.refresh import compute

H1 = periods.parse("2026-H1")
A, B = (1, 10, 100), (1, 11, 101)  # (region, area, organisation)
B10 = (1, 10, 101)  # area 10, worked on by organisation 101 after the handover


def row(kind, on, unit, household, case, code="", members=None, children=None, value=None):
    return Row(kind, code, on, *unit, household, case, members, children, value)


def d(text):
    return date.fromisoformat(text)


EVENTS = [
    # h1 / c1: reported in 2025, direct safety reached in February, closed in March.
    row("report", d("2025-11-10"), A, "h1", "c1", "melding", 4, 2),
    row("team", d("2025-11-10"), A, "h1", "c1", "toewijzing", value=1),
    row("triage", d("2025-11-14"), A, "h1", "c1", "zorgen", value=4),
    row("route", d("2025-11-20"), A, "h1", "c1", "lokaal_vrijwillig"),
    row("support", d("2026-01-10"), A, "h1", "c1", members=4, children=2, value=4),
    row("phase_left", d("2026-02-01"), A, "h1", "c1", "directe_veiligheid", value=60),
    row("closed", d("2026-03-01"), A, "h1", "c1", value=111),
    # h1 / c6: a new report within 12 months after closure.
    row("report", d("2026-06-15"), A, "h1", "c6", "melding", 4, 2),
    row("team", d("2026-06-15"), A, "h1", "c6", "toewijzing", value=1),
    # h2 / c2: triage late, to the judge, handed over to organisation 101.
    row("report", d("2026-01-15"), A, "h2", "c2", "melding", 3, 1),
    row("team", d("2026-01-15"), A, "h2", "c2", "toewijzing", value=1),
    row("triage", d("2026-01-26"), A, "h2", "c2", "structureel_onveilig", value=7),
    row("route", d("2026-02-01"), A, "h2", "c2", "verzoek_rechter"),
    row("scaling", d("2026-02-01"), A, "h2", "c2", "gezinslid", value=3),
    row("scaling", d("2026-02-01"), A, "h2", "c2", "gezinslid", value=5),
    row("break_glass", d("2026-02-10"), (1, 10, 102), "h2", None),
    row("support", d("2026-02-15"), A, "h2", "c2", members=3, children=1, value=2),
    row("team", d("2026-03-01"), B10, "h2", "c2", "overdracht", value=1),
    row("measure", d("2026-03-05"), B10, "h2", "c2", "ots"),
    row("scaling", d("2026-05-01"), B10, "h2", "c2", "gezinslid", value=6),
    row("scaling", d("2026-05-01"), B10, "h2", "c2", "gezinslid", value=6),
    row("scaling", d("2026-05-01"), B10, "h2", "c2", "professional", value=8),
    # h3 / c3: triage in time, voluntary, scores fell.
    row("report", d("2026-04-01"), B, "h3", "c3", "hulpvraag", 2, 0),
    row("team", d("2026-04-01"), B, "h3", "c3", "toewijzing", value=1),
    row("triage", d("2026-04-03"), B, "h3", "c3", "zorgen", value=2),
    row("route", d("2026-04-10"), B, "h3", "c3", "lokaal_vrijwillig"),
    row("scaling", d("2026-04-05"), B, "h3", "c3", "gezinslid", value=5),
    row("scaling", d("2026-06-01"), B, "h3", "c3", "gezinslid", value=4),
    # h4 / c4: closed in 2025 (not supported in 2026), follow-up checks; c5 new in May.
    row("report", d("2024-01-01"), B, "h4", "c4", "melding", 5, 3),
    row("closed", d("2025-06-30"), B, "h4", "c4", value=546),
    row("follow_up", d("2025-09-30"), B, "h4", "c4", "veilig", value=3),
    row("follow_up", d("2026-01-05"), B, "h4", "c4", "veilig", value=6),
    row("follow_up", d("2026-06-28"), B, "h4", "c4", "niet_veilig", value=12),
    row("report", d("2026-05-01"), B, "h4", "c5", "melding", 5, 3),
    row("team", d("2026-05-01"), B, "h4", "c5", "toewijzing", value=1),
    # Family experience (anonymous: no household, no case, no area).
    row("experience", d("2026-03-01"), (1, None, 100), None, None, "gezien", value=5),
    row("experience", d("2026-03-01"), (1, None, 100), None, None, "gezien", value=4),
    row("experience", d("2026-04-01"), (1, None, 100), None, None, "gezien", value=2),
    row("experience", d("2026-04-01"), (1, None, 100), None, None, "gehoord", value=3),
    # Outside the period: does not count.
    row("report", d("2026-07-01"), B, "h5", "c7", "melding", 2, 1),
]

EXPECTED = {  # key: (numerator, denominator, value)
    "huishoudens_ondersteund": (4, 0, 4),
    "gezinsleden_ondersteund": (14, 4, 14),  # the denominator: the households
    "nieuwe_meldingen": (4, 0, 4),
    "ieder_gezinslid_steun": (1, 2, 50.0),
    "triage_binnen_termijn": (1, 2, 50.0),
    "dagen_tot_triage": (9, 2, 4.5),
    "dagen_tot_directe_veiligheid": (83, 1, 83.0),
    "faseduur_directe_veiligheid": (60, 1, 60.0),
    "faseduur_duurzame_veiligheid": (0, 0, None),
    "faseduur_herstel": (0, 0, None),
    "overdrachten_per_huishouden": (1, 4, 0.25),
    "organisaties_per_huishouden": (5, 4, 1.25),
    "noodtoegang": (1, 0, 1),
    "gedwongen_kader": (1, 2, 50.0),
    "ots_per_1000_kinderen": (0, 0, None),  # no CBS figures: test_per_1000_children.py
    "uithuisplaatsingen_per_1000_kinderen": (0, 0, None),
    "nieuwe_melding_na_afsluiten": (1, 1, 100.0),
    "schaalscore_gemiddeld": (29, 6, 29 / 6),  # c2: 3, 5, 6, 6; c3: 5, 4
    "schaalscore_gestegen": (1, 2, 50.0),
    "nacontrole_veilig": (1, 2, 50.0),
    "ervaring_gezien": (2, 3, 200 / 3),
    "ervaring_gehoord": (0, 1, 0.0),
    "ervaring_gesteund": (0, 0, None),
}


def total(key):
    found = get(key).compute(Data(EVENTS), H1)
    return (sum(v[0] for v in found.values()), sum(v[1] for v in found.values()))


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_indicator_on_the_hand_built_events(key):
    numerator, denominator, value = EXPECTED[key]
    assert total(key) == (numerator, denominator)
    assert get(key).value(numerator, denominator) == pytest.approx(value)


def test_every_registered_indicator_is_tested_here():
    from netwerkdossier.monitoring.indicators import all_indicators

    assert {i.key for i in all_indicators()} == set(EXPECTED)


def test_households_count_once_in_the_unit_that_worked_on_them_last():
    found = get("huishoudens_ondersteund").compute(Data(EVENTS), H1)
    # h1 (c6, area 10, org 100); h2 handed over to 101 in area 10; h3, h4 in area 11.
    assert dict(found) == {A: [1, 0], B10: [1, 0], B: [2, 0]}


def test_rollup_to_every_level():
    rows = {(r.indicator, r.level, r.unit): (r.numerator, r.denominator)
            for r in compute(Data(EVENTS), H1, pilot_regions={1})}
    key = "huishoudens_ondersteund"
    assert rows[(key, areas.MUNICIPALITY, "10")] == (2, 0)
    assert rows[(key, areas.MUNICIPALITY, "11")] == (2, 0)
    assert rows[(key, areas.ORGANISATION, "100")] == (1, 0)
    assert rows[(key, areas.ORGANISATION, "101")] == (3, 0)
    assert rows[(key, areas.REGION, "1")] == (4, 0)
    assert rows[(key, areas.PILOTS, areas.ALL_PILOTS)] == (4, 0)
    assert rows[(key, areas.COUNTRY, areas.NETHERLANDS)] == (4, 0)
    not_pilot = {(r.level, r.unit) for r in compute(Data(EVENTS), H1, pilot_regions=set())}
    assert (areas.PILOTS, areas.ALL_PILOTS) not in not_pilot


def test_quarter_periods():
    q1 = periods.parse("2026-K1")
    found = get("nieuwe_meldingen").compute(Data(EVENTS), q1)
    assert sum(v[0] for v in found.values()) == 1  # only c2 (15 January)
