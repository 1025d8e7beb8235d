"""How a family member can object to a measure: the routes of rules/objection_routes.toml
that name the measure's key, and the last day of each route's term after the decision
(`deadline`, one period as in the catalogue). A measure no route names gets the general
routes (every organisation: a complaint, privacy)."""

from datetime import date

from netwerkdossier import rules

from .catalogue import UNITS, Period


def routes_for(measure_key: str) -> list[dict]:
    routes = rules.load("objection_routes")["route"]
    own = [r for r in routes if measure_key in r.get("measures", ())]
    return own or [r for r in routes if "*" in r["applies_to"]]


def deadline(route: dict, decided_on: date | None) -> date | None:
    """The last day to object: the decision date plus the route's term (None when the
    route has no fixed term or the decision date is unknown)."""
    term = route.get("deadline")
    if not term or decided_on is None:
        return None
    (unit, amount), = term.items()
    return Period(amount, unit).after(decided_on) if unit in UNITS else None
