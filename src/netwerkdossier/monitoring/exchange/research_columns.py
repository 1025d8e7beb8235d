"""The columns a research export can hold, one row per case, made from the monitoring
event table only (which holds no name, BSN or free text; decision 0045).

Every column has a kind that says what its values can be, and the test of the export
checks each value against its column's kind:
- pseudonym: a research pseudonym (research_pseudonyms.py), never the monitoring one;
- code: a code from a closed list (the event vocabulary, a region's code), or a
  municipality's name (typed on the household, so research.to_csv writes it through
  the spreadsheet formula guard like every export);
- band: one of the column's bands;
- period: a month ("2026-03") or a quarter ("2026-K1"), never a day.
Every column except the pseudonyms is a quasi-identifier: the k-anonymity check
(kanon.py) counts the rows that are equal on all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

PSEUDONYM, CODE, BAND, PERIOD = "pseudonym", "code", "band", "period"


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    description: str
    value: Callable  # (CaseFacts) -> str
    bands: tuple = ()


def band(value, limits: tuple[tuple[int, str], ...], missing: str = "onbekend") -> str:
    """The label of the first band whose upper limit is at least value."""
    if value is None:
        return missing
    for upper, label in limits:
        if value <= upper:
            return label
    return limits[-1][1]


def month(day) -> str:
    return f"{day.year}-{day.month:02d}" if day else ""


def quarter(day) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}" if day else ""


SIZE = ((1, "1"), (2, "2"), (4, "3-4"), (10 ** 6, "5+"))
CHILDREN = ((0, "0"), (1, "1"), (2, "2"), (10 ** 6, "3+"))
TRIAGE_DAYS = ((5, "0-5"), (10, "6-10"), (10 ** 6, "11+"))


def _labels(limits) -> tuple:
    return tuple(label for _upper, label in limits) + ("onbekend",)


COLUMNS = (
    Column("huishouden", PSEUDONYM, "Pseudoniem van het huishouden (per project)",
           lambda f: f.household),
    Column("traject", PSEUDONYM, "Pseudoniem van het traject (per project)",
           lambda f: f.case),
    Column("regio", CODE, "Code van de regio", lambda f: f.region),
    Column("gemeente", CODE, "Gemeente van het traject", lambda f: f.municipality),
    Column("soort", CODE, "Melding of hulpvraag", lambda f: f.report_kind),
    Column("gemeld_maand", PERIOD, "Maand van de melding", lambda f: month(f.reported_on)),
    Column("gemeld_kwartaal", PERIOD, "Kwartaal van de melding",
           lambda f: quarter(f.reported_on)),
    Column("afgesloten_maand", PERIOD, "Maand van afsluiten (leeg: loopt nog)",
           lambda f: month(f.closed_on)),
    Column("afgesloten_kwartaal", PERIOD, "Kwartaal van afsluiten (leeg: loopt nog)",
           lambda f: quarter(f.closed_on)),
    Column("route", CODE, "Gekozen route (fase-route)", lambda f: f.route),
    Column("huishoudgrootte", BAND, "Aantal leden van het huishouden bij de melding",
           lambda f: band(f.members, SIZE), _labels(SIZE)),
    Column("kinderen", BAND, "Aantal kinderen bij de melding",
           lambda f: band(f.children, CHILDREN), _labels(CHILDREN)),
    Column("dagen_tot_triage", BAND, "Werkdagen van melding tot veiligheidsbeoordeling",
           lambda f: band(f.triage_days, TRIAGE_DAYS), _labels(TRIAGE_DAYS)),
    Column("maatregel", CODE, "Een juridische maatregel gestart (ja/nee)",
           lambda f: "ja" if f.measures else "nee"),
)
BY_KEY = {c.key: c for c in COLUMNS}
ALWAYS = ("huishouden", "traject")


def quasi_identifiers(keys) -> list[str]:
    return [k for k in keys if BY_KEY[k].kind != PSEUDONYM]
