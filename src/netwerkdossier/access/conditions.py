"""A small condition tree: a rule written once, compiled to SQL or evaluated in Python.

Rules (access/entry_rules.py, access/work_rules.py) are built per access context with the
known facts folded in (the viewer's organisation id, the sharing rules that apply to
their kind and purpose). A condition names *roles* ("owner", "health", "phase"), never
model fields; an information kind of the catalogue (access/catalogue.py) says which
field plays each role, that the role is a constant for the whole kind (an analysis is
never "beroepsgeheim"), or that it is read from a version and its chain (`Stricter`,
`Both`: an entry is as protected as its version chain, decision 0021). Binding a tree
to a kind folds the constants away, so the SQL holds only what can differ between rows.

`q(kind)` gives a Django Q for visible(); `holds(obj, kind)` evaluates the same tree on
one object for decide(); `branch(obj, kind)` names the labelled branch that held, which
is what "Waarom zie ik dit?" says; `sql(kind, table, related)` writes the tree as raw SQL
on one table for a list of one household whose facts are already known (the timeline:
compiling a Q tree costs milliseconds per page, docs/benchmarks.md). Nodes that need a
join or a subquery are folded there: a role across a relation becomes an id list
(`related`), a related-row test becomes the list of matching values.
tests/access/test_conditions.py checks every form on every node type; the property
tests check them on real rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from netwerkdossier.array_lookups import in_sql


@dataclass(frozen=True)
class Const:
    """A role that has one value for every object of a kind."""

    value: object


@dataclass(frozen=True)
class Stricter:
    """A role read from two columns, a version's own value and its chain's: its value is
    the stricter of the two, the later in `order` (from least to most protected)."""

    own: str
    chain: str
    order: tuple

    def value(self, obj):
        own, chain = resolve(obj, self.own), resolve(obj, self.chain)
        return own if self._rank(own) >= self._rank(chain) else chain

    def _rank(self, value) -> int:
        return self.order.index(value) if value in self.order else len(self.order)


@dataclass(frozen=True)
class Both:
    """A role read from two columns that must each pass the test (a version's own
    "vertrouwelijk voor" and its chain's)."""

    own: str
    chain: str


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


# --- raw SQL on one table --------------------------------------------------------------

class Sql:
    """A fragment of SQL text with its parameters, in text order; `terms` keeps the
    parts of an AND or OR so that a nested one of the same kind is written flat."""

    def __init__(self, text: str, params=(), glue: str = "", terms=()):
        self.text, self.params = text, list(params)
        self.glue, self.terms = glue, tuple(terms)

    @classmethod
    def join(cls, glue: str, parts) -> Sql | bool:
        """AND or OR of parts that may be constants (True, False), folded."""
        neutral = glue == " AND "
        kept = []
        for part in parts:
            if part is (not neutral):
                return not neutral  # FALSE in an AND, TRUE in an OR
            if part is neutral:
                continue
            kept.extend(part.terms if part.glue == glue else (part,))
        if not kept:
            return neutral
        if len(kept) == 1:
            return kept[0]
        return cls("(" + glue.join(p.text for p in kept) + ")",
                   [v for p in kept for v in p.params], glue, kept)


def _sql_all(parts) -> Sql | bool:
    return Sql.join(" AND ", parts)


def _sql_any(parts) -> Sql | bool:
    return Sql.join(" OR ", parts)


class Cond(ABC):
    """A node of a rule; every node type gives every form (q, holds, sql)."""

    def bind(self, kind) -> Cond:
        """This condition with the kind's constant roles folded in."""
        return self

    @abstractmethod
    def q(self, kind) -> Q:
        """The condition as a Django Q, for visible()."""

    @abstractmethod
    def holds(self, obj, kind) -> bool:
        """The condition on one object, for decide()."""

    @abstractmethod
    def sql(self, kind, table: str, related=None) -> Sql | bool:
        """The condition as raw SQL on `table` (True or False when it folds to a
        constant). `related(path, values)` answers the ids of the related rows for a
        role across a relation ("case__phase" -> the household's cases in a phase)."""

    def key(self) -> tuple:
        """What the node tests (not its labels): equal keys match the same rows."""
        return ("node", id(self))

    def branch(self, obj, kind) -> str | None:
        return "" if self.holds(obj, kind) else None


class _Truth(Cond):
    def __init__(self, value: bool):
        self.value = value

    def q(self, kind) -> Q:
        return ~Q(pk__in=[]) if self.value else Q(pk__in=[])

    def holds(self, obj, kind) -> bool:
        return self.value

    def sql(self, kind, table, related=None) -> bool:
        return self.value

    def key(self) -> tuple:
        return ("truth", self.value)

    def __repr__(self) -> str:
        return "TRUE" if self.value else "FALSE"


TRUE, FALSE = _Truth(True), _Truth(False)


def _role(kind, role: str):
    field = kind.roles.get(role)
    if field is None:
        raise KeyError(f"{kind.key} does not say which field is its {role!r}")
    return field


# --- tests on columns: what In compiles to, as Q and as SQL ---------------------------
# ("in", column, values), ("le", column, value), ("and", parts), ("or", parts), True/False

def _column_tests(field, values: tuple):
    if isinstance(field, str):
        return ("in", field, values)
    if isinstance(field, Both):
        return ("and", [("in", field.own, values), ("in", field.chain, values)])
    return _stricter_tests(field, values)


def _stricter_tests(field: Stricter, values: tuple):
    """The stricter of own and chain is one of `values`, written on the two columns."""
    order = field.order
    wanted = tuple(v for v in order if v in values)
    if not wanted:
        return False
    if len(wanted) == len(order):
        return True

    def at_most(column, value):
        index = order.index(value)
        if index == 0:
            return ("in", column, (value,))
        if all(isinstance(v, int) and not isinstance(v, bool) for v in order):
            return ("le", column, value)
        return ("in", column, order[:index + 1])

    def exactly(value):
        return ("and", [at_most(field.own, value), at_most(field.chain, value),
                        ("or", [("in", field.own, (value,)), ("in", field.chain, (value,))])])

    if wanted == order[:len(wanted)]:  # at most the last wanted value: both columns
        return ("and", [at_most(field.own, wanted[-1]), at_most(field.chain, wanted[-1])])
    if wanted == order[-len(wanted):]:  # at least the first wanted value: either column
        return ("or", [("in", field.own, wanted), ("in", field.chain, wanted)])
    return ("or", [exactly(v) for v in wanted])


def _tests_q(tests) -> Q:
    if tests is True or tests is False:
        return TRUE.q(None) if tests else FALSE.q(None)
    op = tests[0]
    if op in ("and", "or"):
        parts = [_tests_q(t) for t in tests[1]]
        result = parts[0]
        for part in parts[1:]:
            result = result & part if op == "and" else result | part
        return result
    column, value = tests[1], tests[2]
    if op == "le":
        return Q(**{f"{column}__lte": value})
    present = [v for v in value if v is not None]
    if len(present) == 1:
        found = Q(**{column: present[0]})
    else:
        found = Q(**{f"{column}__in": present}) if present else None
    if None not in value:
        return found
    missing = Q(**{f"{column}__isnull": True})
    return missing if found is None else missing | found


# Column text and parameter values are cached per process: the timeline compiles its
# filter on every page, and each lookup of the connection costs microseconds (the
# project runs on one database).

@lru_cache(maxsize=512)
def _column(model, path: str, table: str) -> tuple:
    field = model._meta.pk if path == "pk" else model._meta.get_field(path)
    quote = connection.ops.quote_name
    return f"{quote(table)}.{quote(field.column)}", field


@lru_cache(maxsize=4096)
def _prep(field, value):
    return field.get_db_prep_value(value, connection)


def _tests_sql(tests, kind, table: str, related) -> Sql | bool:
    if tests is True or tests is False:
        return tests
    op = tests[0]
    if op in ("and", "or"):
        parts = [_tests_sql(t, kind, table, related) for t in tests[1]]
        return _sql_all(parts) if op == "and" else _sql_any(parts)
    path, value = tests[1], tests[2]
    values = (value,) if op == "le" else value
    if "__" in path:  # a role across a relation: the related rows' ids, known beforehand
        if op == "le" or related is None:
            raise ValueError(f"{path} needs a join; give related= to fold it")
        path, values = path.split("__", 1)[0] + "_id", tuple(related(tests[1], values))
        if not values:
            return False
    column, field = _column(kind.model, path, table)
    if op == "le":
        return Sql(f"{column} <= %s", [_prep(field, value)])
    parts = []
    present = [v for v in values if v is not None]
    if None in values:
        parts.append(Sql(f"{column} IS NULL"))
    if field.get_internal_type() == "BooleanField" and len(present) == 1:
        parts.append(Sql(column if present[0] else f"NOT {column}"))
    elif len(present) == 1:
        parts.append(Sql(f"{column} = %s", [_prep(field, present[0])]))
    elif present:
        parts.append(Sql(*in_sql(column, [_prep(field, v) for v in present])))
    return _sql_any(parts)


# --- the nodes -------------------------------------------------------------------------

def _single_valued(field) -> bool:
    """Tests of one role on such a field may merge into one IN list (not for Both: its
    two columns must each pass, so "both a" or "both b" is not "each a or b")."""
    return isinstance(field, str | Stricter)


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
        return _tests_q(_column_tests(_role(kind, self.role), self.values))

    def holds(self, obj, kind) -> bool:
        field = _role(kind, self.role)
        if isinstance(field, Both):
            return all(resolve(obj, f) in self.values for f in (field.own, field.chain))
        if isinstance(field, Stricter):
            return field.value(obj) in self.values
        return resolve(obj, field) in self.values

    def sql(self, kind, table, related=None) -> Sql | bool:
        return _tests_sql(_column_tests(_role(kind, self.role), self.values), kind, table,
                          related)

    def key(self) -> tuple:
        return ("in", self.role, self.values)


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

    def sql(self, kind, table, related=None) -> Sql | bool:
        return _sql_all(c.sql(kind, table, related) for c in self.children)

    def key(self) -> tuple:
        return ("all", tuple(c.key() for c in self.children))

    def branch(self, obj, kind) -> str | None:
        # The explanation of an All is that of its first labelled child. Each child is
        # evaluated once (branch() is None exactly when holds() is false), so decide()
        # asks for consent once.
        found = ""
        for child in self.children:
            label = child.branch(obj, kind)
            if label is None:
                return None
            found = found or label
        return found


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

    def _compiled(self, kind) -> list[Cond]:
        """The branches as the SQL forms write them; the labels matter to branch(), not
        to which rows match, so fewer ORs are planned: branches that only test one role
        become one IN list, and All branches that end alike share their ending,
        (a and t) or (b and t) = (a or b) and t (sharing rules with the same
        conditions, owner kinds with the same entry kinds)."""
        merged: dict = {}
        order: list = []
        alls = []
        for child in self.children:
            plain = child.child if isinstance(child, Labeled) else child
            if isinstance(plain, In) and None not in plain.values and \
                    _single_valued(_role(kind, plain.role)):
                if plain.role not in merged:
                    order.append(("in", plain.role))
                merged.setdefault(plain.role, []).extend(plain.values)
            elif isinstance(plain, All) and len(plain.children) > 1:
                alls.append(plain)
                order.append(("all", plain))
            else:
                order.append(("rest", plain))
        # Alike beginnings first (a sharing pair: kind, then owner), then alike endings
        # (a sharing branch: its pair, then its conditions).
        factored = _share(_share({id(a): [a] for a in alls}, start=True), start=False)
        parts = []
        for what, node in order:
            if what == "in":
                parts.append(In(node, tuple(dict.fromkeys(merged[node]))))
            elif what == "all":
                parts.extend(factored.pop(id(node), ()))
            else:
                parts.append(node)
        return parts

    def q(self, kind) -> Q:
        parts = [c.q(kind) for c in self._compiled(kind)]
        result = parts[0]
        for part in parts[1:]:
            result |= part
        return result

    def holds(self, obj, kind) -> bool:
        return any(c.holds(obj, kind) for c in self.children)

    def sql(self, kind, table, related=None) -> Sql | bool:
        return _sql_any(c.sql(kind, table, related) for c in self._compiled(kind))

    def key(self) -> tuple:
        return ("any", tuple(c.key() for c in self.children))

    def branch(self, obj, kind) -> str | None:
        for child in self.children:
            label = child.branch(obj, kind)
            if label is not None:
                return label
        return None


def _share(groups: dict, *, start: bool) -> dict:
    """Among All nodes (id of the first of a group -> its nodes, in order), those that
    are alike but for their last part (start=True) or their first part (start=False)
    become one: (s and a) or (s and b) = s and (a or b); (a and t) or (b and t) =
    (a or b) and t."""
    shared: dict = {}
    out: dict = {}
    for first, nodes in groups.items():
        for node in nodes:
            if not isinstance(node, All) or len(node.children) < 2:
                out.setdefault(first, []).append(node)
                continue
            same = node.children[:-1] if start else node.children[1:]
            key = tuple(c.key() for c in same)
            if key not in shared:
                shared[key] = (first, same, [])
                out.setdefault(first, []).append(key)
            shared[key][2].append(node.children[-1] if start else node.children[0])
    result: dict = {}
    for first, items in out.items():
        for item in items:
            if isinstance(item, Cond):
                result.setdefault(first, []).append(item)
                continue
            _first, same, differing = shared[item]
            one = differing[0] if len(differing) == 1 else Any(tuple(differing))
            result.setdefault(first, []).append(All((*same, one) if start else (one, *same)))
    return result


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

    def sql(self, kind, table, related=None) -> Sql | bool:
        return self.child.sql(kind, table, related)

    def key(self) -> tuple:
        return self.child.key()

    def branch(self, obj, kind) -> str | None:
        return self.label if self.holds(obj, kind) else None


_SUBJECT_ROWS: dict = {}


def _subject_rows(kind, table: str) -> tuple:
    """The text of an EXISTS over the rows linking an object to the persons it is about,
    the column and the field of those rows' person."""
    key = (kind.key, table)
    if key not in _SUBJECT_ROWS:
        _SUBJECT_ROWS[key] = _subject_rows_of(kind, table)
    return _SUBJECT_ROWS[key]


def _subject_rows_of(kind, table: str) -> tuple:
    model, link, outer = kind.subjects_model()
    if "__" in outer:
        raise ValueError(f"{kind.key}: its subjects need a join; not on one table")
    quote = connection.ops.quote_name
    person = model._meta.get_field("person")
    text = (f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} s "  # noqa: S608 - names from model metadata; values are parameters
            f"WHERE s.{quote(model._meta.get_field(link).column)} = "
            f"{_column(kind.model, outer, table)[0]}")
    return text, f"s.{quote(person.column)}", person


