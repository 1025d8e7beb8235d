"""Indicators as code with their documentation: the registry.

Each indicator group is a small module that registers its indicators here. An
indicator says what it counts (definition, numerator, denominator, the events it is
computed from, its caveats and the CBS impact-monitor figure it corresponds to, where
one does) and computes, for one period, a numerator and a denominator per unit.
docs/monitoring/indicatoren.md is rendered from this registry
(`netwerkdossier monitoring docs`); a test keeps the two equal.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .. import principles

# How a value is formed from numerator n and denominator d, and how it is shown.
COUNT = "aantal"  # n
PERCENT = "percentage"  # 100 n / d
MEAN = "gemiddelde"  # n / d
PER_1000 = "per 1.000"  # 1000 n / d
PER_HOUSEHOLD = "per huishouden"  # n / d

OUTPUT, OUTCOME = "output", "uitkomst"


@dataclass(frozen=True)
class Indicator:
    key: str
    group: str  # OUTPUT or OUTCOME
    title: str
    measure: str  # COUNT, PERCENT, MEAN, PER_1000, PER_HOUSEHOLD
    definition: str
    numerator: str
    denominator: str
    events: tuple  # Event.Kind values it is computed from
    caveats: str
    cbs: str  # the CBS impact-monitor figure it corresponds to, or ""
    compute: Callable  # (data.Data, periods.Period) -> {unit: [n, d]}
    unit_label: str = ""  # e.g. "dagen"; shown after the value
    # Raised whenever a change of the definition changes what is counted: a regional
    # export names it and an import refuses figures made under another version
    # (exchange/region_import.py).
    version: int = 1
    # The principle it serves (principles.py): its heading in the progress report.
    principle: str = ""
    # Whether a half year's numerator or denominator is the sum of its two quarters'
    # (events counted in the period they happened). Then a quarter hidden as "<5" could
    # be recomputed as the half year minus the other quarter, so suppression treats the
    # half year as the total of its quarters (marks.py). Safe default: True. Only an
    # indicator whose numerator and denominator both count families running in the
    # period (a family running in both quarters counts once in the half year) says
    # False; tests/monitoring/test_marks.py shows for each that it does not add up.
    adds_up_over_periods: bool = True

    def value(self, numerator: int, denominator: int) -> float | None:
        if self.measure == COUNT:
            return float(numerator)
        if not denominator:
            return None
        factor = {PERCENT: 100, PER_1000: 1000}.get(self.measure, 1)
        return factor * numerator / denominator

    @property
    def counts_units(self) -> bool:
        """Whether the numerator counts families or events (a small one identifies)."""
        return self.measure != MEAN


REGISTRY: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        if indicator.key in REGISTRY:
            raise ValueError(f"indicator {indicator.key} registered twice")
        if indicator.principle not in principles.KEYS:
            raise ValueError(f"indicator {indicator.key}: unknown principle "
                             f"{indicator.principle!r}")
        REGISTRY[indicator.key] = indicator


def all_indicators() -> list[Indicator]:
    _load()
    return list(REGISTRY.values())


def get(key: str) -> Indicator:
    _load()
    return REGISTRY[key]


def _load() -> None:
    from . import families, legal, outcomes, timeliness, working_together  # noqa: F401
