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

    Three plain queries for the whole household instead of a consent subquery per entry
    subject; the rule is consent_effective(), as in has_effective_consent()."""
    from netwerkdossier.households.models import Person

    from .models import Consent

    today = timezone.localdate()
    born = dict(Person.objects.filter(memberships__household_id=household_id)
                .values_list("pk", "birth_date"))
    givers: dict = {}
    for person_id, scope, giver_id in Consent.objects.filter(
            person_id__in=born, is_current=True, decision=Consent.Decision.GIVEN,
            scope__in=scopes).values_list("person_id", "scope", "given_by_id"):
        givers.setdefault((person_id, scope), set()).add(giver_id)
    holders: dict = {}
    for child_id, holder_id in Gezag.objects.filter(active_on(), child_id__in=born) \
            .values_list("child_id", "holder_id"):
        holders.setdefault(child_id, set()).add(holder_id)
    return {scope: {pk for pk, birth in born.items() if consent_effective(
        age_on(birth, today), pk in givers.get((pk, scope), ()),
        bool(givers.get((pk, scope), set()) & holders.get(pk, set())))}
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
