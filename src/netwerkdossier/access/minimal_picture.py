"""What a case-table (MDA++) seat opens: the agreed minimal picture, nothing around it.

A professional whose only relation with a household is a seat at a running case table
(relations.py, "case_table") sees the household's name, the current members and the
members the shared entries are about (name, age, relation), and the shared entries
themselves (entry_rules.case_table_gate). Not the address, birth dates, gezag, cases,
phases, deadlines, team or safety work. A person's own record (BSN, birth date, other
households) is not reachable through a seat at all: policy._decide_person and
policy._person_q count every relation except "case_table". Decision 0018.
"""

from django.db.models import Q
from django.utils import timezone

from netwerkdossier.households.models import HouseholdMember

from . import relations as rel
from .rules_common import active_on

SEAT = "case_table"
# Relations that open more than the minimal picture (the full picture, or the network
# picture of emergency access); with any of them the seat adds nothing.
OPENS_MORE = (*rel.FULL, "break_glass")

R = HouseholdMember.Relation
# Adults first, then children (as on the full household page).
RELATION_ORDER = {R.PARENT: 0, R.CAREGIVER: 1, R.PARTNER: 2, R.OTHER_ADULT: 3, R.CHILD: 4}


def case_table_only(ctx, household_id) -> bool:
    """True when ctx's only relation with the household is a running case-table seat."""
    relations = rel.household_relations(ctx, household_id)
    return SEAT in relations and not any(r in OPENS_MORE for r in relations)


def running_session(ctx, household_id):
    """The running session of this household at which ctx has a seat (the one that ends
    last, if sessions overlap), or None."""
    from .models import CaseTableSession

    now = timezone.now()
    return (CaseTableSession.objects.filter(
        household_id=household_id, participants__user_id=ctx.user.pk,
        starts_at__lte=now, ends_at__gt=now).order_by("-ends_at", "pk").first())


def members(ctx, household) -> list:
    """HouseholdMember rows the minimal picture names, adults first, each with `age`
    and `current`: every current member, and a former member only when a shared entry
    is about them (their latest membership). Callers show name, age and relation only."""
    from netwerkdossier.dossier.models import EntrySubject

    from .policy import READ, visible_in_household

    today = timezone.localdate()
    shared = visible_in_household(ctx, READ, household.pk).values("pk")
    subjects = set(EntrySubject.objects.filter(entry_id__in=shared)
                   .values_list("person_id", flat=True))
    rows = list(HouseholdMember.objects.filter(household=household)
                .filter(active_on() | Q(person_id__in=subjects))
                .select_related("person").order_by("-valid_from", "id"))
    chosen = {}
    for row in rows:
        row.current = row.is_current(today)
        held = chosen.get(row.person_id)
        if held is None or (row.current and not held.current):
            chosen[row.person_id] = row
    shown = list(chosen.values())
    for row in shown:
        row.age = row.person.age(today)
    return sorted(shown, key=lambda m: (not m.current, RELATION_ORDER.get(m.relation, 5),
                                        m.person.birth_date))


def found_by_names_only(query: str) -> bool:
    """True when no word of a search query is a BSN or a birth date (households/search.py).
    Only such a query may find a household seen through a seat: the minimal picture shows
    the members' names, not their BSN or birth date."""
    from netwerkdossier.households.search import BSN_RE, parse_birth_date

    return not any(BSN_RE.match(w) or parse_birth_date(w) for w in (query or "").split())


# --- which households count beyond a seat (persons, memberships, search) -----------------

def household_ids_beyond_seat(ctx) -> list | None:
    """relations.related_household_ids() without case-table seats: ids of the households
    ctx relates to otherwise, or None when the relations are not listed."""
    by_relation = rel.households_by_relation(ctx)
    if by_relation is None:
        return None
    return sorted({h for name, ids in by_relation.items() if name != SEAT for h in ids},
                  key=str)


def seat_only_household_ids(ctx) -> list | None:
    """Ids of the households ctx relates to by a case-table seat alone (usually none), or
    None when the relations are not listed."""
    by_relation = rel.households_by_relation(ctx)
    if by_relation is None:
        return None
    beyond = set(household_ids_beyond_seat(ctx))
    return sorted(set(by_relation.get(SEAT, ())) - beyond, key=str)


def seat_only_among(ctx, household_ids) -> set:
    """The ids among these households that ctx sees through a case-table seat alone: a
    list or search shows their name, not where they live or who registered them."""
    if not household_ids or not has_running_seat(ctx):
        return set()
    listed = seat_only_household_ids(ctx)
    if listed is None:  # relations not listed: asked per household (a page at most)
        return {h for h in household_ids if case_table_only(ctx, h)}
    return set(listed) & set(household_ids)


def has_running_seat(ctx) -> bool:
    """Whether ctx has a seat at any running case table (one query, cached per context)."""
    if "has_running_seat" not in ctx.cache:
        from .models import CaseTableParticipant

        now = timezone.now()
        ctx.cache["has_running_seat"] = not ctx.is_family and CaseTableParticipant.objects \
            .filter(user_id=ctx.user.pk, session__starts_at__lte=now,
                    session__ends_at__gt=now).exists()
    return ctx.cache["has_running_seat"]


def seat_sql(ctx, household_ref: str = "pk", prefix: str = "") -> Q:
    """Households (reached through `household_ref`) where ctx has a running seat, in SQL."""
    expression = rel.relation_sql(ctx, household_ref, prefix).get(SEAT)
    return Q(expression) if expression is not None else Q(pk__in=[])


def beyond_seat_sql(ctx, household_ref: str, prefix: str) -> Q:
    """relations.any_relation_q() without case-table seats (the row-by-row SQL form)."""
    condition = Q(pk__in=[])
    for name, expression in rel.relation_sql(ctx, household_ref, prefix).items():
        if name != SEAT:
            condition |= Q(expression)
    return condition


def beyond_seat_q(ctx, household_ref: str = "pk", prefix: str = "") -> Q:
    """Households (reached through `household_ref`) that ctx relates to other than by a
    case-table seat: a short id list where the relations are listed, else SQL."""
    listed = household_ids_beyond_seat(ctx)
    if listed is not None:
        return Q(**{f"{household_ref}__in": listed})
    return beyond_seat_sql(ctx, household_ref, prefix)
