"""The one access module: decide() for one object, visible() for querysets.

Every read of personal data in views, API, exports and tasks goes through here. The
rules live in relations.py (actor to household) and entry_rules.py (actor to entry),
each in an SQL and a Python form; explain.py says them in Dutch.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from netwerkdossier.cases.models import Case, ReporterFeedback
from netwerkdossier.dossier.models import Attachment, Entry
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.organisations.models import Membership

from . import entry_rules as er
from . import household_sql, minimal_picture, person_reach, reads, reporter_feedback, work_rules
from . import relations as rel
from .catalogue import kind_for, work_kind_for
from .conditions import FALSE as _FALSE
from .conditions import All, Any, Cond, resolve
from .decision import AccessRefused, Decision
from .explain import gate_reason, refusal_reason, relation_reason

READ, UPDATE, ADD_ENTRY, CORRECT = "read", "update", "add_entry", "correct"
KNOW_EXISTS = "know_exists"  # may see that an entry exists (placeholder), not its content
LOG_ACTION = {READ: "R", UPDATE: "U", ADD_ENTRY: "C", CORRECT: "U", KNOW_EXISTS: "R"}
WRITE_ACTIONS = frozenset({UPDATE, ADD_ENTRY, CORRECT})


def _refuse(rule: str) -> Decision:
    return Decision(False, rule, refusal_reason(rule))


def _rule_why(ctx) -> dict:
    if "rule_why" not in ctx.cache:
        from .agreements import rule_explanations

        ctx.cache["rule_why"] = rule_explanations()
    return ctx.cache["rule_why"]


# --- one object ----------------------------------------------------------------------

def decide_household(ctx, action: str, household_id) -> Decision:
    refused = rel.refusal(ctx)
    if refused:
        return _refuse(refused)
    relations = rel.household_relations(ctx, household_id)
    if not relations:
        return _refuse("not_related")
    if action in WRITE_ACTIONS:
        # Writing needs a team-type relation; case tables, emergency access and family
        # members read only (the family adds its view through the portal's own paths).
        writable = [r for r in relations if r in rel.FULL]
        if not writable:
            return _refuse("no_write")
        relations = writable
    first = relations[0]
    return Decision(True, first, relation_reason(first))


def _entry_gate(ctx, relation: str, entry) -> str | None:
    """The label of the gate branch that lets `relation` read `entry`, or None."""
    return er.read_gate(ctx, relation).branch(entry, er.entry_kind())


def decide_entry(ctx, action: str, entry: Entry) -> Decision:
    household = decide_household(ctx, READ if action == KNOW_EXISTS else action,
                                 entry.household_id)
    if not household.allowed:
        return household
    if action == KNOW_EXISTS:
        return _decide_exists(ctx, entry)
    relations = rel.household_relations(ctx, entry.household_id)
    if action in WRITE_ACTIONS:
        relations = tuple(r for r in relations if r in rel.FULL)
    for relation in relations:
        gate = _entry_gate(ctx, relation, entry)
        if gate is None:
            continue
        if action == CORRECT:
            if entry.owner_organisation_id != ctx.organisation_id:
                return _refuse("not_owner")
            if not entry.is_current:
                return _refuse("superseded")
        reason = f"{relation_reason(relation)} {gate_reason(gate, _rule_why(ctx))}"
        return Decision(True, f"{relation}+{gate}", reason)
    return _refuse("confidential")


def _decide_exists(ctx, entry) -> Decision:
    """A placeholder may say an entry exists when the reader has a team-type relation and
    the entry is not about health or crime (its mere existence could reveal that); the
    chain's protection counts, as for reading (decision 0021)."""
    relations = rel.household_relations(ctx, entry.household_id)
    if any(r in rel.FULL for r in relations) and \
            er.placeholder_gate().holds(entry, er.entry_kind()):
        return Decision(True, "placeholder", "")
    return _refuse("confidential")


def _beyond_seat(decision: Decision) -> Decision:
    """A case-table seat opens the agreed minimal picture of a household, never its
    cases or a person's own record (decision 0018; visible() says the same through
    minimal_picture.beyond_seat_q and _person_q)."""
    return _refuse("not_related") if decision.rule == minimal_picture.SEAT else decision


