"""Person reach: the professional-to-person pairs that person search filters on.

Why a derived table: a search tests every person whose name matches. Testing each
against the professional's households (an id list in the SQL, or the relation
subqueries) made the filtered search cost twice the unfiltered one, mostly in parsing
and planning (docs/benchmarks.md, decision 0019). One index probe on
(user, person) per candidate costs about a tenth.

The rows say what relations.households_by_relation() says, per person: a professional
reaches the persons of every household (any membership, also a past one) with which they
have one of PERSON_RELATIONS, during the period of that relation. They are rebuilt for a
household, in the writer's transaction, whenever a team assignment, case, household,
membership or emergency access of it changes (signals below; bulk loaders call
refresh() or rebuild() themselves). `netwerkdossier reach check` compares the table
with the source tables and `netwerkdossier reach rebuild` repairs it.

Team managers (whose relation covers their organisation's households) and family
members are not in the table: policy._person_q evaluates their relations in SQL.
"""

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.households.models import Household, HouseholdMember

from .models import BreakGlass, PersonReach

# A case-table seat opens the minimal picture, never a person's record (decision 0018).
PERSON_RELATIONS = ("team", "registrar", "break_glass")
# Open ends of a period, as instants every database stores and compares.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, tzinfo=UTC)
CHUNK = 2000  # households per rebuild step


def reach_q(ctx):
    """Persons (as the outer row) that the professional reaches now."""
    now = timezone.now()
    return Exists(PersonReach.objects.filter(
        user_id=ctx.user.pk, person_id=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now))


def _day_start(day):
    """The first instant of a local calendar day: a team assignment runs from the start
    of valid_from until the end of valid_to, as rules_common.active_on() reads it."""
    return timezone.make_aware(datetime.combine(day, time.min),
                               timezone.get_default_timezone())


def _team_period(valid_from, valid_to):
    if valid_to is None or valid_to >= LATEST.date() - timedelta(days=1):
        return _day_start(valid_from), LATEST
    return _day_start(valid_from), _day_start(valid_to + timedelta(days=1))


def _grants(household_ids) -> list[tuple]:
    """(household, user, relation, starts_at, ends_at) for PERSON_RELATIONS."""
    grants = [
        (h, user, "team", *_team_period(start, end))
        for h, user, start, end in TeamAssignment.objects
        .filter(case__household_id__in=household_ids)
        .values_list("case__household_id", "user_id", "valid_from", "valid_to")
    ]
    grants += [(h, user, "registrar", EARLIEST, LATEST)
               for h, user in Household.objects.filter(pk__in=household_ids,
                                                       created_by__isnull=False)
               .values_list("pk", "created_by_id")]
    grants += [(h, user, "break_glass", start, end)
               for h, user, start, end in BreakGlass.objects
               .filter(household_id__in=household_ids)
               .values_list("household_id", "user_id", "started_at", "expires_at")]
    return grants


COLUMNS = ("user_id", "person_id", "household_id", "relation", "starts_at", "ends_at")


def expected_rows(household_ids) -> set[tuple]:
    """The rows these households should have, as tuples in COLUMNS order."""
    persons = defaultdict(set)
    for household, person in (HouseholdMember.objects.filter(household_id__in=household_ids)
                              .values_list("household_id", "person_id")):
        persons[household].add(person)
    return {(user, person, household, relation, starts_at, ends_at)
            for household, user, relation, starts_at, ends_at in _grants(household_ids)
            for person in persons.get(household, ())}


def _write(rows) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        # COPY: a full rebuild writes over a million rows at region scale.
        table = PersonReach._meta.db_table
        with connection.cursor() as cur, \
                cur.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    PersonReach.objects.bulk_create(
        [PersonReach(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=1000)


def _lock(ids) -> None:
    """Serialise rebuilds of the same household: without it, two transactions that each
    change a relation of one household could each write rows computed without the
    other's change, and a removed relation could survive in the table. Locks are taken
    in id order so that two rebuilds cannot deadlock on each other."""
    list(Household.objects.select_for_update().filter(pk__in=ids).order_by("pk")
         .values_list("pk", flat=True))


def refresh(household_ids) -> None:
    """Rebuild the rows of these households (in the caller's transaction, if any)."""
    ids = sorted({h for h in household_ids if h is not None}, key=str)
    if not ids:
        return
    with transaction.atomic():
        _lock(ids)
        PersonReach.objects.filter(household_id__in=ids).delete()
        _write(expected_rows(ids))


def _household_chunks():
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def rebuild() -> int:
    """Rebuild the whole table (after a bulk load, or to repair), one transaction per
    chunk of households so writers wait for seconds, not minutes; returns the row
    count."""
    for chunk in _household_chunks():
        refresh(chunk)
    with transaction.atomic():
        PersonReach.objects.exclude(household_id__in=Household.objects.values("pk")).delete()
    return PersonReach.objects.count()


def differing_households() -> list:
    """Ids of households whose stored rows differ from the source tables (empty: in
    step), including rows left for households that no longer exist."""
    differing = []
    for chunk in _household_chunks():
        stored, expected = defaultdict(set), defaultdict(set)
        for row in PersonReach.objects.filter(household_id__in=chunk).values_list(*COLUMNS):
            stored[row[2]].add(row)
        for row in expected_rows(chunk):
            expected[row[2]].add(row)
        differing += [h for h in chunk if stored.get(h, set()) != expected.get(h, set())]
    orphans = (PersonReach.objects.exclude(household_id__in=Household.objects.values("pk"))
               .values_list("household_id", flat=True).distinct())
    return differing + list(orphans)


# --- keeping the rows in step (connected in apps.AccessConfig.ready) --------------------

def _refresh_household_of(sender, instance, **kwargs):
    refresh([instance.household_id])


def _refresh_household(sender, instance, **kwargs):
    refresh([instance.pk])


def _refresh_case_household(sender, instance, **kwargs):
    refresh(Case.objects.filter(pk=instance.case_id).values_list("household_id", flat=True))


def _forget_person(sender, instance, **kwargs):
    PersonReach.objects.filter(person_id=instance.pk).delete()


def _forget_user(sender, instance, **kwargs):
    PersonReach.objects.filter(user_id=instance.pk).delete()


def connect_signals():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from netwerkdossier.households.models import Person

    handlers = [
        (HouseholdMember, _refresh_household_of), (Case, _refresh_household_of),
        (BreakGlass, _refresh_household_of), (Household, _refresh_household),
        (TeamAssignment, _refresh_case_household),
    ]
    for model, handler in handlers:
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model,
                           dispatch_uid=f"person_reach_{signal is post_save}_{model.__name__}")
    post_delete.connect(_forget_person, sender=Person, dispatch_uid="person_reach_person")
    post_delete.connect(_forget_user, sender=get_user_model(), dispatch_uid="person_reach_user")
