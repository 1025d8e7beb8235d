"""Output: the voluntary and the compulsory framework; new child-protection measures."""

from ..data import tally, unit_of
from . import OUTPUT, PER_1000, PERCENT, Indicator, register

COMPULSORY_ROUTES = ("verzoek_rechter",)
OTS = ("ots", "voorlopige_ots")
PLACEMENTS = ("machtiging_uithuisplaatsing", "spoedmachtiging_uithuisplaatsing")


def compulsory(data, period):
    found = tally()
    for row in data.in_period("route", period):
        found[unit_of(row)][1] += 1
        found[unit_of(row)][0] += row.code in COMPULSORY_ROUTES
    return found


def per_1000_children(codes):
    def compute(data, period):
        running = data.running_households(period)
        found = tally()
        for unit, _m, children, _cases in running.values():
            found[unit][1] += children
        for row in data.in_period("measure", period):
            if row.code in codes:
                unit = running[row.household][0] if row.household in running else unit_of(row)
                found[unit][0] += 1
        return found

    return compute


MEASURES_CAVEAT = ("Maatregelen tellen zodra Netwerkdossier ze vastlegt (issue 14); tot dan "
                   "is dit getal 0. De noemer is het aantal kinderen in de ondersteunde "
                   "huishoudens, niet alle kinderen van de gemeente: met de CBS-bevolkingscijfers "
                   "(issue 15, punt 5) wordt het per 1.000 kinderen van de bevolking.")

register(
    Indicator(
        key="gedwongen_kader", group=OUTPUT, measure=PERCENT,
        title="Route naar het gedwongen kader",
        definition="Van de routebesluiten in de periode: het deel met de route Verzoek tot "
                   "onderzoek aan de Raad voor de Kinderbescherming / de rechter; de rest is "
                   "vrijwillig (lokaal team of RVT).",
        numerator="Routebesluiten met de route verzoek_rechter (rules/phases.toml).",
        denominator="Alle routebesluiten in de periode.",
        events=("route",),
        caveats="Het routebesluit, niet de uitspraak van de rechter: een verzoek kan worden "
                "afgewezen.",
        cbs="Vervolg na de veiligheidsbeoordeling (overeenkomend, niet gelijk).",
        compute=compulsory),
    Indicator(
        key="ots_per_1000_kinderen", group=OUTPUT, measure=PER_1000,
        title="Nieuwe ondertoezichtstellingen per 1.000 kinderen",
        definition="Nieuwe (voorlopige) ondertoezichtstellingen in de periode per 1.000 "
                   "kinderen (jonger dan 18) in de ondersteunde huishoudens.",
        numerator="Gestarte maatregelen ots en voorlopige_ots (rules/measures.toml).",
        denominator="Kinderen jonger dan 18 in de ondersteunde huishoudens.",
        events=("measure", "report", "support"), caveats=MEASURES_CAVEAT,
        cbs="Jeugdbeschermingsmaatregelen: ondertoezichtstellingen.",
        compute=per_1000_children(OTS)),
    Indicator(
        key="uithuisplaatsingen_per_1000_kinderen", group=OUTPUT, measure=PER_1000,
        title="Nieuwe machtigingen uithuisplaatsing per 1.000 kinderen",
        definition="Nieuwe (spoed)machtigingen uithuisplaatsing in de periode per 1.000 "
                   "kinderen (jonger dan 18) in de ondersteunde huishoudens.",
        numerator="Gestarte maatregelen machtiging_uithuisplaatsing en "
                  "spoedmachtiging_uithuisplaatsing.",
        denominator="Kinderen jonger dan 18 in de ondersteunde huishoudens.",
        events=("measure", "report", "support"), caveats=MEASURES_CAVEAT,
        cbs="Machtigingen uithuisplaatsing.",
        compute=per_1000_children(PLACEMENTS)),
)
