"""The indicator reference (docs/monitoring/indicatoren.md), rendered from the registry so
the documentation cannot drift from the code: `netwerkdossier monitoring docs` writes it,
tests/monitoring/test_reference.py checks that the committed file equals the rendering."""

from pathlib import Path

from . import principles
from .indicators import OUTCOME, OUTPUT, all_indicators
from .models import Event
from .suppression import MIN_CELL

PATH = Path(__file__).resolve().parents[3] / "docs" / "monitoring" / "indicatoren.md"

INTRO = f"""# Indicatoren

*Dit bestand wordt gemaakt uit de code (`src/netwerkdossier/monitoring/indicators/`) met
`netwerkdossier monitoring docs`. Wijzig de indicator in de code, niet hier; een test
controleert dat dit bestand gelijk is aan de code.*

Alle indicatoren worden berekend uit de tabel met monitoringsgebeurtenissen: codes, datums
en aantallen, zonder namen, BSN of vrije tekst (besluit 0045). Ze bestaan per organisatie,
gemeente, regio, alle proeftuinen samen en het land, per halfjaar en per kwartaal.

**Afscherming.** Een cel die rust op minder dan {MIN_CELL} gezinnen of gebeurtenissen toont
`<{MIN_CELL}`. Waar cellen optellen tot een getoond totaal, wordt een tweede cel afgeschermd
(`x`), zodat de eerste niet uit het totaal is terug te rekenen: de gemeenten van een regio,
de regio's van het land en van de proeftuinen, en de twee kwartalen van een halfjaar (bij
een indicator die over kwartalen optelt). Dit wordt één keer besloten over alle gebieden
en perioden samen (besluit 0052), zodat elk dashboard, elke rapportage en elke regio-export
dezelfde cellen afschermt. Nul wordt getoond.
"""

GROUPS = {OUTPUT: "Output", OUTCOME: "Uitkomst"}


def _events(kinds) -> str:
    labels = dict(Event.Kind.choices)
    return ", ".join(f"{str(labels[k]).lower()} (`{k}`)" for k in kinds)


def _adds_up(indicator) -> str:
    if indicator.adds_up_over_periods:
        return ("ja: het halfjaar is de som van zijn kwartalen, dus een afgeschermd kwartaal "
                "laat ook een tweede cel afschermen.")
    return ("nee: een gezin dat in beide kwartalen liep, telt in het halfjaar één keer.")


def render() -> str:
    parts = [INTRO]
    for group, heading in GROUPS.items():
        parts.append(f"\n## {heading}\n")
        for indicator in all_indicators():
            if indicator.group != group:
                continue
            unit = f" ({indicator.unit_label})" if indicator.unit_label else ""
            parts.append(
                f"\n### {indicator.title}\n\n"
                f"Sleutel: `{indicator.key}` · maat: {indicator.measure}{unit} · principe: "
                f"{principles.title(indicator.principle).lower()}\n\n"
                f"- **Definitie.** {indicator.definition}\n"
                f"- **Teller.** {indicator.numerator}\n"
                f"- **Noemer.** {indicator.denominator}\n"
                f"- **Bronnen.** {_events(indicator.events)}\n"
                f"- **Kanttekeningen.** {indicator.caveats}\n"
                f"- **CBS-impactmonitor.** {indicator.cbs or 'geen overeenkomend cijfer'}\n"
                f"- **Telt op over kwartalen.** {_adds_up(indicator)}\n")
    return "".join(parts)


def write() -> Path:
    PATH.parent.mkdir(parents=True, exist_ok=True)
    PATH.write_text(render(), encoding="utf-8")
    return PATH
