"""Output: how quickly the work moves (triage, direct safety, time in each phase)."""

from netwerkdossier import rules

from ..data import tally, unit_of
from ..principles import EENVOUDIG
from . import MEAN, OUTPUT, PERCENT, Indicator, register


def triage_days() -> int:
    return rules.load("phases")["triage"]["working_days"]


def triage_on_time(data, period):
    limit = triage_days()
    found = tally()
    for row in data.in_period("triage", period):
        if row.value is None:
            continue
        found[unit_of(row)][1] += 1
        found[unit_of(row)][0] += row.value <= limit
    return found


def triage_mean(data, period):
    found = tally()
    for row in data.in_period("triage", period):
        if row.value is not None:
            found[unit_of(row)][0] += row.value
            found[unit_of(row)][1] += 1
    return found


def to_direct_safety(data, period):
    found = tally()
    for row in data.in_period("phase_left", period):
        line = data.cases.get(row.case)
        if row.code != "directe_veiligheid" or line is None or line.opened is None:
            continue
        found[unit_of(row)][0] += (row.on - line.opened).days
        found[unit_of(row)][1] += 1
    return found


def phase_duration(phase: str):
    def compute(data, period):
        found = tally()
        for row in data.in_period("phase_left", period):
            if row.code == phase and row.value is not None:
                found[unit_of(row)][0] += row.value
                found[unit_of(row)][1] += 1
        return found

    return compute


register(
    Indicator(
        key="triage_binnen_termijn", principle=EENVOUDIG, group=OUTPUT, measure=PERCENT,
        title="Veiligheidsbeoordeling binnen de termijn",
        definition="Van de veiligheidsbeoordelingen die in de periode zijn afgerond: het deel "
                   "dat binnen de termijn van rules/phases.toml (5 werkdagen na de melding) "
                   "klaar was.",
        numerator="Veiligheidsbeoordelingen afgerond binnen de termijn.",
        denominator="Veiligheidsbeoordelingen afgerond in de periode.",
        events=("triage",),
        caveats="Werkdagen volgens cases/calendar.py (feestdagen van het pakket holidays). "
                "Bij een spoedmelding geldt ook een termijn in uren; die telt hier niet.",
        cbs="Veiligheidsbeoordeling door Veilig Thuis (doorlooptijd).",
        compute=triage_on_time),
    Indicator(
        key="dagen_tot_triage", principle=EENVOUDIG,
        group=OUTPUT, measure=MEAN, unit_label="werkdagen",
        title="Werkdagen van melding tot veiligheidsbeoordeling",
        definition="Het gemiddelde aantal werkdagen van de melding tot de afgeronde "
                   "veiligheidsbeoordeling, over de beoordelingen afgerond in de periode.",
        numerator="De som van de werkdagen.",
        denominator="Veiligheidsbeoordelingen afgerond in de periode.",
        events=("triage",), caveats="Een gemiddelde: een paar lange beoordelingen tellen zwaar.",
        cbs="", compute=triage_mean),
    Indicator(
        key="dagen_tot_directe_veiligheid", principle=EENVOUDIG,
        group=OUTPUT, measure=MEAN, unit_label="dagen",
        title="Dagen tot directe veiligheid",
        definition="Het gemiddelde aantal kalenderdagen van de melding tot het besluit dat "
                   "fase 1 (directe veiligheid) klaar is, over de trajecten die fase 1 in de "
                   "periode verlieten.",
        numerator="De som van de dagen van melding tot het verlaten van fase 1.",
        denominator="Trajecten die fase 1 in de periode verlieten.",
        events=("report", "phase_left"),
        caveats="Een traject dat fase 1 verlaat om af te sluiten telt ook mee. Trajecten die "
                "nog in fase 1 zijn, tellen niet (zij maken het gemiddelde later hoger).",
        cbs="", compute=to_direct_safety),
    *[Indicator(
        key=f"faseduur_{phase}", principle=EENVOUDIG,
        group=OUTPUT, measure=MEAN, unit_label="dagen",
        title=f"Duur van de fase {label}",
        definition=f"Het gemiddelde aantal dagen in de fase {label}, over de trajecten die "
                   "die fase in de periode verlieten.",
        numerator="De som van de dagen in de fase.",
        denominator="Trajecten die de fase in de periode verlieten.",
        events=("phase_left",),
        caveats="Alleen fasen waarvan het begin bekend is; trajecten die nog in de fase "
                "zijn, tellen niet.",
        cbs="", compute=phase_duration(phase))
      for phase, label in (("directe_veiligheid", "directe veiligheid"),
                           ("duurzame_veiligheid", "duurzame veiligheid"),
                           ("herstel", "herstel"))],
)
