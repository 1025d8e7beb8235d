"""The event table cannot hold a name, a BSN or free text, nor an identifier that joins
back to a household: checked from the model's own fields, so a column added later is
checked too."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import Q

from netwerkdossier.access.catalogue import NOT_PERSONAL, kind_for
from netwerkdossier.monitoring import events
from netwerkdossier.monitoring.models import ClosedVocabulary, Event

TEXT_TYPES = (models.TextField, models.JSONField, models.BinaryField, models.FileField)
SMALLEST_BSN = 10_000_000  # a BSN has 9 digits, the first may be 0


def _bounds(condition, name):
    for child in condition.children:
        if isinstance(child, Q):
            yield from _bounds(child, name)
        elif child[0] == f"{name}__lte":
            yield child[1]


def _upper_bound(name) -> float:
    found = [b for c in Event._meta.constraints if isinstance(c, models.CheckConstraint)
             for b in _bounds(c.condition, name)]
    return min(found, default=float("inf"))


def columns():
    return [f for f in Event._meta.concrete_fields if not f.primary_key]


def test_there_are_columns_to_check():
    assert len(columns()) >= 10


@pytest.mark.parametrize("field", columns(), ids=lambda f: f.name)
def test_no_column_can_hold_a_name_bsn_or_free_text(field):
    assert not isinstance(field, TEXT_TYPES), f"{field.name}: free text"
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        # Only reference tables without personal data (region, area, organisation).
        assert kind_for(target) is None and target._meta.label in NOT_PERSONAL, field.name
        return
    if isinstance(field, models.CharField):
        # A code, never typed text: a fixed list of choices or the closed vocabulary.
        assert field.choices or any(isinstance(v, ClosedVocabulary) for v in field.validators), \
            f"{field.name}: text without a closed vocabulary"
        assert field.max_length <= 40, field.name
        return
    if isinstance(field, models.IntegerField):
        # Bounded in the database itself (SQLite would store any integer).
        assert _upper_bound(field.name) < SMALLEST_BSN, f"{field.name} could hold a BSN"
        return
    # What is left: dates, times, booleans and UUIDs (the keyed pseudonyms).
    assert isinstance(field, (models.DateField, models.BooleanField, models.UUIDField)), \
        f"{field.name}: {field.get_internal_type()} not reviewed for monitoring"


@pytest.mark.parametrize("code", ["Sanne Jansen", "111222333", "zorgen om Noor",
                                  "melding; drop table"])
def test_writing_a_code_outside_the_vocabulary_fails(code):
    with pytest.raises(ValueError):
        events.build(Event.Kind.REPORT, on=date(2026, 1, 1), region_id=1, code=code)
    with pytest.raises(ValidationError):
        Event._meta.get_field("code").run_validators(code)


def test_the_vocabulary_holds_the_codes_of_the_rules():
    for code in ("melding", "acuut_onveilig", "verzoek_rechter", "directe_veiligheid",
                 "overdracht", "ots", "gezien", "veilig"):
        assert code in events.VOCABULARY


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["value", "members", "children"])
def test_the_database_refuses_a_bsn_sized_number(cast, column):
    event = events.build(Event.Kind.REPORT, on=date(2026, 1, 1),
                         region_id=cast.household.region_id)
    setattr(event, column, 111222333)
    # SQLite refuses it by the check constraint, PostgreSQL already by the column's type
    # (smallint out of range).
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        event.save()
