"""The history of a household's registration: every change with its old and new values,
who made it, when, why and on what source (decision 0039).

Read by those the catalogue lets read registration changes (every team-type relation,
and emergency access); a case-table seat, a family account and an outsider get the
logged 404. `?onderdeel=gezag:<id>` (or member:<id>, address:<id>) narrows it to one fact.
"""

from datetime import date
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import (
    READ,
    AccessRefused,
    context_for_request,
    decide,
    fetch,
    record,
    together,
    visible,
)
from netwerkdossier.households.models import Gezag, Household, HouseholdMember
from netwerkdossier.households.models import RegistrationChange as Change
from netwerkdossier.households.shields import residents

EVENT = "registration.history.read"
L = gettext_lazy
FIELDS = {  # field -> Dutch label, in the order shown
    "relation": L("Relatie"), "lives_in": L("Woont hier"), "holder_name": L("Gezag bij"),
    "kind": L("Soort gezag"), "valid_from": L("Vanaf"), "valid_to": L("Tot en met"),
    "street": L("Straat en huisnummer"), "postcode": L("Postcode"),
    "municipality": L("Gemeente"), "source": L("Bron"),
    "source_reference": L("Zaaknummer of kenmerk"), "source_date": L("Datum van de bron"),
    "source_by": L("Verklaring van"),
}
CHOICES = {"relation": dict(HouseholdMember.Relation.choices),
           "kind": dict(Gezag.Kind.choices)}


def shown(name, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if name in CHOICES:
        return str(CHOICES[name].get(value, value))
    if name in ("valid_from", "valid_to", "source_date"):
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def rows(change) -> list[dict]:
    """(label, old, new) for each field the change set or changed."""
    result = []
    for name, label in FIELDS.items():
        old, new = change.before.get(name), change.after.get(name)
        if name not in change.after and name not in change.before:
            continue
        if change.before and old == new:
            continue
        result.append({"label": label, "old": shown(name, old) if change.before else "",
                       "new": shown(name, new)})
    return result


def _household(ctx, pk):
    household, decision = fetch(ctx, Household.objects.select_related("owner_organisation"),
                                pk, action=READ, event_code=EVENT)
    page = decide(ctx, READ, Change(household=household))
    if not page.allowed:  # a seat, a family account: no history
        raise AccessRefused(ctx, EVENT, "household", pk, page, action="R")
    return household, page


def _record(ctx, household, changes, decision) -> None:
    """Address changes are about the residents (never a person the address is shielded
    from); the others about their person and, for gezag, its holder."""
    address = [c for c in changes if c.target == Change.Target.ADDRESS]
    others = [c for c in changes if c.target != Change.Target.ADDRESS]
    with together(ctx):
        if address:
            record(ctx, EVENT, address, decision=decision,
                   known_subjects=residents(household))
        if others:
            people = {c.person_id for c in others if c.person_id} | {
                c.after.get("holder") or c.before.get("holder") for c in others
                if c.target == Change.Target.GEZAG}
            record(ctx, EVENT, others, decision=decision,
                   known_subjects=[UUID(str(p)) for p in people if p])
        if not changes:
            record(ctx, EVENT, [household], decision=decision)


@require_GET
@login_required
def registration_history(request, pk):
    ctx = context_for_request(request)
    household, decision = _household(ctx, pk)
    changes = visible(ctx, READ, Change.objects.select_related(
        "person", "changed_by", "changed_by_organisation"), household_id=household.pk)
    part = (request.GET.get("onderdeel") or "")[:80]
    target, _sep, target_id = part.partition(":")
    if target in Change.Target.values and target_id:
        changes = changes.filter(target=target, target_id=target_id)
    else:
        part = ""
    changes = list(changes.order_by("-changed_at", "-version"))
    _record(ctx, household, changes, decision)
    return render(request, "web/registration_history.html", {
        "household": household, "changes": [(c, rows(c)) for c in changes],
        "part": part, "nav": ""})