def _subject_rows_sql(kind, table: str, where: str, person_ids) -> Sql:
    text, column, person = _subject_rows(kind, table)
    if not where:
        return Sql(text + ")")
    test, params = in_sql(column, [_prep(person, p) for p in person_ids],
                          negated=where == "NOT IN")
    return Sql(f"{text} AND {test})", params)


def _person_column_sql(kind, table: str, person_ids) -> Sql:
    column, field = _column(kind.model, kind.subjects, table)
    return Sql(*in_sql(column, [_prep(field, p) for p in person_ids]))


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

    def sql(self, kind, table, related=None) -> Sql | bool:
        if self.person_ids is None:
            raise ValueError("consent on one table needs the consenting members' ids")
        ids = sorted(self.person_ids, key=str)
        if not ids:
            return False
        if kind.subjects_model()[0] is None:
            return _person_column_sql(kind, table, ids)
        refused = _subject_rows_sql(kind, table, "NOT IN", ids)
        return _sql_all((_subject_rows_sql(kind, table, "", ()),
                         Sql(f"NOT {refused.text}", refused.params)))

    def key(self) -> tuple:
        return ("consent", self.scope, self.person_ids)


@dataclass(frozen=True, eq=False)
class SomeSubject(Cond):
    """The object is about at least one of `person_ids` (the reader themself, or the
    children they speak for, found beforehand)."""

    person_ids: frozenset

    def bind(self, kind) -> Cond:
        return FALSE if kind.subjects is None or not self.person_ids else self

    def q(self, kind) -> Q:
        model, link, outer = kind.subjects_model()
        ids = sorted(self.person_ids, key=str)
        if model is None:
            return Q(**{f"{kind.subjects}__in": ids})
        return Q(Exists(model.objects.filter(**{link: OuterRef(outer)}, person_id__in=ids)))

    def holds(self, obj, kind) -> bool:
        return any(p.pk in self.person_ids for p in kind.subjects_of(obj))

    def sql(self, kind, table, related=None) -> Sql | bool:
        ids = sorted(self.person_ids, key=str)
        if not ids:
            return False
        if kind.subjects_model()[0] is None:
            return _person_column_sql(kind, table, ids)
        return _subject_rows_sql(kind, table, "IN", ids)

    def key(self) -> tuple:
        return ("some_subject", self.person_ids)


@dataclass(frozen=True, eq=False)
class RowExists(Cond):
    """Some row of `rows` (a queryset built with the context's facts, say the running
    case-table items of the reader) has `field` equal to the object's `role`. On one
    table the rows are read first and the test becomes an id list."""

    rows: object
    field: str
    role: str

    def bind(self, kind) -> Cond:
        _role(kind, self.role)
        return self

    def q(self, kind) -> Q:
        return Q(Exists(self.rows.filter(**{self.field: OuterRef(_role(kind, self.role))})))

    def holds(self, obj, kind) -> bool:
        value = resolve(obj, _role(kind, self.role))
        return value is not None and self.rows.filter(**{self.field: value}).exists()

    def sql(self, kind, table, related=None) -> Sql | bool:
        values = {v for v in self.rows.values_list(self.field, flat=True) if v is not None}
        if not values:
            return False
        return In(self.role, tuple(sorted(values, key=str))).sql(kind, table, related)
