"""A small condition tree: a rule written once, compiled to SQL or evaluated in Python.

Rules (access/work_rules.py) are built per access context with the known facts folded in
(the viewer's organisation id, the sharing rules that apply to their kind and purpose).
A condition names *roles* ("owner", "health", "phase"), never model fields; an
information kind of the catalogue (access/catalogue.py) says which field plays each
role, or that the role is a constant for the whole kind (an analysis is never
"beroepsgeheim"). Binding a tree to a kind folds those constants away, so the SQL holds
only what can differ between rows.

`q(kind)` gives a Django Q for visible(); `holds(obj, kind)` evaluates the same tree on
one object for decide(); `branch(obj, kind)` names the labelled branch that held, which
is what "Waarom zie ik dit?" says. tests/access/test_conditions.py checks both forms on
every node type; the property tests check them on real rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q


@dataclass(frozen=True)
class Const:
    """A role that has one value for every object of a kind."""

    value: object


def resolve(obj, path: str):
    """Follow a Django lookup path ("plan__owner_organisation_id") on one object."""
    target = obj
    steps = path.split("__")
    for step in steps[:-1]:
        if getattr(target, f"{step}_id", True) is None:
            return None  # a nullable relation that is not set
        target = getattr(target, step)
        if target is None:
            return None
    return getattr(target, steps[-1])


class Cond(ABC):
    """A node of a rule; every node type gives both forms (q and holds)."""

    def bind(self, kind) -> Cond:
        """This condition with the kind's constant roles folded in."""
        return self

    @abstractmethod
    def q(self, kind) -> Q:
        """The condition as SQL, for visible()."""

    @abstractmethod
    def holds(self, obj, kind) -> bool:
        """The condition on one object, for decide()."""

    def branch(self, obj, kind) -> str | None:
        return "" if self.holds(obj, kind) else None


class _Truth(Cond):
    def __init__(self, value: bool):
        self.value = value

    def q(self, kind) -> Q:
        return ~Q(pk__in=[]) if self.value else Q(pk__in=[])

    def holds(self, obj, kind) -> bool:
        return self.value

    def __repr__(self) -> str:
        return "TRUE" if self.value else "FALSE"


TRUE, FALSE = _Truth(True), _Truth(False)


def _role(kind, role: str):
    field = kind.roles.get(role)
    if field is None:
        raise KeyError(f"{kind.key} does not say which field is its {role!r}")
    return field


@dataclass(frozen=True, eq=False)
class In(Cond):
    """The role's value is one of `values` (an empty list never holds)."""

    role: str
    values: tuple

    def bind(self, kind) -> Cond:
        field = _role(kind, self.role)
        if isinstance(field, Const):
            return TRUE if field.value in self.values else FALSE
        return FALSE if not self.values else self

    def q(self, kind) -> Q:
        field = _role(kind, self.role)
        if len(self.values) == 1:
            return Q(**{field: self.values[0]})
        return Q(**{f"{field}__in": list(self.values)})

    def holds(self, obj, kind) -> bool:
        return resolve(obj, _role(kind, self.role)) in self.values


def Is(role: str, value) -> In:  # noqa: N802 - reads as a constructor
    return In(role, (value,))


@dataclass(frozen=True, eq=False)
class All(Cond):
    children: tuple

    def bind(self, kind) -> Cond:
        kept = []
        for child in (c.bind(kind) for c in self.children):
            if child is FALSE:
                return FALSE
            if child is not TRUE:
                kept.append(child)
        return TRUE if not kept else kept[0] if len(kept) == 1 else All(tuple(kept))

    def q(self, kind) -> Q:
        result = self.children[0].q(kind)
        for child in self.children[1:]:
            result &= child.q(kind)
        return result

    def holds(self, obj, kind) -> bool:
        return all(c.holds(obj, kind) for c in self.children)

    def branch(self, obj, kind) -> str | None:
        # The explanation of an All is that of its first labelled child.
        if not self.holds(obj, kind):
            return None
        labels = [c.branch(obj, kind) for c in self.children]
        return next((label for label in labels if label), "")


@dataclass(frozen=True, eq=False)
class Any(Cond):
    children: tuple

    def bind(self, kind) -> Cond:
        kept = []
        for child in (c.bind(kind) for c in self.children):
            if child is TRUE:
                return TRUE
            if isinstance(child, Any):
                kept.extend(child.children)  # a nested Any reads the same, in order
            elif child is not FALSE:
                kept.append(child)
        return FALSE if not kept else kept[0] if len(kept) == 1 else Any(tuple(kept))

    def q(self, kind) -> Q:
        # Branches that only test one role against values become one IN list: the
        # labels matter to branch(), not to which rows match (fewer ORs to plan).
        merged: dict = {}
        rest = []
        for child in self.children:
            plain = child.child if isinstance(child, Labeled) else child
            if isinstance(plain, In) and None not in plain.values:
                merged.setdefault(plain.role, []).extend(plain.values)
            else:
                rest.append(child)
        parts = [In(role, tuple(dict.fromkeys(values))).q(kind)
                 for role, values in merged.items()] + [c.q(kind) for c in rest]
        result = parts[0]
        for part in parts[1:]:
            result |= part
        return result

    def holds(self, obj, kind) -> bool:
        return any(c.holds(obj, kind) for c in self.children)

    def branch(self, obj, kind) -> str | None:
        for child in self.children:
            label = child.branch(obj, kind)
            if label is not None:
                return label
        return None


@dataclass(frozen=True, eq=False)
class Labeled(Cond):
    """A branch with a name: the gate id that explain.gate_reason() puts in Dutch."""

    label: str
    child: Cond

    def bind(self, kind) -> Cond:
        child = self.child.bind(kind)
        return FALSE if child is FALSE else Labeled(self.label, child)

    def q(self, kind) -> Q:
        return self.child.q(kind)

    def holds(self, obj, kind) -> bool:
        return self.child.holds(obj, kind)

    def branch(self, obj, kind) -> str | None:
        return self.label if self.holds(obj, kind) else None


@dataclass(frozen=True, eq=False)
class SubjectsConsent(Cond):
    """The object is about someone, and every person it is about has effective consent
    for `scope` by the age rules (access/consent.py). Consent of nobody is no consent.
    With `person_ids` (the household's consenting members, loaded once) the test is an
    id list instead of a consent subquery per subject."""

    scope: str
    person_ids: frozenset | None = None

    def bind(self, kind) -> Cond:
        if kind.subjects is None or self.person_ids is not None and not self.person_ids:
            return FALSE
        return self

    def q(self, kind) -> Q:
        from .consent import effective_consent_sql

        model, link, outer = kind.subjects_model()
        ids = None if self.person_ids is None else sorted(self.person_ids, key=str)
        if model is None:  # one person field on the row itself
            field = kind.subjects
            if ids is not None:
                return Q(**{f"{field}__in": ids})
            return Q(**{f"{field}__isnull": False}) & effective_consent_sql(
                self.scope, f"{field}_id", f"{field}__birth_date")
        rows = model.objects.filter(**{link: OuterRef(outer)})
        refused = rows.exclude(person_id__in=ids) if ids is not None else \
            rows.exclude(effective_consent_sql(self.scope))
        return Q(Exists(rows)) & ~Exists(refused)

    def holds(self, obj, kind) -> bool:
        from .consent import has_effective_consent

        subjects = kind.subjects_of(obj)
        if not subjects:
            return False
        if self.person_ids is not None:
            return all(p.pk in self.person_ids for p in subjects)
        return all(has_effective_consent(p, self.scope) for p in subjects)
