"""The objection route of a decision record, with its last day (rules/objection_routes.toml,
read as measures/objection.py reads it for measures).

- A request for a measure: the family objects to the court's decision, not to the
  request itself (they answer the draft before it goes out); the routes are those of the
  measure, and the term runs from the court's decision, so the last day is known only
  once the measure is decided (shown as the route's term in words until then).
- Any other decision (route, phase, placement, closure): the routes that apply to the
  organisation kind that owns the decision, without the measure-specific ones; the last
  day is the day the decision was taken plus the route's term, where it has one.
"""

from netwerkdossier import rules
from netwerkdossier.measures.objection import deadline, routes_for

from .models import DecisionKind


def routes(record, owner_kind: str) -> list[dict]:
    """[{route..., "until": date | None}] for the record, in the file's order."""
    if record.kind == DecisionKind.VERZOEK_MAATREGEL and hasattr(record, "request"):
        decided = None
        measure = getattr(record.request, "measure", None)
        if measure is not None:
            decided = measure.decided_on
        return [{**r, "until": deadline(r, decided)}
                for r in routes_for(record.request.measure_key)]
    found = [r for r in rules.load("objection_routes")["route"]
             if not r.get("measures") and
             (owner_kind in r["applies_to"] or "*" in r["applies_to"])]
    return [{**r, "until": deadline(r, record.taken_on)} for r in found]


def first(record, owner_kind: str) -> tuple[str, object]:
    """(key, last day) of the route the record names once taken: the first route with a
    fixed term, else the first route."""
    found = routes(record, owner_kind)
    chosen = next((r for r in found if r.get("deadline")), found[0] if found else None)
    return (chosen["key"], chosen["until"]) if chosen else ("", None)