def decide(ctx, action: str, obj) -> Decision:
    if isinstance(obj, Household):
        return decide_household(ctx, action, obj.pk)
    if isinstance(obj, Case):
        return _beyond_seat(decide_household(ctx, action, obj.household_id))
    if isinstance(obj, Entry):
        return decide_entry(ctx, action, obj)
    if isinstance(obj, Attachment):
        return decide_entry(ctx, action, obj.entry)
    if isinstance(obj, Person):
        return _decide_person(ctx, action, obj)
    if isinstance(obj, ReporterFeedback):
        return reporter_feedback.decide(ctx, action, obj)
    kind = work_kind_for(type(obj))
    if kind is not None:
        return _decide_household_work(ctx, action, obj, kind)
    raise TypeError(f"No access rule for {type(obj).__name__}")


# --- household work: safety plans, analyses, instruments, decisions, ... ------------
# A model joins this scope by its entry in the catalogue (access/catalogue.py), which
# names the path to its household and the fields behind each role; the rules are in
# access/work_rules.py, written once and used here in both forms.

def _decide_household_work(ctx, action, obj, kind) -> Decision:
    household_id = kind.household_id_of(obj)
    decision = decide_household(ctx, action, household_id)
    if not decision.allowed:
        return decision
    if action in WRITE_ACTIONS:
        if not work_rules.write_gate(ctx, kind).holds(obj, kind):
            return _refuse("not_owner")
        # Changing a saved object needs reading it too: a writer who may not read it
        # would learn its state from the answer, and act blind (work_rules.write_gate).
        if not obj._state.adding and not work_rules.read_gate(
                ctx, "team", kind, household_id).holds(obj, kind):
            return _refuse("confidential")
        return decision
    if obj._state.adding and resolve(obj, kind.roles["owner"]) is None:
        # An unsaved object without an owner asks whether ctx reads this kind of work in
        # the household at all (the page); which saved objects it shows is decided per
        # object.
        relation = next((r for r in rel.household_relations(ctx, household_id)
                         if work_rules.read_gate(ctx, r, kind) is not _FALSE), None)
        if relation is None:
            return _refuse("not_related")
        return Decision(True, relation, relation_reason(relation))
    for relation in rel.household_relations(ctx, household_id):
        label = work_rules.read_gate(ctx, relation, kind).branch(obj, kind)
        if label is not None:
            reason = relation_reason(relation)
            if label:
                reason = f"{reason} {gate_reason(label, _rule_why(ctx))}"
            return Decision(True, f"{relation}+{label}" if label else relation, reason)
    return _refuse("confidential" if rel.household_relations(ctx, household_id)
                   else "not_related")


def _household_work_q(ctx, action, kind) -> Q:
    path = kind.household
    listed = rel.households_by_relation(ctx)
    if listed is not None:  # the professional's households as short id lists
        exprs = {name: Q(**{f"{path}_id__in": ids}) for name, ids in listed.items() if ids}
    else:
        exprs = {name: Q(expr) for name, expr in
                 rel.relation_sql(ctx, f"{path}_id", f"{path}__").items()}
    if action in WRITE_ACTIONS:
        team = _any_of(exprs[n] for n in rel.FULL if n in exprs)
        return (team & work_rules.write_gate(ctx, kind).q(kind)
                & work_rules.read_gate(ctx, "team", kind).q(kind))
    pieces = []
    for name, expr in exprs.items():
        gate = work_rules.read_gate(ctx, name, kind)
        if gate is not _FALSE:
            pieces.append(expr & gate.q(kind))
    return _any_of(pieces)


def _household_work_in_one_q(ctx, action, kind, household_id, known=None) -> Q:
    """_household_work_q for the objects of one household: the relations are constants
    (decided once per context) and consent is the household's id list. `household_id`
    may be a tuple of households that share the relations `known`
    (visible_in_households)."""
    if known is None:
        known = rel.household_relations(ctx, household_id)
    if action in WRITE_ACTIONS:
        if not any(r in rel.FULL for r in known):
            return Q(pk__in=[])
        return All((work_rules.write_gate(ctx, kind),
                    work_rules.read_gate(ctx, "team", kind, household_id))).q(kind)
    gates = [g for g in (work_rules.read_gate(ctx, r, kind, household_id) for r in known)
             if g is not _FALSE]
    if not gates:
        return Q(pk__in=[])
    return Any(tuple(gates)).q(kind) if len(gates) > 1 else gates[0].q(kind)


