"""Output: working together (handovers, organisations per household) and emergency
access."""

from bisect import bisect_right

from ..data import tally, unit_of
from ..principles import EENVOUDIG, RECHTSBESCHERMEND
from . import COUNT, MEAN, OUTPUT, PER_HOUSEHOLD, Indicator, register


def handovers(data, period):
    running = data.running_households(period)
    found = tally()
    for unit, _m, _c, _cases in running.values():
        found[unit][1] += 1
    for row in data.in_period("team", period):
        if row.code == "overdracht" and row.household in running:
            found[running[row.household][0]][0] += 1
    return found


def team_organisations(data) -> dict:
    """case -> ([day, ...], [organisation, ...]) of its team events, in date order."""
    per_case: dict = {}
    for row in data.by_kind.get("team", ()):
        if row.org is not None:
            days, orgs = per_case.setdefault(row.case, ([], []))
            days.append(row.on)
            orgs.append(row.org)
    return per_case


def organisations(data, period):
    per_case = data.memo("team_organisations", team_organisations)
    found = tally()
    for unit, _m, _c, cases in data.running_households(period).values():
        orgs = set()
        for case in cases:
            days, names = per_case.get(case, ((), ()))
            orgs.update(names[:bisect_right(days, period.end)])
        if orgs:
            found[unit][0] += len(orgs)
            found[unit][1] += 1
    return found


def break_glass(data, period):
    found = tally()
    for row in data.in_period("break_glass", period):
        found[unit_of(row)][0] += 1
    return found


register(
    Indicator(
        key="overdrachten_per_huishouden", principle=EENVOUDIG, group=OUTPUT, measure=PER_HOUSEHOLD,
        title="Overdrachten per huishouden",
        definition="Het aantal overdrachten in het team (een rol gaat naar iemand anders) in "
                   "de periode, gedeeld door het aantal ondersteunde huishoudens.",
        numerator="Overdrachten in de periode bij ondersteunde huishoudens.",
        denominator="Ondersteunde huishoudens in de periode.",
        events=("team", "report", "closed"),
        caveats="Een overdracht binnen dezelfde organisatie telt ook. Het programma wil minder "
                "overdrachten: lager is beter.",
        cbs="", compute=handovers),
    Indicator(
        key="organisaties_per_huishouden", principle=EENVOUDIG, group=OUTPUT, measure=MEAN,
        unit_label="organisaties",
        title="Organisaties per huishouden",
        definition="Het gemiddelde aantal verschillende organisaties dat tot het einde van de "
                   "periode in het team van de trajecten van een ondersteund huishouden zat.",
        numerator="De som over de huishoudens van het aantal organisaties in hun teams.",
        denominator="Ondersteunde huishoudens met een bekend team.",
        events=("team", "report", "closed"),
        caveats="Telt organisaties in het team, niet organisaties die alleen iets lazen of "
                "vastlegden.",
        cbs="", compute=organisations, adds_up_over_periods=False),
    Indicator(
        key="noodtoegang", principle=RECHTSBESCHERMEND, group=OUTPUT, measure=COUNT,
        title="Noodtoegang",
        definition="Het aantal keren dat een professional buiten het team noodtoegang tot een "
                   "huishouden nam.",
        numerator="Noodtoegang gestart in de periode.",
        denominator="Geen (een aantal).",
        events=("break_glass",),
        caveats="Telt het gebruik, niet of het terecht was (dat beoordeelt de functionaris "
                "gegevensbescherming).",
        cbs="", compute=break_glass),
)
