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


def has_effective_consent(person, scope: str) -> bool:
    from .models import Consent

    today = timezone.localdate()
    givers = set(Consent.objects.filter(person=person, scope=scope, is_current=True,
                                        decision=Consent.Decision.GIVEN)
                 .values_list("given_by_id", flat=True))
    own = person.pk in givers
    holders = set(Gezag.objects.filter(active_on(), child=person)
                  .values_list("holder_id", flat=True))
    parent = bool(givers & holders)
    age = age_on(person.birth_date, today)
    if age < CHILD_DECIDES_WITH_PARENT_FROM:
        return parent
    if age < CHILD_DECIDES_ALONE_FROM:
        return own and parent
    return own


def who_decides(person) -> str:
    """The Dutch sentence for who decides about this person's consent, by age."""
    from django.utils.translation import gettext as _

    age = age_on(person.birth_date, timezone.localdate())
    if age < CHILD_DECIDES_WITH_PARENT_FROM:
        return _("Onder 12 jaar beslist een ouder of voogd met gezag.")
    if age < CHILD_DECIDES_ALONE_FROM:
        return _("Van 12 tot 16 jaar beslissen het kind en een ouder met gezag samen.")
    return _("Vanaf 16 jaar beslist de jongere zelf.")