def _decide_person(ctx, action, person) -> Decision:
    household_ids = list(person.memberships.values_list("household_id", flat=True))
    decisions = [_beyond_seat(decide_household(ctx, action, h)) for h in household_ids]
    granted = next((d for d in decisions if d.allowed), None)
    if granted:
        return granted
    if decisions:
        return decisions[0]
    # A person in no household is found by nobody (decision 0019).
    return _refuse(rel.refusal(ctx) or "not_related")


# --- querysets -----------------------------------------------------------------------

def _writable_relation_q(ctx, household_ref, prefix) -> Q:
    exprs = rel.relation_sql(ctx, household_ref, prefix)
    condition = Q(pk__in=[])
    for name in rel.FULL:
        if name in exprs:
            condition |= Q(exprs[name])
    return condition


def _any_of(conditions) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


def _entry_gates(ctx, action: str, relations, household_id=None) -> Cond:
    """The entry gates of `relations` for `action`, as one tree bound to the entry kind
    (entry_rules.py). With `household_id` the tree is for that household's entries."""
    full = any(r in rel.FULL for r in relations)
    if action == KNOW_EXISTS:
        return er.placeholder_gate() if full else _FALSE
    if action in WRITE_ACTIONS:
        if not full:
            return _FALSE
        if action == CORRECT:
            return er.correct_gate(ctx, household_id)
        return er.read_gate(ctx, "team", household_id)
    names = dict.fromkeys("team" if r in rel.FULL else r for r in relations)
    return Any(tuple(er.read_gate(ctx, r, household_id) for r in names)).bind(er.entry_kind())


def _entry_q(ctx, action: str) -> Q:
    """Entries ctx may act on, in any household: each relation (the professional's
    households as id lists, or subqueries) with its gate."""
    listed = rel.households_by_relation(ctx)
    if listed is not None:
        exprs = {name: Q(household_id__in=ids) for name, ids in listed.items() if ids}
    else:
        exprs = {name: Q(expr) for name, expr in
                 rel.relation_sql(ctx, "household_id", "household__").items()}
    kind = er.entry_kind()
    pieces = []
    full = [exprs[n] for n in rel.FULL if n in exprs]
    if full:
        pieces.append(_any_of(full) & _entry_gates(ctx, action, ("team",)).q(kind))
    if action == READ:
        if "case_table" in exprs:  # a running item of the seat ties it to the household
            pieces.append(er.read_gate(ctx, "case_table").q(kind))
        for name in ("break_glass", "member"):
            if name in exprs:
                pieces.append(exprs[name] & er.read_gate(ctx, name).q(kind))
    return _any_of(pieces)


def visible(ctx, action: str, queryset, *, household_id=None):
    """Rows of `queryset` ctx may act on. `household_id` says the rows are one
    household's (it also filters on it): for household work the relations are then
    decided once, as decide() does, and only the gate stays in the SQL."""
    model = queryset.model
    kind = work_kind_for(model)
    if household_id is not None and kind is not None:
        return queryset.filter(**{f"{kind.household}_id": household_id}).filter(
            _household_work_in_one_q(ctx, action, kind, household_id))
    write = action in WRITE_ACTIONS
    if model is Household:
        listed = None if write else rel.related_household_ids(ctx)
        q = Q(pk__in=listed) if listed is not None else \
            _writable_relation_q(ctx, "pk", "") if write else rel.any_relation_q(ctx, "pk", "")
        return queryset.filter(q)
    if model is Case:
        q = _writable_relation_q(ctx, "household_id", "household__") if write else \
            minimal_picture.beyond_seat_q(ctx, "household_id", "household__")
        return queryset.filter(q)
    if model is Entry:
        return queryset.filter(_entry_q(ctx, action))
    if model is Attachment:
        return queryset.filter(entry__in=visible(ctx, action, Entry.objects.all()))
    if model is Person:
        return queryset.filter(_person_q(ctx, action))
    if model is ReporterFeedback:
        return queryset.filter(reporter_feedback.q(ctx, action))
    if kind is not None:
        return queryset.filter(_household_work_q(ctx, action, kind))
    raise TypeError(f"No access rule for {model.__name__}")


def _person_q(ctx, action) -> Q:
    """Persons of a household ctx relates to other than by a case-table seat (decision
    0018). A professional's relations are read from the person-reach table (decision
    0019: one index probe per candidate); team managers and family members, whom it
    does not hold, are tested against the source tables."""
    if rel.refusal(ctx):
        return Q(pk__in=[])
    if action in WRITE_ACTIONS:
        household_q = _writable_relation_q(ctx, "household_id", "household__")
    elif not ctx.is_family and ctx.role != Membership.Role.TEAMMANAGER:
        return Q(person_reach.reach_q(ctx))
    else:
        household_q = minimal_picture.beyond_seat_sql(ctx, "household_id", "household__")
    return Q(Exists(HouseholdMember.objects.filter(person_id=OuterRef("pk"))
                    .filter(household_q)))


