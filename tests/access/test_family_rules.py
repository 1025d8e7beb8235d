"""Property: whose own words a family member reads (access/family_rules.py), in Python
and in SQL alike, against an oracle written from DOMAIN.md: the member themselves; a
parent with current gezag while the member is under 16; nobody else (a parent whose
gezag ended or has not started, another adult, a brother or sister)."""

from datetime import timedelta

from django.utils import timezone
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from netwerkdossier.access.family_rules import acts_for, may_read_words, words_q
from netwerkdossier.access.models import Consent
from netwerkdossier.households.models import Gezag, Person
from tests.access.ages import born_around

READERS = ("self", "parent_with_gezag", "parent_gezag_ended", "parent_gezag_later",
           "adult_without_gezag", "sibling")


def oracle(reader: str, age: int) -> bool:
    return reader == "self" or (reader == "parent_with_gezag" and age < 16)


class WhoseWords(TestCase):
    @settings(max_examples=120, deadline=None)
    @given(age=st.integers(0, 19), days=st.integers(-3, 3), reader=st.sampled_from(READERS))
    def test_python_and_sql_follow_the_age_and_gezag_rule(self, age, days, reader):
        assume(age > 0 or days <= 0)  # nobody is born in the future
        today = timezone.localdate()
        birth, real_age = born_around(age, days)
        author = Person.objects.create(given_names="K", family_name="X", birth_date=birth)
        adult = today - timedelta(days=40 * 365)
        people = {r: Person.objects.create(given_names=r, family_name="X", birth_date=adult)
                  for r in READERS[1:]}
        people["self"] = author
        Gezag.objects.create(holder=people["parent_with_gezag"], child=author,
                             valid_from=birth)
        Gezag.objects.create(holder=people["parent_gezag_ended"], child=author,
                             valid_from=birth - timedelta(days=10),
                             valid_to=today - timedelta(days=1))
        Gezag.objects.create(holder=people["parent_gezag_later"], child=author,
                             valid_from=today + timedelta(days=1))
        # The sibling shares the parent, which gives no right to the author's words.
        Gezag.objects.create(holder=people["parent_with_gezag"], child=people["sibling"],
                             valid_from=adult)
        Consent.objects.create(person=author, scope="delen_netwerk", decision="given",
                               given_by=author)
        viewer = people[reader]
        expected = oracle(reader, real_age)
        assert may_read_words(viewer.pk, author) is expected
        in_sql = Consent.objects.filter(words_q(viewer.pk, author="given_by"),
                                        given_by=author).exists()
        assert in_sql is expected
        # The persons a member acts for in the portal come from the same facts.
        assert (author in acts_for(viewer)) is expected


def test_nobody_reads_words_without_a_person(db):
    assert not Consent.objects.filter(words_q(None, author="given_by")).exists()
    assert may_read_words(None, None) is False
