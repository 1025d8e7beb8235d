"""Model objects to response dicts (validated against schemas.py by ninja)."""

from django.utils import timezone

from netwerkdossier.access import minimal_picture
from netwerkdossier.access.address_shield import address_for
from netwerkdossier.dossier.models import Confidentiality

CONFIDENTIALITY_KEYS = {c.value: c.name.lower() for c in Confidentiality}
CONFIDENTIALITY_VALUES = {key: value for value, key in CONFIDENTIALITY_KEYS.items()}


def organisation(org) -> dict:
    return {"id": org.pk, "name": org.name}


def professional(user) -> dict:
    return {"username": user.username, "name": user.get_full_name() or user.username}


def person_summary(person, today=None) -> dict:
    today = today or timezone.localdate()
    return {"id": person.pk, "name": person.full_name, "given_names": person.given_names,
            "tussenvoegsel": person.tussenvoegsel, "family_name": person.family_name,
            "birth_date": person.birth_date, "age": person.age(today)}


def household_summary(ctx, household, seat_only: bool = False) -> dict:
    """A household in a list. Seen through a case-table seat alone: its name only, as
    the minimal picture (decision 0018)."""
    if seat_only:
        return {"id": household.pk, "name": household.name, "municipality": None,
                "owner_organisation": None}
    # The municipality is part of the address: shielded like the street (address_for).
    return {"id": household.pk, "name": household.name,
            "municipality": address_for(ctx, household)["municipality"],
            "owner_organisation": organisation(household.owner_organisation)}


def household_summaries(ctx, households) -> list[dict]:
    seat_only = minimal_picture.seat_only_among(ctx, [h.pk for h in households])
    return [household_summary(ctx, h, h.pk in seat_only) for h in households]


def team_member(assignment) -> dict:
    return {"username": assignment.user.username,
            "name": assignment.user.get_full_name() or assignment.user.username,
            "organisation": organisation(assignment.organisation),
            "role": assignment.role, "valid_from": assignment.valid_from,
            "valid_to": assignment.valid_to}


def case(case, team) -> dict:
    return {"id": case.pk, "household": case.household_id, "title": case.title,
            "phase": case.phase, "phase_label": str(case.get_phase_display()),
            "lead_organisation": organisation(case.lead_organisation),
            "opened_on": case.opened_on, "closed_on": case.closed_on,
            "next_deadline": case.next_deadline,
            "next_deadline_label": case.next_deadline_label,
            "team": [team_member(a) for a in team]}


def entry(entry) -> dict:
    return {
        "id": entry.pk, "household": entry.household_id, "case": entry.case_id,
        "kind": entry.kind, "kind_label": str(entry.get_kind_display()), "text": entry.text,
        "occurred_at": entry.occurred_at, "recorded_at": entry.recorded_at,
        "author": professional(entry.author), "author_discipline": entry.author_discipline,
        "organisation": organisation(entry.owner_organisation),
        "confidentiality": CONFIDENTIALITY_KEYS[entry.confidentiality],
        "legal_basis": entry.legal_basis,
        "subjects": [{"id": p.pk, "name": p.full_name} for p in entry.subjects.all()],
        "version": entry.version, "root": entry.root_id or entry.pk,
        "replaces": entry.replaces_id, "correction_reason": entry.correction_reason,
        "is_current": entry.is_current,
        "health_data": entry.health_data, "criminal_data": entry.criminal_data,
        "third_party_data": entry.third_party_data,
        "confidential_for_member": entry.confidential_for_member_id,
        "secrecy_release": entry.secrecy_release,
        "attachments": [{"id": a.pk, "original_name": a.original_name,
                         "content_type": a.content_type, "size": a.size}
                        for a in entry.attachments.all()],
    }


def entry_version(entry) -> dict:
    return {"id": entry.pk, "version": entry.version, "is_current": entry.is_current,
            "text": entry.text, "recorded_at": entry.recorded_at,
            "author": professional(entry.author),
            "correction_reason": entry.correction_reason}


def reporter(identity, allowed: bool) -> dict | None:
    """The melder of a report: its details only when allowed, else that it is shielded."""
    if identity is None:
        return None
    if not allowed:
        return {"redacted": True}
    return {"redacted": False, "name": identity.name, "contact": identity.contact,
            "relation": identity.relation, "is_professional": identity.is_professional}


def consent(c) -> dict:
    return {"id": c.pk, "scope": c.scope, "decision": c.decision,
            "given_by": {"id": c.given_by.pk, "name": c.given_by.full_name},
            "recorded_by": professional(c.recorded_by) if c.recorded_by else None,
            "recorded_at": c.recorded_at, "is_current": c.is_current, "note": c.note}
