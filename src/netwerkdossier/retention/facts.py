"""The facts a retention computation reads, the clock starts and the conditions.

A fact left as None is unknown: a rule that needs it cannot give a date yet, and the
outcome names the fact. Facts change (help resumes, a child is born), so a destruction
process computes again from the facts of that day.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .dates import turns

MAJORITY_AGE = 18  # BW art. 1:233: meerderjarig op 18 jaar


@dataclass(frozen=True)
class Facts:
    # The day the help (or the measure, or Veilig Thuis's involvement) ended; None while
    # it runs.
    help_ended: date | None = None
    # The last change in the file (WGBO counts from it).
    last_change: date | None = None
    # The young person the file is about.
    person_birth_date: date | None = None
    # The children of the household; () for a household without children, None unknown.
    children_birth_dates: tuple[date, ...] | None = None
    # The file holds criminal-law information only (RvdK).
    criminal_only: bool | None = None
    # There was an ondertoezichtstelling or voogdij (GI).
    ots_or_voogdij: bool | None = None
    # A measure ending parental authority, a relinquishment or an adoption (RvdK).
    gezag_ended_or_adoption: bool | None = None

    def __post_init__(self):
        if self.children_birth_dates is not None:
            object.__setattr__(self, "children_birth_dates", tuple(self.children_birth_dates))


# What is missing, in Dutch, when a fact is None.
FACT_LABELS = {
    "help_ended": _("de datum waarop de hulp is beëindigd (de hulp loopt nog of de datum "
                    "is niet vastgelegd)"),
    "last_change": _("de datum van de laatste wijziging in het dossier"),
    "person_birth_date": _("de geboortedatum van de jeugdige"),
    "children_birth_dates": _("de geboortedata van de kinderen in het gezin"),
    "criminal_only": _("of het dossier alleen strafrechtelijke gegevens bevat"),
    "ots_or_voogdij": _("of er een ondertoezichtstelling of voogdij was"),
    "gezag_ended_or_adoption": _("of er een beëindiging van het gezag, afstand of adoptie "
                                "was"),
}

# Clock start -> (the fact it reads, Dutch description of the moment).
CLOCKS = {
    "help_ended": ("help_ended", _("na beëindiging van de hulp")),
    "last_change": ("last_change", _("na de laatste wijziging in het dossier")),
    "birth": ("person_birth_date", _("na de geboorte van de jeugdige")),
    "person_turns_18": ("person_birth_date", _("nadat de jeugdige 18 jaar is geworden")),
    "youngest_child_turns_18": ("children_birth_dates",
                                _("nadat het jongste kind 18 jaar is geworden")),
}

# Condition -> (the fact it reads, the value for which the rule applies).
CONDITIONS = {
    "criminal_only": ("criminal_only", True),
    "not_criminal_only": ("criminal_only", False),
    "ots_or_voogdij": ("ots_or_voogdij", True),
    "gezag_beeindigd_of_adoptie": ("gezag_ended_or_adoption", True),
}


class _NotApplicable:
    def __repr__(self):
        return "NOT_APPLICABLE"


# The clock never starts for these facts (a household without children).
NOT_APPLICABLE = _NotApplicable()


def clock_fact(clock: str) -> str:
    return CLOCKS[clock][0]


def clock_start(clock: str, facts: Facts):
    """The day the clock starts: a date, None when its fact is unknown, or
    NOT_APPLICABLE."""
    value = getattr(facts, clock_fact(clock))
    if value is None:
        return None
    if clock == "person_turns_18":
        return turns(value, MAJORITY_AGE)
    if clock == "youngest_child_turns_18":
        # Each child's own 18th birthday, so a leap-day child is counted the same way.
        return max((turns(b, MAJORITY_AGE) for b in value), default=NOT_APPLICABLE)
    return value


def condition_holds(condition: str, facts: Facts) -> bool | None:
    """True or False, or None when the fact is unknown."""
    fact, expected = CONDITIONS[condition]
    value = getattr(facts, fact)
    return None if value is None else bool(value) is expected
