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

from netwerkdossier.households.models import Household, HouseholdMember

from . import relation_rules
from .models import PersonReach

PERSON_RELATIONS = tuple(r.name for r in relation_rules.RELATIONS if r.reaches_persons)
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
    """The first instant of a local calendar day: a period of days runs from the start of
    its first day until the end of its last, as relation_rules.Days reads it."""
    return timezone.make_aware(datetime.combine(day, time.min),
                               timezone.get_default_timezone())


def _day_period(valid_from, valid_to):
    if valid_to is None or valid_to >= LATEST.date() - timedelta(days=1):
        return _day_start(valid_from), LATEST
    return _day_start(valid_from), _day_start(valid_to + timedelta(days=1))


def _instants(start, end) -> tuple:
    """A relation's period (relation_rules.periods) as two instants."""
    if start is None:
        return EARLIEST, LATEST
    if isinstance(start, datetime):
        return start, end
    return _day_period(start, end)


def _grants(household_ids) -> list[tuple]:
    """(household, user, relation, starts_at, ends_at) for PERSON_RELATIONS."""
    return [(household, user, relation.name, *_instants(start, end))
            for relation in relation_rules.RELATIONS if relation.reaches_persons
            for household, user, start, end in relation_rules.periods(relation, household_ids)]


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

def _refresher(path: str):
    """A signal handler that refreshes the household an instance leads to by `path`
    (a lookup ending in the household id). Beyond the first step it queries by id, so it
    also works while a cascade deletes the rows on the way."""
    first, _sep, rest = path.partition("__")

    def handler(sender, instance, **kwargs):
        if not rest:
            refresh([getattr(instance, first)])
            return
        target = sender._meta.get_field(first).related_model
        refresh(target.objects.filter(pk=getattr(instance, f"{first}_id"))
                .values_list(rest, flat=True))
    return handler


def _forget_person(sender, instance, **kwargs):
    PersonReach.objects.filter(person_id=instance.pk).delete()


def _forget_user(sender, instance, **kwargs):
    PersonReach.objects.filter(user_id=instance.pk).delete()


def connect_signals():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from netwerkdossier.households.models import Person

    # The rows depend on the memberships, the households themselves, and every model on
    # the way from a person-reaching relation's rows to their household.
    handlers = [(HouseholdMember, _refresher("household_id")), (Household, _refresher("pk"))]
    handlers += [(model, _refresher(path)) for model, path in relation_rules.household_paths(
        r for r in relation_rules.RELATIONS if r.reaches_persons)]
    for model, handler in handlers:
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, weak=False,
                           dispatch_uid=f"person_reach_{signal is post_save}_{model.__name__}")
    post_delete.connect(_forget_person, sender=Person, dispatch_uid="person_reach_person")
    post_delete.connect(_forget_user, sender=get_user_model(), dispatch_uid="person_reach_user")
