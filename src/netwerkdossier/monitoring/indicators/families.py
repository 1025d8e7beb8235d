"""Output: the families supported, the reports, and support for every member."""

from ..data import tally, unit_of
from ..principles import EENVOUDIG, GEZINSGERICHT
from . import COUNT, OUTPUT, PERCENT, Indicator, register


def households(data, period):
    found = tally()
    for unit, _members, _children, _cases in data.running_households(period).values():
        found[unit][0] += 1
    return found


def members(data, period):
    """The members, and in the denominator the households they belong to: a count of
    members that rests on 1 to 4 households is hidden like one of 1 to 4 households
    (suppression.primary), else one family of 7 would show as 7."""
    found = tally()
    for unit, count, _children, _cases in data.running_households(period).values():
        found[unit][0] += count
        found[unit][1] += 1
    return found


def reports(data, period):
    found = tally()
    for row in data.in_period("report", period):
        found[unit_of(row)][0] += 1
    return found


def every_member(data, period):
    """Households running in the period with a support event by its end: is every
    member covered by an agreement of the safety plan (the latest event says)?"""
    latest: dict = {}
    for row in data.until("support", period.end):
        latest[row.household] = row  # rows are in date order
    found = tally()
    for household, (unit, _m, _c, _cases) in data.running_households(period).items():
        row = latest.get(household)
        if row is None:
            continue
        found[unit][1] += 1
        if row.members and row.value >= row.members:
            found[unit][0] += 1
    return found


RUNNING = ("Een huishouden telt mee als een van zijn trajecten in de periode liep: "
           "gemeld (of geopend) vóór het einde van de periode en niet afgesloten vóór het "
           "begin. Het telt één keer, bij de gemeente en organisatie waar zijn traject aan "
           "het einde van de periode werd uitgevoerd.")

register(
    Indicator(
        key="huishoudens_ondersteund", principle=GEZINSGERICHT, group=OUTPUT, measure=COUNT,
        title="Huishoudens ondersteund",
        definition="Het aantal huishoudens met een lopend traject in de periode. " + RUNNING,
        numerator="Huishoudens met een traject dat in de periode liep.",
        denominator="Geen (een aantal).",
        events=("report", "closed"),
        caveats="Trajecten die vóór de invoering van Netwerkdossier begonnen, tellen mee "
                "vanaf hun opening in Netwerkdossier. Een huishouden zonder traject (alleen "
                "geregistreerd) telt niet.",
        cbs="", compute=households, adds_up_over_periods=False),
    Indicator(
        key="gezinsleden_ondersteund", principle=GEZINSGERICHT, group=OUTPUT, measure=COUNT,
        title="Gezinsleden ondersteund",
        definition="Het aantal leden van de ondersteunde huishoudens (zie Huishoudens "
                   "ondersteund), volgens de laatste telling in de periode.",
        numerator="De som van het aantal leden van die huishoudens.",
        denominator="Geen (een aantal). Het aantal huishoudens wordt wel geteld: rust het "
                    "aantal leden op 1 tot 4 huishoudens, dan staat er <5.",
        events=("report", "support"),
        caveats="Het aantal leden wordt geteld bij de melding en bij elke wijziging van de "
                "afspraken in het veiligheidsplan; een lid dat daartussen bijkomt telt pas "
                "bij de volgende telling.",
        cbs="", compute=members, adds_up_over_periods=False,
        version=2),  # 2: the denominator counts the households (for suppression)
    Indicator(
        key="nieuwe_meldingen", principle=EENVOUDIG, group=OUTPUT, measure=COUNT,
        title="Nieuwe meldingen en hulpvragen",
        definition="Het aantal meldingen en hulpvragen dat in de periode een traject opende.",
        numerator="Meldingen en hulpvragen met een meldingsdatum in de periode.",
        denominator="Geen (een aantal).",
        events=("report",),
        caveats="Alleen meldingen die in Netwerkdossier een traject openen; adviesvragen "
                "aan Veilig Thuis zonder traject tellen niet.",
        cbs="Adviesvragen en meldingen bij Veilig Thuis (alleen de meldingen komen overeen).",
        compute=reports),
    Indicator(
        key="ieder_gezinslid_steun", principle=GEZINSGERICHT, group=OUTPUT, measure=PERCENT,
        title="Huishoudens waar ieder gezinslid steun heeft",
        definition="Van de ondersteunde huishoudens met afspraken in het veiligheidsplan: "
                   "het deel waar voor ieder gezinslid minstens één afspraak geldt.",
        numerator="Huishoudens waar het aantal leden met een (niet vervallen) afspraak gelijk "
                  "is aan het aantal leden, volgens de laatste telling tot het einde van de "
                  "periode.",
        denominator="Ondersteunde huishoudens met minstens één telling van afspraken.",
        events=("support", "report", "closed"),
        caveats="Steun wordt hier gemeten als een afspraak in het veiligheidsplan voor het "
                "gezinslid; hulp die daarbuiten loopt (bijvoorbeeld behandeling) telt niet.",
        cbs="", compute=every_member, adds_up_over_periods=False),
)
