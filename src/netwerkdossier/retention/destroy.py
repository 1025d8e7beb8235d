"""Destruction: removes content and files for good, in one transaction, and leaves a
tombstone in the access log: what kind, whose, when, on whose authority and on what
legal basis, never the content (decision 0035).

What goes with a destroyed row is derived from the models, not listed by hand: a row
that points to it and cannot exist without it (a foreign key that may not be empty: the
other versions' subjects, attachments, the reporter's identity, own statements, a place
on a case table) is destroyed too; a row that can (a correction request, a phase
decision) loses the link and keeps its own facts. Free text a decision record copied
from its timeline entry (COPIED_TEXT) is emptied with the link. A model nobody
catalogued cannot be destroyed here, so nothing leaves without a tombstone. Attachment
files are removed after the commit; `netwerkdossier retention files` removes any a crash
left behind.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from netwerkdossier.access.api import record, together
from netwerkdossier.access.catalogue import kind_for

from .files import remove_files

EVENT = "retention.destroy"
CHUNK = 2000  # ids per statement (SQLite allows 32,766 parameters)
# Decision records that copy their timeline entry's text into a field of their own.
COPIED_TEXT = {
    "cases.PhaseTransition": ("rationale",),
    "cases.FollowUpCheck": ("outcome",),
    "collaboration.TeamChange": ("reason",),
}


@dataclass
class Destroyed:
    """Counts per model label, the links cut, and the files to remove."""

    rows: dict = field(default_factory=lambda: defaultdict(int))
    unlinked: dict = field(default_factory=lambda: defaultdict(int))
    files: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _chunks(ids: list):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _pointing_to(model) -> list:
    """Every foreign key that points to `model`, also those without a reverse name
    (related_name="+"), which `_meta.related_objects` leaves out."""
    return [f for f in model._meta.get_fields(include_hidden=True)
            if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)]


def _collect(model, ids: set, plan: dict, unlink: dict) -> None:
    """Add `ids` of `model` to the plan and follow every foreign key that points to them."""
    new = ids - plan[model]
    if not new:
        return
    plan[model] |= new
    for rel in _pointing_to(model):
        other, fk = rel.related_model, rel.field
        for chunk in _chunks(list(new)):
            found = set(other.objects.filter(**{f"{fk.attname}__in": chunk})
                        .values_list("pk", flat=True))
            if not found:
                continue
            if fk.null:
                unlink[(other, fk.attname)] |= found
            else:
                _collect(other, found, plan, unlink)


def plan_for(targets) -> tuple[dict, dict]:
    """Everything that goes when these rows go (`targets`: (model, ids) pairs): {model:
    ids} to delete and {(model, field): ids} to unlink."""
    plan: dict = defaultdict(set)
    unlink: dict = defaultdict(set)
    for model, ids in targets:
        _collect(model, set(ids), plan, unlink)
    for (other, attname), ids_ in list(unlink.items()):
        unlink[(other, attname)] = ids_ - plan.get(other, set())
    uncatalogued = [m._meta.label for m in plan if kind_for(m) is None]
    if uncatalogued:
        raise TypeError(f"not in the catalogue, cannot leave a tombstone: {uncatalogued}")
    return plan, unlink


def destroy(ctx, targets, *, legal_basis: str) -> Destroyed:
    """Destroy these rows ((model, ids) pairs) and all that depends on them, for ctx
    (whose authority the tombstone names) on `legal_basis` (a short key: the rule or the
    law, logged as the record's rule). The caller has decided that ctx may."""
    result = Destroyed()
    with transaction.atomic():
        plan, unlink = plan_for(targets)
        with together(ctx):  # the tombstones, one per kind, before the rows go
            for target, target_ids in plan.items():
                for chunk in _chunks(sorted(target_ids, key=str)):
                    rows = list(target.objects.filter(pk__in=chunk))
                    record(ctx, EVENT, rows, action="delete", rule=legal_basis)
                    if target._meta.label == "dossier.Attachment":
                        result.files += [r.file.name for r in rows if r.file]
        for (other, attname), other_ids in unlink.items():
            blank = {name: "" for name in COPIED_TEXT.get(other._meta.label, ())}
            for chunk in _chunks(list(other_ids)):
                other.objects.filter(pk__in=chunk).update(**{attname: None}, **blank)
            result.unlinked[other._meta.label] += len(other_ids)
        # Rows that point to others first; foreign keys are checked at commit anyway.
        for target in reversed(list(plan)):
            for chunk in _chunks(list(plan[target])):
                queryset = target.objects.filter(pk__in=chunk)
                queryset._raw_delete(queryset.db)  # no ORM collector: the plan is complete
            result.rows[target._meta.label] += len(plan[target])
        files = list(result.files)
        transaction.on_commit(lambda: remove_files(files))
    return result


def destroy_entries(ctx, roots, *, legal_basis: str) -> Destroyed:
    """Every version of the entries with these roots, with all that depends on them."""
    entry = apps.get_model("dossier", "Entry")
    ids = entry.objects.filter(root_id__in=list(roots)).values_list("pk", flat=True)
    return destroy(ctx, [(entry, list(ids))], legal_basis=legal_basis)
