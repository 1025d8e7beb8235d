"""How an actor is related to a household: the relations of access/relation_rules.py,
in the forms the policy needs. decide() loads them for one household in one query,
visible() puts them in the WHERE clause, lists start from the professional's households.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, UUIDField
from django.utils import timezone

from netwerkdossier.households.models import age_on
from netwerkdossier.organisations.models import Membership

from . import relation_rules as rules

# Roles and purposes under which a professional may read dossier content at all. The
# privacy officer and functional administrator work on logs and configuration; the
# purposes management, onderzoek and toezicht get aggregates or logs, never a dossier.
CONTENT_ROLES = frozenset({Membership.Role.PROFESSIONAL, Membership.Role.TEAMMANAGER})
CONTENT_PURPOSES = frozenset({"hulpverlening", "veiligheidsbeoordeling", "advies_rechter"})
FAMILY_MIN_AGE = 12  # under 12, parents with gezag exercise the child's rights

ORDER = tuple(r.name for r in rules.RELATIONS)
# Relations that open the household's full picture (subject to the entry gates).
FULL = tuple(r.name for r in rules.RELATIONS if r.full)


def refusal(ctx) -> str | None:
    """Why ctx has no relation to any household at all, or None."""
    if ctx.is_family:
        person = ctx.user.person
        if age_on(person.birth_date, timezone.localdate()) < FAMILY_MIN_AGE:
            return "family_under_12"
        return None
    if ctx.membership is None or ctx.role not in CONTENT_ROLES:
        return "no_content_role"
    if not ctx.purpose:
        return "no_purpose"  # several purposes possible, none stated yet
    if ctx.purpose not in CONTENT_PURPOSES:
        return "purpose"
    return None


def holdable(ctx) -> tuple[str, ...]:
    """The relations ctx can hold with some household, in ORDER."""
    if refusal(ctx) is not None:
        return ()
    holder = rules.FAMILY if ctx.is_family else \
        rules.MANAGER if ctx.role == Membership.Role.TEAMMANAGER else rules.PROFESSIONAL
    return tuple(r.name for r in rules.RELATIONS if holder in r.holders)


def relation_sql(ctx, household_ref: str, prefix: str) -> dict:
    """name -> condition, for a row whose household id is `household_ref` and whose
    household fields are reached through `prefix` ("" or "household__")."""
    known = rules.facts(ctx)
    return {name: rules.q(rules.BY_NAME[name], known, household_ref, prefix)
            for name in holdable(ctx)}


def any_relation_q(ctx, household_ref: str, prefix: str) -> Q:
    expressions = list(relation_sql(ctx, household_ref, prefix).values())
    if not expressions:
        return Q(pk__in=[])
    condition = Q(expressions[0])
    for expression in expressions[1:]:
        condition |= Q(expression)
    return condition


MAX_LISTED_HOUSEHOLDS = 2000


def related_household_ids(ctx) -> list | None:
    """Ids of the households a professional has any relation with today, or None when
    they are not listed (see households_by_relation)."""
    by_relation = households_by_relation(ctx)
    if by_relation is None:
        return None
    return sorted({h for ids in by_relation.values() for h in ids}, key=str)


def households_by_relation(ctx) -> dict | None:
    """relation name -> ids of the households a professional has that relation with
    today, or None when not listed (family members, team managers, or more than
    MAX_LISTED_HOUSEHOLDS) and callers must use relation_sql() row by row.

    Why: lists and searches test every candidate row against the relations; with the few
    households a professional works with as id lists, PostgreSQL can start from those
    households, and relations the professional does not have drop out of the filter
    (docs/benchmarks.md). Says what relation_sql() says for a professional without the
    manager relation; tests/access checks visible() against decide().
    """
    if "households_by_relation" in ctx.cache:
        return ctx.cache["households_by_relation"]
    found = None
    names = holdable(ctx)
    if names and not ctx.is_family and ctx.role != Membership.Role.TEAMMANAGER:
        from django.db import connection

        sql, params = rules.list_sql(names, rules.facts(ctx))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchmany(MAX_LISTED_HOUSEHOLDS + 1)
        if len(rows) <= MAX_LISTED_HOUSEHOLDS:
            found = {}
            to_uuid = UUIDField().to_python
            for name, household in rows:
                found.setdefault(name, []).append(to_uuid(household))
    ctx.cache["households_by_relation"] = found
    return found


def household_relations(ctx, household_id) -> tuple[str, ...]:
    """The relations ctx has with one household, in ORDER; one query, cached per request."""
    key = ("relations", household_id)
    if key not in ctx.cache:
        if refusal(ctx) is not None:
            found: tuple[str, ...] = ()
        elif not ctx.is_family and (listed := _listed_sets(ctx)) is not None:
            # The professional's households were listed once for this context: every
            # later decision is a lookup (docs/benchmarks.md, decide()).
            try:
                key_id = household_id if isinstance(household_id, UUID) else \
                    UUIDField().to_python(household_id)
            except ValidationError:
                key_id = None
            found = tuple(n for n in ORDER if key_id in listed.get(n, ()))
        else:
            found = _relations_of_one(ctx, household_id)
        ctx.cache[key] = found
    return ctx.cache[key]


def _listed_sets(ctx) -> dict | None:
    if "listed_sets" not in ctx.cache:
        by_relation = households_by_relation(ctx)
        ctx.cache["listed_sets"] = None if by_relation is None else \
            {name: frozenset(ids) for name, ids in by_relation.items()}
    return ctx.cache["listed_sets"]


def _relations_of_one(ctx, household_id) -> tuple[str, ...]:
    """The relations ctx holds with one household, as one plain statement.

    Why not the ORM form of relation_sql(): this runs on every page that opens a
    household, and annotating the Exists subqueries cost about 2 ms of query building
    for a 0.1 ms query; the statement text is built once per process.
    """
    from django.db import connection

    from netwerkdossier.households.models import Household

    names = holdable(ctx)
    if not names:
        return ()
    select, params = rules.exists_sql(names, rules.facts(ctx))
    quote = connection.ops.quote_name
    sql = (f"{select} FROM {quote(Household._meta.db_table)} h "  # noqa: S608 - names from model metadata; values are parameters
           f"WHERE h.{quote(Household._meta.pk.column)} = %s")
    try:
        household = UUIDField().get_db_prep_value(household_id, connection)
    except ValidationError:
        return ()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, household])
        row = cursor.fetchone()
    if row is None:
        return ()
    return tuple(name for name, held in zip(names, row, strict=True) if held)
