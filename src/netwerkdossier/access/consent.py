"""Effective consent by the age rules of DOMAIN.md (Jeugdwet art. 7.3.4 and 7.3.5).

Under 12: a parent (or guardian) with current gezag decides. 12-15: both the child and
a parent with gezag. 16 and older: the young person alone. Written once as SQL (Q on a
row with `person_id` and `person__birth_date`) and once in Python; tests check both.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from netwerkdossier.households.models import Gezag, age_on

from .rules_common import active_on

CHILD_DECIDES_WITH_PARENT_FROM = 12  # art. 7.3.4 Jeugdwet
CHILD_DECIDES_ALONE_FROM = 16  # art. 7.3.5 Jeugdwet


def years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a non-leap year: age_on() agrees on the 28th
        return today.replace(year=today.year - years, day=28)


def effective_consent_sql(scope: str, person_ref: str = "person_id",
                          birth_field: str = "person__birth_date") -> Q:
    from .models import Consent

    today = timezone.localdate()
    given = Consent.objects.filter(person_id=OuterRef(person_ref), scope=scope,
                                   is_current=True, decision=Consent.Decision.GIVEN)
    own = Exists(given.filter(given_by_id=OuterRef(person_ref)))
    parent = Exists(given.filter(active_on("given_by__gezag_held__"),
                                 given_by__gezag_held__child_id=OuterRef(person_ref)))
    cut12 = years_ago(today, CHILD_DECIDES_WITH_PARENT_FROM)
    cut16 = years_ago(today, CHILD_DECIDES_ALONE_FROM)
    return (
        (Q(**{f"{birth_field}__gt": cut12}) & parent)
        | (Q(**{f"{birth_field}__lte": cut12, f"{birth_field}__gt": cut16}) & own & parent)
        | (Q(**{f"{birth_field}__lte": cut16}) & own)
    )


def consent_effective(age: int, own: bool, parent: bool) -> bool:
    """The age rule itself: who must have given consent."""
    if age < CHILD_DECIDES_WITH_PARENT_FROM:
        return parent
    if age < CHILD_DECIDES_ALONE_FROM:
        return own and parent
    return own


def has_effective_consent(person, scope: str) -> bool:
    from .models import Consent

    givers = set(Consent.objects.filter(person=person, scope=scope, is_current=True,
                                        decision=Consent.Decision.GIVEN)
                 .values_list("given_by_id", flat=True))
    holders = set(Gezag.objects.filter(active_on(), child=person)
                  .values_list("holder_id", flat=True))
    return consent_effective(age_on(person.birth_date, timezone.localdate()),
                             person.pk in givers, bool(givers & holders))


def consenting_members(household_id, scopes) -> dict[str, set]:
    """scope -> ids of the household's members whose consent is effective now.
    `household_id` may be a tuple of households (the worklist's): consent is a fact of
    the person, so the union over households says the same for each of them.

    One statement for the whole household (members' birth dates, current consents,
    current gezag) instead of a consent subquery per entry subject; the rule is
    consent_effective(), as in has_effective_consent(). Plain SQL because this runs on
    every household page and the three ORM queries it replaces cost ~3 ms to build."""
    from django.db import connection
    from django.db.models import UUIDField

    from netwerkdossier.array_lookups import in_sql

    from .models import Consent

    scopes = list(scopes)
    ops = connection.ops
    today = timezone.localdate()
    ids = household_id if isinstance(household_id, tuple) else (household_id,)
    prep = UUIDField().get_db_prep_value
    households = [prep(h, connection) for h in ids]
    in_households, household_params = in_sql("household_id", households)
    in_scopes, scope_params = in_sql("c.scope", scopes)
    # The members once (a CTE used three times is computed once); three scans of the
    # member table made PostgreSQL plan parallel workers for ~1 ms of work, and starting
    # them cost ~10 ms.
    sql = f"""
        WITH members AS (SELECT person_id FROM households_householdmember
                          WHERE {in_households})
        SELECT 'p', p.id, p.birth_date, NULL, NULL
          FROM households_person p WHERE p.id IN (SELECT person_id FROM members)
        UNION ALL
        SELECT 'c', c.person_id, NULL, c.scope, c.given_by_id
          FROM access_consent c
         WHERE c.person_id IN (SELECT person_id FROM members)
           AND c.is_current AND c.decision = %s AND {in_scopes}
        UNION ALL
        SELECT 'g', g.child_id, NULL, NULL, g.holder_id
          FROM households_gezag g
         WHERE g.child_id IN (SELECT person_id FROM members)
           AND g.valid_from <= %s AND (g.valid_to IS NULL OR g.valid_to >= %s)
    """  # noqa: S608 - only placeholders are formatted in; values are parameters
    day = ops.adapt_datefield_value(today)
    params = [*household_params, Consent.Decision.GIVEN.value, *scope_params, day, day]
    as_uuid = UUIDField().to_python  # a UUID on PostgreSQL, 32 hex digits on SQLite
    born: dict = {}
    givers: dict = {}
    holders: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for tag, person, birth, scope, other in cursor.fetchall():
            person = as_uuid(person)
            if tag == "p":
                born[person] = birth if isinstance(birth, date) else \
                    date.fromisoformat(str(birth))
            elif tag == "c":
                givers.setdefault((person, scope), set()).add(as_uuid(other))
            else:
                holders.setdefault(person, set()).add(as_uuid(other))
    ages = {pk: age_on(birth, today) for pk, birth in born.items()}  # once, not per scope
    none: set = set()
    return {scope: {pk for pk, age in ages.items() if consent_effective(
        age, pk in givers.get((pk, scope), none),
        bool(givers.get((pk, scope), none) & holders.get(pk, none)))}
        for scope in scopes}


def who_decides(person) -> str:
    """The Dutch sentence for who decides about this person's consent, by age."""
    from django.utils.translation import gettext as _

    age = age_on(person.birth_date, timezone.localdate())
    if age < CHILD_DECIDES_WITH_PARENT_FROM:
        return _("Onder 12 jaar beslist een ouder of voogd met gezag.")
    if age < CHILD_DECIDES_ALONE_FROM:
        return _("Van 12 tot 16 jaar beslissen het kind en een ouder met gezag samen.")
    return _("Vanaf 16 jaar beslist de jongere zelf.")
