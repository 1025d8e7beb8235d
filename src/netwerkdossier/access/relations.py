"""How an actor is related to a household. Each relation is one SQL expression; decide()
loads them for one household in one query, visible() puts them in the WHERE clause."""

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, UUIDField
from django.utils import timezone

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.households.models import HouseholdMember, age_on
from netwerkdossier.organisations.models import Membership

from .rules_common import active_on

# Roles and purposes under which a professional may read dossier content at all. The
# privacy officer and functional administrator work on logs and configuration; the
# purposes management, onderzoek and toezicht get aggregates or logs, never a dossier.
CONTENT_ROLES = frozenset({Membership.Role.PROFESSIONAL, Membership.Role.TEAMMANAGER})
CONTENT_PURPOSES = frozenset({"hulpverlening", "veiligheidsbeoordeling", "advies_rechter"})
FAMILY_MIN_AGE = 12  # under 12, parents with gezag exercise the child's rights

# Relations that open the household's full picture (subject to the entry gates).
FULL = ("team", "registrar", "manager")
# Emergency access comes before the case table, so a page seen while a grant runs is
# logged with the break-the-glass flag (over-flagging is the safe side for review).
ORDER = ("team", "registrar", "manager", "break_glass", "case_table", "member")


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


def relation_sql(ctx, household_ref: str, prefix: str) -> dict:
    """name -> boolean SQL expression, for a row whose household id is `household_ref`
    and whose household fields are reached through `prefix` ("" or "household__")."""
    if refusal(ctx) is not None:
        return {}
    if ctx.is_family:
        return {"member": Exists(HouseholdMember.objects.filter(
            active_on(), household_id=OuterRef(household_ref), person_id=ctx.person_id))}
    from .models import BreakGlass, CaseTableParticipant

    now = timezone.now()
    relations = {
        "team": Exists(TeamAssignment.objects.filter(
            active_on(), case__household_id=OuterRef(household_ref), user_id=ctx.user.pk)),
        "registrar": Q(**{f"{prefix}created_by_id": ctx.user.pk}),
        "case_table": Exists(CaseTableParticipant.objects.filter(
            user_id=ctx.user.pk, session__household_id=OuterRef(household_ref),
            session__starts_at__lte=now, session__ends_at__gt=now)),
        "break_glass": Exists(BreakGlass.objects.filter(
            user_id=ctx.user.pk, household_id=OuterRef(household_ref),
            started_at__lte=now, expires_at__gt=now)),
    }
    if ctx.role == Membership.Role.TEAMMANAGER:
        relations["manager"] = Q(**{f"{prefix}owner_organisation_id": ctx.organisation_id}) | \
            Exists(Case.objects.filter(household_id=OuterRef(household_ref),
                                       closed_on__isnull=True,
                                       lead_organisation_id=ctx.organisation_id))
    return relations


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
    if refusal(ctx) is None and not ctx.is_family and ctx.role != Membership.Role.TEAMMANAGER:
        from django.db import connection

        ops = connection.ops
        today = ops.adapt_datefield_value(timezone.localdate())
        now = ops.adapt_datetimefield_value(timezone.now())
        user = ctx.user.pk
        sql = """
            SELECT DISTINCT 'team', c.household_id FROM cases_teamassignment ta
              JOIN cases_case c ON c.id = ta.case_id
             WHERE ta.user_id = %s AND ta.valid_from <= %s
               AND (ta.valid_to IS NULL OR ta.valid_to >= %s)
            UNION ALL SELECT 'registrar', h.id FROM households_household h
             WHERE h.created_by_id = %s
            UNION ALL SELECT DISTINCT 'case_table', s.household_id
              FROM access_casetableparticipant p
              JOIN access_casetablesession s ON s.id = p.session_id
             WHERE p.user_id = %s AND s.starts_at <= %s AND s.ends_at > %s
            UNION ALL SELECT DISTINCT 'break_glass', b.household_id FROM access_breakglass b
             WHERE b.user_id = %s AND b.started_at <= %s AND b.expires_at > %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [user, today, today, user, user, now, now, user, now, now])
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
        elif ctx.is_family:
            found = _relations_by_orm(ctx, household_id)
        elif (listed := _listed_sets(ctx)) is not None:
            # The professional's households were listed once for this context: every
            # later decision is a lookup (docs/benchmarks.md, decide()).
            try:
                key_id = UUIDField().to_python(household_id)
            except ValidationError:
                key_id = None
            found = tuple(n for n in ORDER if key_id in listed.get(n, ()))
        else:
            found = _professional_relations(ctx, household_id)
        ctx.cache[key] = found
    return ctx.cache[key]


def _listed_sets(ctx) -> dict | None:
    if "listed_sets" not in ctx.cache:
        by_relation = households_by_relation(ctx)
        ctx.cache["listed_sets"] = None if by_relation is None else \
            {name: frozenset(ids) for name, ids in by_relation.items()}
    return ctx.cache["listed_sets"]


def _relations_by_orm(ctx, household_id) -> tuple[str, ...]:
    from netwerkdossier.households.models import Household

    expressions = relation_sql(ctx, "pk", "")
    row = (Household.objects.filter(pk=household_id)
           .annotate(**{f"rel_{name}": ExpressionWrapper(Q(expr), output_field=BooleanField())
                        for name, expr in expressions.items()})
           .values(*(f"rel_{name}" for name in expressions)).first())
    return tuple(n for n in ORDER if row and row.get(f"rel_{n}"))


def _professional_relations(ctx, household_id) -> tuple[str, ...]:
    """relation_sql() for a professional and one household, as one plain statement.

    Why: this runs on every page that opens a household; the ORM form (annotating four
    Exists subqueries) cost about 2 ms of query building for a 0.1 ms query. The SQL
    here must say what relation_sql() says; tests/access checks decide() (which uses
    this) against visible() (which uses relation_sql()).
    """
    from django.db import connection

    ops = connection.ops
    today = ops.adapt_datefield_value(timezone.localdate())
    now = ops.adapt_datetimefield_value(timezone.now())
    uuid = UUIDField()
    household = uuid.get_db_prep_value(household_id, connection)
    user = ctx.user.pk
    manager = ctx.role == Membership.Role.TEAMMANAGER
    organisation = uuid.get_db_prep_value(ctx.organisation_id, connection) if manager else None
    sql = """
        SELECT
          EXISTS (SELECT 1 FROM cases_teamassignment ta
                  JOIN cases_case c ON c.id = ta.case_id
                  WHERE c.household_id = h.id AND ta.user_id = %s AND ta.valid_from <= %s
                    AND (ta.valid_to IS NULL OR ta.valid_to >= %s)),
          h.created_by_id = %s,
          EXISTS (SELECT 1 FROM access_casetableparticipant p
                  JOIN access_casetablesession s ON s.id = p.session_id
                  WHERE s.household_id = h.id AND p.user_id = %s
                    AND s.starts_at <= %s AND s.ends_at > %s),
          EXISTS (SELECT 1 FROM access_breakglass b
                  WHERE b.household_id = h.id AND b.user_id = %s
                    AND b.started_at <= %s AND b.expires_at > %s),
          (%s AND (h.owner_organisation_id = %s OR EXISTS (
                  SELECT 1 FROM cases_case m WHERE m.household_id = h.id
                    AND m.closed_on IS NULL AND m.lead_organisation_id = %s)))
        FROM households_household h WHERE h.id = %s
    """
    params = [user, today, today, user, user, now, now, user, now, now,
              manager, organisation, organisation, household]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return ()
    held = dict(zip(("team", "registrar", "case_table", "break_glass", "manager"),
                    (bool(v) for v in row), strict=True))
    return tuple(n for n in ORDER if held.get(n))
