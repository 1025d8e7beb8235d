"""Property: effective consent follows the age rules, in Python and in SQL alike.

An independent oracle written from DOMAIN.md decides each generated case: under 12 a
parent with current gezag; 12-15 the child and such a parent; 16 and older the young
person alone. Consent by an adult whose gezag ended, or who never had it, never counts.
"""

from datetime import timedelta

from django.utils import timezone
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from netwerkdossier.access.consent import effective_consent_sql, has_effective_consent
from netwerkdossier.access.models import Consent
from netwerkdossier.households.models import Gezag, Person
from tests.access.ages import born_around

GIVERS = ("self", "parent_with_gezag", "parent_gezag_ended", "adult_without_gezag")
decision_st = st.tuples(st.sampled_from(GIVERS), st.sampled_from(["given", "refused",
                                                                  "withdrawn"]),
                        st.booleans())  # is_current


def oracle(age: int, decisions) -> bool:
    current_given = {g for g, d, current in decisions if current and d == "given"}
    own = "self" in current_given
    parent = "parent_with_gezag" in current_given
    if age < 12:
        return parent
    if age < 16:
        return own and parent
    return own


class EffectiveConsent(TestCase):
    @settings(max_examples=150, deadline=None)
    @given(age=st.integers(0, 19), days=st.integers(-3, 3),
           decisions=st.lists(decision_st, max_size=5))
    def test_age_rules(self, age, days, decisions):
        assume(age > 0 or days <= 0)  # nobody is born in the future
        today = timezone.localdate()
        birth, real_age = born_around(age, days)
        child = Person.objects.create(given_names="K", family_name="X", birth_date=birth)
        adults = {g: Person.objects.create(given_names=g, family_name="X",
                                           birth_date=today - timedelta(days=40 * 365))
                  for g in GIVERS[1:]}
        Gezag.objects.create(holder=adults["parent_with_gezag"], child=child,
                             valid_from=birth)
        Gezag.objects.create(holder=adults["parent_gezag_ended"], child=child,
                             valid_from=birth - timedelta(days=10),
                             valid_to=today - timedelta(days=1))
        kept = []
        for giver, decision, current in decisions:
            given_by = child if giver == "self" else adults[giver]
            if current:
                Consent.objects.filter(person=child, scope="delen_netwerk",
                                       given_by=given_by, is_current=True).update(
                    is_current=False)
                kept = [k for k in kept if k[0] != giver]
            Consent.objects.create(person=child, scope="delen_netwerk", decision=decision,
                                   given_by=given_by, is_current=current)
            kept.append((giver, decision, current))
        expected = oracle(real_age, kept)
        assert has_effective_consent(child, "delen_netwerk") is expected
        in_sql = Person.objects.filter(pk=child.pk).filter(effective_consent_sql(
            "delen_netwerk", person_ref="pk", birth_field="birth_date")).exists()
        assert in_sql is expected
