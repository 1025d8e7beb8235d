"""The family portal's "Maatregelen" (portal/sections.py): the measures a family member may
read, through the access module (the family gate, access/measure_family.py: their own, a
child's under 16 with gezag, never another's criminal measure), each with its conditions,
history and the way to object with its last day, in the reader's form of address. The
rows shown are logged in the request's transaction."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from netwerkdossier.access.api import record, together

from .objection import deadline, routes_for
from .reading import logged_objects, readable

# The same words for "u" and "je" (B1).
_ASKED = gettext_lazy("Er is aan de rechter gevraagd om de maatregel langer te laten duren. "
                      "De rechter beslist daarover. Tot dan blijft de maatregel gelden.")


def _pick(route: dict, key: str, je: bool) -> str:
    return (je and route.get(f"{key}_je")) or route.get(key, "")


def family_measures(ctx, household, persons, je: bool = False, decision=None) -> list[dict]:
    measures = readable(ctx, household)
    with together(ctx):
        for objects in logged_objects(measures):
            record(ctx, "portal.measure.read", objects, decision=decision)
    shown, today = [], timezone.localdate()
    for m in measures:
        decided = m.decided_on or m.requested_on
        shown.append({
            "title": m.entry.label, "person": m.person.given_names,
            "own": m.person_id == ctx.person_id, "status": m.get_status_display(),
            "status_note": _ASKED if m.extension_asked else "",
            "starts_on": m.starts_on, "ends_on": m.ends_on, "decided_on": m.decided_on,
            "authority": m.authority_name, "case_number": m.case_number,
            "unconfirmed": not m.entry.confirmed,
            "conditions": m.condition_list, "history": m.history_list,
            "routes": [{"title": _pick(r, "title", je), "text": _pick(r, "text", je),
                        "term": _pick(r, "term", je), "source": r["source"],
                        "until": deadline(r, decided), "today": today}
                       for r in routes_for(m.measure_key)],
        })
    return shown
