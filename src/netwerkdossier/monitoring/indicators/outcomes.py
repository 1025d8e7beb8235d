"""Outcome: does the work make families safer, and how do families experience it."""

from bisect import bisect_right
from datetime import timedelta

from ..data import tally, unit_of
from ..events import EXPERIENCE, FAMILY, SAFE
from ..principles import GEZINSGERICHT, LEREND
from . import MEAN, OUTCOME, PERCENT, Indicator, register

AFTER_CLOSURE_DAYS = 365


def report_after_closure(data, period):
    found = tally()
    for row in data.in_period("closed", period):
        found[unit_of(row)][1] += 1
        until = row.on + timedelta(days=AFTER_CLOSURE_DAYS)
        if any(row.on < r.on <= until and r.case != row.case
               for r in data.of_household("report", row.household)):
            found[unit_of(row)][0] += 1
    return found


def scaling_mean(data, period):
    found = tally()
    for row in data.in_period("scaling", period):
        if row.code == FAMILY:
            found[unit_of(row)][0] += row.value
            found[unit_of(row)][1] += 1
    return found


def family_score_days(data) -> dict:
    """case -> ([day, ...], [that day's mean family score, ...]) in date order."""
    scores: dict = {}
    for row in data.by_kind.get("scaling", ()):
        if row.code == FAMILY:
            scores.setdefault(row.case, {}).setdefault(row.on, []).append(row.value)
    return {case: (list(by_day), [sum(v) / len(v) for v in by_day.values()])
            for case, by_day in scores.items()}  # rows, and so days, are in date order


def scaling_rose(data, period):
    """Cases with family scores on at least two days by the period's end, one of them in
    the period: did the day's mean score go up from the first day to the last?"""
    found = tally()
    for case, (days, means) in data.memo("family_score_days", family_score_days).items():
        last = bisect_right(days, period.end) - 1
        if last < 1 or days[last] < period.start:
            continue
        unit = data.cases[case].unit_on(period.end)
        found[unit][1] += 1
        found[unit][0] += means[last] > means[0]
    return found


def follow_ups_safe(data, period):
    found = tally()
    for row in data.in_period("follow_up", period):
        found[unit_of(row)][1] += 1
        found[unit_of(row)][0] += row.code == SAFE
    return found


def experience(code):
    def compute(data, period):
        found = tally()
        for row in data.in_period("experience", period):
            if row.code == code:
                found[unit_of(row)][1] += 1
                found[unit_of(row)][0] += row.value >= 4
        return found

    return compute


register(
    Indicator(
        key="nieuwe_melding_na_afsluiten", principle=LEREND, group=OUTCOME, measure=PERCENT,
        title="Nieuwe melding binnen 12 maanden na afsluiten",
        definition="Van de trajecten die in de periode zijn afgesloten: het deel waarbij het "
                   "huishouden binnen 365 dagen na het afsluiten opnieuw is gemeld.",
        numerator="Afgesloten trajecten met een nieuwe melding van hetzelfde huishouden binnen "
                  "365 dagen.",
        denominator="Trajecten afgesloten in de periode.",
        events=("closed", "report"),
        caveats="Pas 12 maanden na het einde van de periode compleet: voor recente perioden "
                "is het getal te laag. Een melding in een andere regio telt niet.",
        cbs="Meldingen over gezinnen die Veilig Thuis al kende (overeenkomend, niet gelijk).",
        compute=report_after_closure),
    Indicator(
        key="schaalscore_gemiddeld", principle=LEREND,
        group=OUTCOME, measure=MEAN, unit_label="(0-10)",
        title="Gemiddelde schaalscore van gezinsleden",
        definition="Het gemiddelde van de schaalvragen (0-10, 10 = veilig genoeg om af te "
                   "sluiten) die gezinsleden in de periode gaven.",
        numerator="De som van de scores van gezinsleden in de periode.",
        denominator="Scores van gezinsleden in de periode.",
        events=("scaling",),
        caveats="Scores van professionals tellen niet. Wie vaker scoort telt vaker mee.",
        cbs="", compute=scaling_mean),
    Indicator(
        key="schaalscore_gestegen", principle=LEREND, group=OUTCOME, measure=PERCENT,
        title="Trajecten met een gestegen schaalscore",
        definition="Van de trajecten met schaalscores van gezinsleden op minstens twee dagen, "
                   "waarvan één in de periode: het deel waar het gemiddelde van de laatste dag "
                   "hoger is dan dat van de eerste dag.",
        numerator="Trajecten met een hogere gemiddelde score op de laatste dag dan op de "
                  "eerste.",
        denominator="Trajecten met scores op minstens twee dagen, de laatste in de periode of "
                    "ervoor en één in de periode.",
        events=("scaling",),
        caveats="Gelijk gebleven scores tellen als niet gestegen.",
        cbs="Geweld gestopt of afgenomen (overeenkomend, niet gelijk).",
        compute=scaling_rose),
    Indicator(
        key="nacontrole_veilig", principle=LEREND, group=OUTCOME, measure=PERCENT,
        title="Nacontroles: nog veilig",
        definition="Van de nacontroles (3, 6 en 12 maanden na afsluiten) gedaan in de periode: "
                   "het deel waarbij het gezin nog veilig was.",
        numerator="Nacontroles met de uitkomst nog veilig.",
        denominator="Nacontroles gedaan in de periode.",
        events=("follow_up",),
        caveats="Een nacontrole die niet is gedaan telt niet mee.",
        cbs="Geweld gestopt of afgenomen na afsluiten (overeenkomend, niet gelijk).",
        compute=follow_ups_safe),
    *[Indicator(
        key=f"ervaring_{code}", principle=GEZINSGERICHT, group=OUTCOME, measure=PERCENT,
        title=f"Het gezin voelde zich {code}",
        definition=f"Van de antwoorden op de ervaringsvragenlijst in de periode: het deel dat "
                   f"4 of 5 (eens) gaf op de vraag of het gezinslid zich {code} voelde.",
        numerator="Antwoorden 4 of 5 op de schaal 1-5.",
        denominator="Antwoorden op die vraag in de periode.",
        events=("experience",),
        caveats="De vragenlijst is vrijwillig en anoniem; alleen de organisatie en de maand "
                "zijn bekend, dus geen cijfer per gemeente.",
        cbs="", compute=experience(code))
      for code in (EXPERIENCE["seen"], EXPERIENCE["heard"], EXPERIENCE["supported"])],
)
