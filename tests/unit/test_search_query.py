from datetime import date

import pytest

from netwerkdossier.households.models import Person
from netwerkdossier.households.search import parse_birth_date, person_query

pytestmark = pytest.mark.django_db


def find(q):
    return set(Person.objects.filter(person_query(q)).values_list("given_names", flat=True))


def test_name_prefixes_match_every_word(cast):
    assert find("jans") == {"Sanne", "Noor", "Daan", "Lieke"}
    assert find("noo jan") == {"Noor"}
    assert find("boer") == {"Mark"}
    assert find("zzz") == set()


def test_bsn_and_birth_date(cast):
    assert find("100000009") == {"Noor"}
    born = cast.daan.birth_date
    assert find(f"{born.day:02d}-{born.month:02d}-{born.year}") == {"Daan"}


def test_accents_and_case_fold(cast):
    Person.objects.create(given_names="Çelik", family_name="Öztürk", birth_date=date(1990, 1, 1))
    assert find("OZTU") == {"Çelik"}


def test_empty_and_invalid_dates():
    assert person_query("   ") is None
    assert parse_birth_date("31-02-2020") is None
