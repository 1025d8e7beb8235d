"""How an actor can be related to a household, declared once.

Each relation is data: the rows that give it (a team assignment, a running case-table
seat, an emergency-access grant, a membership) or a column of the household itself
(who registered it, which organisation owns it), who can hold it, what it opens, and
what "Waarom zie ik dit?" says about it. access/relations.py derives every form it needs
from these declarations (decision 0028):

- `q()`: a Django condition on a row that names its household, for visible();
- `exists_sql()`: one EXISTS per relation for one household, for decide();
- `list_sql()`: the households a professional has each relation with, for lists;
- `periods()`: who holds it over which period, for the person-reach table.

The SQL forms are written from the models' metadata (tables, columns, foreign keys) with
every value a parameter, and their text is built once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Facts of the access context a declaration can name; filled in per call.
USER, PERSON, ORGANISATION, TODAY, NOW = "user", "person", "organisation", "today", "now"
FACTS = frozenset((USER, PERSON, ORGANISATION, TODAY, NOW))
# Who can hold a relation.
PROFESSIONAL, MANAGER, FAMILY = "professional", "manager", "family"


@dataclass(frozen=True)
class Days:
    """A period of calendar days, both ends included; an empty end is open."""

    start: str
    end: str

    def q(self, prefix: str = "") -> Q:
        today = timezone.localdate()
        return Q(**{f"{prefix}{self.start}__lte": today}) & (
            Q(**{f"{prefix}{self.end}__isnull": True}) | Q(**{f"{prefix}{self.end}__gte": today}))

    def sql(self, start: str, end: str) -> tuple[str, tuple]:
        return f"{start} <= %s AND ({end} IS NULL OR {end} >= %s)", (TODAY, TODAY)


@dataclass(frozen=True)
class Instants:
    """A period from `start` (included) to `end` (excluded)."""

    start: str
    end: str

    def q(self, prefix: str = "") -> Q:
        now = timezone.now()
        return Q(**{f"{prefix}{self.start}__lte": now, f"{prefix}{self.end}__gt": now})

    def sql(self, start: str, end: str) -> tuple[str, tuple]:
        return f"{start} <= %s AND {end} > %s", (NOW, NOW)


@dataclass(frozen=True)
class Rows:
    """The relation holds while the actor has a row of `model` whose `household` path
    names the household, with `actor` (a field) equal to a fact of the context, `where`
    (field, value or fact) all true, and `period` (if any) running now."""

    model: str  # "app_label.Model", resolved lazily (the access app's models import this)
    household: str
    actor: tuple[str, str]
    period: Days | Instants | None = None
    where: tuple = ()

    def model_class(self):
        from django.apps import apps

        return apps.get_model(self.model)

    def tests(self) -> tuple:
        """(field, value or fact) pairs that every row must pass, the actor first."""
        return (self.actor, *self.where)


@dataclass(frozen=True)
class OwnColumn:
    """The relation holds when a column of the household equals a fact of the context."""

    field: str
    fact: str


@dataclass(frozen=True)
class Relation:
    name: str
    holders: frozenset
    sources: tuple  # the relation holds when any source does
    reason: object  # the Dutch "Waarom zie ik dit?" line
    full: bool = False  # opens the household's full picture (subject to the entry gates)
    reaches_persons: bool = False  # opens the persons' records (person search)
    outside_team: bool = False  # a way in from outside the team, reviewed separately


RELATIONS = (  # in the order decide() names them: the first that holds is logged
    Relation(
        "team", frozenset({PROFESSIONAL, MANAGER}),
        (Rows("cases.TeamAssignment", "case__household_id", ("user_id", USER),
              Days("valid_from", "valid_to")),),
        _("U zit in het team van een traject bij dit huishouden."),
        full=True, reaches_persons=True),
    Relation(
        "registrar", frozenset({PROFESSIONAL, MANAGER}),
        (OwnColumn("created_by_id", USER),),
        _("U hebt dit huishouden zelf geregistreerd."),
        full=True, reaches_persons=True),
    Relation(
        "manager", frozenset({MANAGER}),
        (OwnColumn("owner_organisation_id", ORGANISATION),
         Rows("cases.Case", "household_id", ("lead_organisation_id", ORGANISATION),
              where=(("closed_on", None),))),
        _("U bent teammanager van de organisatie die dit huishouden registreerde of de "
          "regie voert."),
        full=True),
    # Emergency access comes before the case table, so a page seen while a grant runs is
    # logged with the break-the-glass flag (over-flagging is the safe side for review).
    Relation(
        "break_glass", frozenset({PROFESSIONAL, MANAGER}),
        (Rows("access.BreakGlass", "household_id", ("user_id", USER),
              Instants("started_at", "expires_at")),),
        _("U gebruikt noodtoegang. Dat is gemeld aan de casusregisseur en de functionaris "
          "gegevensbescherming, en wordt achteraf beoordeeld."),
        reaches_persons=True, outside_team=True),
    # A case-table seat opens the minimal picture, never a person's record (decision 0018).
    Relation(
        "case_table", frozenset({PROFESSIONAL, MANAGER}),
        (Rows("access.CaseTableParticipant", "session__household_id", ("user_id", USER),
              Instants("session__starts_at", "session__ends_at")),),
        _("U neemt deel aan een casustafel over dit gezin; u ziet alleen het afgesproken "
          "minimale beeld, zolang de casustafel loopt."),
        outside_team=True),
    Relation(
        "member", frozenset({FAMILY}),
        (Rows("households.HouseholdMember", "household_id", ("person_id", PERSON),
              Days("valid_from", "valid_to")),),
        _("U hoort bij dit huishouden.")),
)
BY_NAME = {r.name: r for r in RELATIONS}


def facts(ctx) -> dict:
    """The values the declarations name, for one access context."""
    return {USER: ctx.user.pk, PERSON: getattr(ctx, "person_id", None),
            ORGANISATION: ctx.organisation_id,
            TODAY: timezone.localdate(), NOW: timezone.now()}


def _value(value, known: dict):
    return known[value] if isinstance(value, str) and value in FACTS else value


# --- the Django form ---------------------------------------------------------------------

def q(relation: Relation, known: dict, household_ref: str, prefix: str):
    """A condition on a row whose household id is `household_ref` and whose household's
    own fields are reached through `prefix` ("" or "household__")."""
    parts = []
    for source in relation.sources:
        if isinstance(source, OwnColumn):
            parts.append(Q(**{f"{prefix}{source.field}": known[source.fact]}))
            continue
        rows = source.model_class().objects.filter(
            **{source.household: OuterRef(household_ref)},
            **{field: _value(value, known) for field, value in source.tests()})
        if source.period is not None:
            rows = rows.filter(source.period.q())
        parts.append(Q(Exists(rows)))
    result = parts[0]
    for part in parts[1:]:
        result |= part
    return result


# --- the SQL forms -----------------------------------------------------------------------

class _From:
    """A FROM clause over `model` that joins the foreign keys a path crosses."""

    def __init__(self, model, alias: str):
        self.model, self.base = model, alias
        self.joins: list[str] = []
        self.aliases = {"": (model, alias)}

    def column(self, path: str) -> tuple[str, object]:
        """The qualified column of a lookup path, and its field."""
        quote = connection.ops.quote_name
        steps = path.split("__")
        prefix = ""
        model, alias = self.aliases[""]
        for step in steps[:-1]:
            field = model._meta.get_field(step)
            key = f"{prefix}{step}__"
            if key not in self.aliases:
                target = field.related_model
                joined = f"{self.base}{len(self.aliases)}"
                self.joins.append(
                    f"JOIN {quote(target._meta.db_table)} {joined} ON "
                    f"{joined}.{quote(target._meta.pk.column)} = {alias}.{quote(field.column)}")
                self.aliases[key] = (target, joined)
            prefix = key
            model, alias = self.aliases[key]
        field = model._meta.get_field(steps[-1])
        return f"{alias}.{quote(field.column)}", field

    def text(self) -> str:
        table = connection.ops.quote_name(self.model._meta.db_table)
        return " ".join((f"{table} {self.base}", *self.joins))


def _row_tests(source: Rows, where: _From) -> tuple[list[str], list]:
    """The WHERE terms of a Rows source and their parameter recipe (values or facts,
    with the field that prepares each)."""
    terms, recipe = [], []
    for path, value in source.tests():
        column, field = where.column(path)
        if value is None:
            terms.append(f"{column} IS NULL")
        else:
            terms.append(f"{column} = %s")
            recipe.append((value, field))
    if source.period is not None:
        start, _field = where.column(source.period.start)
        end, _field = where.column(source.period.end)
        text, facts_used = source.period.sql(start, end)
        terms.append(text)
        recipe.extend((fact, None) for fact in facts_used)
    return terms, recipe


def _household_table():
    from netwerkdossier.households.models import Household

    return Household


@lru_cache(maxsize=64)
def _exists_text(name: str, vendor: str) -> tuple[str, tuple]:
    """One relation for the household row aliased h: SQL text and parameter recipe."""
    household = _household_table()
    quote = connection.ops.quote_name
    parts, recipe = [], []
    for source in BY_NAME[name].sources:
        if isinstance(source, OwnColumn):
            field = household._meta.get_field(source.field)
            parts.append(f"h.{quote(field.column)} = %s")
            recipe.append((source.fact, field))
            continue
        where = _From(source.model_class(), "r")
        column, _field = where.column(source.household)
        terms, row_recipe = _row_tests(source, where)
        parts.append(f"EXISTS (SELECT 1 FROM {where.text()} WHERE {column} = "  # noqa: S608 - names from model metadata; values are parameters
                     f"h.{quote(household._meta.pk.column)} AND {' AND '.join(terms)})")
        recipe.extend(row_recipe)
    return "(" + " OR ".join(parts) + ")", tuple(recipe)


@lru_cache(maxsize=64)
def _list_text(name: str, vendor: str) -> tuple[str, tuple]:
    """The households with one relation: SELECT name, household id; text and recipe."""
    household = _household_table()
    quote = connection.ops.quote_name
    selects, recipe = [], []
    for source in BY_NAME[name].sources:
        if isinstance(source, OwnColumn):
            field = household._meta.get_field(source.field)
            selects.append(f"SELECT %s, h.{quote(household._meta.pk.column)} FROM "  # noqa: S608 - names from model metadata; values are parameters
                           f"{quote(household._meta.db_table)} h "
                           f"WHERE h.{quote(field.column)} = %s")
            recipe.extend(((name, None), (source.fact, field)))
            continue
        where = _From(source.model_class(), "r")
        column, _field = where.column(source.household)
        terms, row_recipe = _row_tests(source, where)
        selects.append(f"SELECT DISTINCT %s, {column} FROM {where.text()} "  # noqa: S608 - names from model metadata; values are parameters
                       f"WHERE {' AND '.join(terms)}")
        recipe.extend(((name, None), *row_recipe))
    return " UNION ALL ".join(selects), tuple(recipe)


def _params(recipe, known: dict) -> list:
    """The parameter values of a recipe: a fact or value prepared by its field; the
    period facts adapted as a date or an instant; anything else (a relation name) as is."""
    ops = connection.ops
    params = []
    for value, field in recipe:
        if field is not None:
            params.append(field.get_db_prep_value(_value(value, known), connection))
        elif value == TODAY:
            params.append(ops.adapt_datefield_value(known[TODAY]))
        elif value == NOW:
            params.append(ops.adapt_datetimefield_value(known[NOW]))
        else:
            params.append(value)
    return params


def exists_sql(names, known: dict) -> tuple[str, list]:
    """SELECT one boolean per relation in `names` for the household row h (the caller
    adds FROM and WHERE)."""
    texts, params = [], []
    for name in names:
        text, recipe = _exists_text(name, connection.vendor)
        texts.append(text)
        params += _params(recipe, known)
    return "SELECT " + ", ".join(texts), params


def list_sql(names, known: dict) -> tuple[str, list]:
    """(relation name, household id) rows for every relation in `names`."""
    texts, params = [], []
    for name in names:
        text, recipe = _list_text(name, connection.vendor)
        texts.append(text)
        params += _params(recipe, known)
    return " UNION ALL ".join(texts), params


# --- periods, for the person-reach table -------------------------------------------------

def periods(relation: Relation, household_ids) -> list[tuple]:
    """(household, actor, start, end) of every holder of `relation` in these households,
    whether the period runs now or not; start and end are dates (Days), instants
    (Instants) or None (open)."""
    household = _household_table()
    found = []
    for source in relation.sources:
        if isinstance(source, OwnColumn):
            found += [(h, actor, None, None) for h, actor in household.objects
                      .filter(pk__in=household_ids, **{f"{source.field}__isnull": False})
                      .values_list("pk", source.field)]
            continue
        constants = {f: v for f, v in source.where if not (isinstance(v, str) and v in FACTS)}
        if len(constants) != len(source.where):
            raise ValueError(f"{relation.name}: a condition on a fact has no period")
        period = source.period
        fields = [source.household, source.actor[0]]
        if period is not None:
            fields += [period.start, period.end]
        rows = source.model_class().objects.filter(
            **{f"{source.household}__in": household_ids},
            **constants)
        found += [(row[0], row[1], *(row[2:] if period else (None, None)))
                  for row in rows.values_list(*fields)]
    return found


def household_paths(relations) -> list[tuple]:
    """(model, path to the household id) for every model on the way from the relations'
    rows to their household: a change in any of them can change who holds them."""
    found = {}
    for relation in relations:
        for source in relation.sources:
            if isinstance(source, OwnColumn):
                continue
            model, steps = source.model_class(), source.household.split("__")
            for index in range(len(steps)):
                found.setdefault(model, "__".join(steps[index:]))
                if index < len(steps) - 1:
                    model = model._meta.get_field(steps[index]).related_model
    return list(found.items())
