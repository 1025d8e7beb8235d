"""Output: the voluntary and the compulsory framework; new child-protection measures."""

from .. import population
from ..data import tally, unit_of
from ..principles import RECHTSBESCHERMEND
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
    """New measures per 1,000 children 0-17 of the population (CBS, population.py):
    the denominator is the children of each municipality with a figure; a measure counts
    where its household was last worked on, if that municipality has a figure, so
    numerator and denominator cover the same municipalities."""

    def compute(data, period):
        children = population.for_year(data.population, period.year)
        running = data.running_households(period)
        found = tally()
        for (region, area), count in children.items():
            found[(region, area, None)][1] += count
        for row in data.in_period("measure", period):
            if row.code in codes:
                unit = running[row.household][0] if row.household in running else unit_of(row)
                if (unit[0], unit[1]) in children:
                    found[unit][0] += 1
        return found

    return compute


MEASURES_CAVEAT = ("Maatregelen tellen zodra Netwerkdossier ze vastlegt (issue 14). De noemer "
                   "komt uit de CBS-bevolkingscijfers (StatLine, ingelezen met `netwerkdossier "
                   "monitoring import-statline`): het laatste cijfer van 1 januari van het jaar "
                   "van de periode of eerder. Alleen gemeenten met een CBS-cijfer tellen mee, "
                   "in teller en noemer; zonder cijfers is er geen waarde. Per organisatie is "
                   "er geen bevolking en dus geen waarde.")

register(
    Indicator(
        key="gedwongen_kader", principle=RECHTSBESCHERMEND, group=OUTPUT, measure=PERCENT,
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
        key="ots_per_1000_kinderen", principle=RECHTSBESCHERMEND, group=OUTPUT, measure=PER_1000,
        title="Nieuwe ondertoezichtstellingen per 1.000 kinderen",
        definition="Nieuwe (voorlopige) ondertoezichtstellingen in de periode per 1.000 "
                   "kinderen (0 tot 18 jaar) die in het gebied wonen.",
        numerator="Gestarte maatregelen ots en voorlopige_ots (rules/measures.toml).",
        denominator="Kinderen van 0 tot 18 jaar in de gemeenten van het gebied (CBS).",
        events=("measure", "report", "support"), caveats=MEASURES_CAVEAT,
        cbs="Jeugdbeschermingsmaatregelen: ondertoezichtstellingen.",
        compute=per_1000_children(OTS)),
    Indicator(
        key="uithuisplaatsingen_per_1000_kinderen", principle=RECHTSBESCHERMEND,
        group=OUTPUT, measure=PER_1000,
        title="Nieuwe machtigingen uithuisplaatsing per 1.000 kinderen",
        definition="Nieuwe (spoed)machtigingen uithuisplaatsing in de periode per 1.000 "
                   "kinderen (0 tot 18 jaar) die in het gebied wonen.",
        numerator="Gestarte maatregelen machtiging_uithuisplaatsing en "
                  "spoedmachtiging_uithuisplaatsing.",
        denominator="Kinderen van 0 tot 18 jaar in de gemeenten van het gebied (CBS).",
        events=("measure", "report", "support"), caveats=MEASURES_CAVEAT,
        cbs="Machtigingen uithuisplaatsing.",
        compute=per_1000_children(PLACEMENTS)),
)