def visible_in_household(ctx, action: str, household_id, queryset=None):
    """Entries of one household that ctx may act on. The relations with the household are
    loaded once (as decide() does), so they are not re-tested per row, and consent is the
    household's id list; for the timeline's hot case the gates are written as raw SQL
    with the household's facts folded in (household_sql.py). The result equals visible()
    on the same entries (tests/access checks that)."""
    return visible_in_households(ctx, action, (household_id,), queryset)


def visible_in_households(ctx, action: str, household_ids, queryset=None):
    """Entries (or rows of a household-work kind) of these households that ctx may act
    on: the one-household forms for several households at once (the worklist's).
    Households with the same relations share one condition, with the facts of all of
    them folded in: consent is a fact of the person and case ids are unique, so the
    union says for each household what its own facts say. One condition per group of
    relations, joined with OR."""
    queryset = queryset if queryset is not None else Entry.objects.all()
    kind = None if queryset.model is Entry else work_kind_for(queryset.model)
    if queryset.model is not Entry and kind is None:
        raise TypeError(f"No several-households form for {queryset.model.__name__}")
    if rel.refusal(ctx):
        return queryset.none()
    groups: dict = {}
    # In a fixed order, so the facts loaded per group (consent, case phases) are cached
    # under one key for every kind the same page filters (news, measures).
    for household_id in sorted(set(household_ids), key=str):
        known = rel.household_relations(ctx, household_id)
        if known:
            groups.setdefault(known, []).append(household_id)
    if kind is not None:
        conditions = [Q(**{f"{kind.household}_id__in": ids}) & _household_work_in_one_q(
            ctx, action, kind, ids[0] if len(ids) == 1 else tuple(ids), known)
            for known, ids in groups.items()]
    else:
        conditions = [c for c in (_entry_condition(ctx, action, known, tuple(ids))
                                  for known, ids in groups.items()) if c is not None]
    if not conditions:
        return queryset.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return queryset.filter(combined)


def _entry_condition(ctx, action, known, households: tuple) -> Q | None:
    """The entries of `households` (all with relations `known`) ctx may act on, or None."""
    in_households = Q(household_id__in=households)
    key = households[0] if len(households) == 1 else households
    gates = _entry_gates(ctx, action, known, key)
    if gates is _FALSE:
        return None
    if not household_sql.supports(action, known, (READ, KNOW_EXISTS)):
        return in_households & gates.q(er.entry_kind())
    condition = household_sql.condition(
        gates, lambda path, values: _related_ids(ctx, households, path, values))
    if condition is None:
        return None
    return in_households & (condition if isinstance(condition, Q) else Q(condition))


def _related_ids(ctx, households: tuple, path: str, values) -> list:
    """Ids of the households' related rows for a role across a relation (the entry's
    phase is its case's): the cases in these phases."""
    if path != "case__phase":
        raise ValueError(f"no household fold for {path}")
    key = ("case_phases", households)
    if key not in ctx.cache:
        ctx.cache[key] = list(Case.objects.filter(household_id__in=households)
                              .values_list("pk", "phase"))
    return [pk for pk, phase in ctx.cache[key] if phase in values]


# --- fetch one object or refuse with a logged 404 -------------------------------------

def fetch(ctx, queryset, pk, *, action: str = READ, event_code: str,
          object_type: str | None = None, log: bool = False):
    """Return (obj, decision) or raise AccessRefused (logged, answered as 404). With
    `log` the granted access is recorded too (reads.record: subjects from the
    catalogue); views pass it when the page shows the object as fetched."""
    try:
        obj = queryset.filter(pk=pk).first()
    except (ValidationError, ValueError):
        obj = None
    decision = _refuse("not_found") if obj is None else decide(ctx, action, obj)
    if not decision.allowed:
        kind = kind_for(queryset.model)
        raise AccessRefused(ctx, event_code, object_type or kind.log_type, pk, decision,
                            action=LOG_ACTION.get(action, "R"))
    if log:
        reads.record(ctx, event_code, [obj], decision=decision, action=action)
    return obj, decision
