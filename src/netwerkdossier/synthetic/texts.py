"""Pools of synthetic Dutch dossier texts, built once per seed.

Faker is far too slow for millions of entries, so texts are assembled from sentence
templates into a pool of a few hundred texts per entry kind. Texts name roles
("moeder", "het jongste kind"), never people, so they fit any household.
"""

import random

from netwerkdossier.dossier.models import EntryKind

WHO = ["moeder", "vader", "de ouders", "het oudste kind", "het jongste kind", "de kinderen",
       "de stiefvader", "oma", "de mentor van school", "de huisarts", "de buurvrouw",
       "de partner van moeder"]
WHEN = ["vanochtend", "gisteravond", "afgelopen weekend", "vorige week", "tijdens het huisbezoek",
        "bij het ophalen van school", "na het MDO", "tijdens het telefoongesprek"]
WORRY = ["er opnieuw harde ruzie is geweest", "er spanningen zijn rond de omgang",
         "er schulden zijn die niet worden aangepakt", "het schoolverzuim toeneemt",
         "er alcohol wordt gebruikt in het bijzijn van de kinderen",
         "de kinderen bang zijn als vader thuiskomt", "moeder weinig draagkracht ervaart",
         "er geen vaste dagstructuur is", "de politie is langs geweest na een melding",
         "de woning vervuild is", "er signalen zijn van verwaarlozing",
         "het oudste kind zorgtaken overneemt", "er dreigende berichten zijn gestuurd"]
GOOD = ["de kinderen weer naar school gaan",
        "de afspraken uit het veiligheidsplan worden nagekomen",
        "oma elke woensdag oppast", "moeder zelf hulp heeft gezocht",
        "vader meewerkt aan de behandeling", "er sinds de vorige evaluatie geen incidenten zijn",
        "de ouders samen naar het gesprek kwamen", "het netwerk rondom het gezin meedenkt",
        "de kinderen hun zorgen konden benoemen", "de schuldhulpverlening is gestart"]
NEXT = ["het veiligheidsplan wordt over twee weken geëvalueerd",
        "er wordt een afspraak gemaakt met de huisarts", "het MDO wordt ingepland",
        "de casusregisseur neemt contact op met school",
        "er wordt een consult bij de GGZ aangevraagd",
        "de omgangsregeling wordt opnieuw besproken", "het netwerkberaad wordt voorbereid",
        "de voortgang wordt besproken in het teamoverleg",
        "het gezin krijgt een vast gezicht", "de schaalvraag wordt opnieuw gesteld"]
SCALE = list(range(2, 9))

SENTENCES = {
    EntryKind.NOTE: [
        "Telefonisch contact met {who} {when}.",
        "Korte notitie: {who} meldt dat {worry}.",
        "{Who} laat weten dat {good}.",
        "Afgesproken dat {next}.",
        "Dossier bijgewerkt na overleg met {who}.",
    ],
    EntryKind.CONVERSATION: [
        "Gesprek met {who} {when}.",
        "{Who} vertelt dat {worry}.",
        "{Who} geeft aan dat {good}.",
        "In het gesprek is besproken dat {worry}.",
        "Samen met {who} afgesproken dat {next}.",
        "{Who} scoort de veiligheid thuis op een {scale}.",
    ],
    EntryKind.REPORT: [
        "Melding ontvangen van {who}: {worry}.",
        "{Who} meldt {when} dat {worry}.",
        "Melder maakt zich zorgen omdat {worry}.",
        "Triage gestart; {next}.",
    ],
    EntryKind.ASSESSMENT: [
        "Veiligheidsbeoordeling: zorgen omdat {worry}.",
        "Beschermende factoren: {good}.",
        "De veiligheid wordt ingeschat op een {scale} op de schaal van 0 tot 10.",
        "Conclusie: {next}.",
    ],
    EntryKind.ANALYSIS: [
        "Waar maken we ons zorgen over: {worry}.",
        "Wat gaat er goed: {good}.",
        "Wat moet er gebeuren: {next}.",
        "Gevarenzin: als er niets verandert, blijft het risico dat {worry}.",
        "Het gezin en het team scoren samen een {scale}.",
    ],
    EntryKind.DECISION: [
        "Besluit in het MDO: {next}.",
        "Het team besluit de fase te verlengen omdat {worry}.",
        "Besloten dat {next}; {who} is gehoord.",
        "Onderbouwing: {good}.",
    ],
    EntryKind.DOCUMENT: [
        "Verslag van het overleg met {who} toegevoegd.",
        "Rapportage ontvangen van {who}.",
        "Ondertekend veiligheidsplan toegevoegd; {next}.",
        "Brief aan de ouders verstuurd over de voortgang.",
    ],
    EntryKind.AGREEMENT: [
        "Afspraak: {next}.",
        "Veiligheidsafspraak: {who} belt het vaste gezicht als {worry}.",
        "Afgesproken met {who} dat {next}.",
        "Afspraken uit het veiligheidsplan doorgenomen; {good}.",
    ],
}

CORRECTION_REASONS = [
    "Datum van het gesprek was onjuist vastgelegd.",
    "Verkeerde betrokkene genoemd; aangepast na controle.",
    "Feitelijke onjuistheid hersteld op verzoek van de ouder.",
    "Typfout in de schaalscore hersteld.",
    "Aangevuld na overleg met de casusregisseur.",
]


def _sentence(rng: random.Random, template: str) -> str:
    who = rng.choice(WHO)
    return template.format(
        who=who, Who=who[0].upper() + who[1:], when=rng.choice(WHEN), worry=rng.choice(WORRY),
        good=rng.choice(GOOD), next=rng.choice(NEXT), scale=rng.choice(SCALE),
    )


def build_pools(rng: random.Random, per_kind: int = 300) -> dict[str, list[str]]:
    """A pool of `per_kind` texts of two to four sentences for each entry kind."""
    pools = {}
    for kind, templates in SENTENCES.items():
        pool = []
        for _ in range(per_kind):
            chosen = rng.sample(templates, min(len(templates), rng.randint(2, 4)))
            pool.append(" ".join(_sentence(rng, template) for template in chosen))
        pools[str(kind)] = pool
    return pools
