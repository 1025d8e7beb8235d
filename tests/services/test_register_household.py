"""Registering households: bad input gives a Dutch error and saves nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Gezag, Household, HouseholdMember, Person
from netwerkdossier.households.services import NewMember, register_household

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in
                 (Household, Person, HouseholdMember, Gezag, AccessLogRecord))


def parent(**kw):
    return NewMember(relation="parent", given_names="Eva", family_name="Kok",
                     birth_date=date(1988, 3, 4), **kw)


def child(**kw):
    defaults = {"given_names": "Bo", "family_name": "Kok", "birth_date": date(2016, 5, 6)}
    return NewMember(relation="child", **{**defaults, **kw})


def register(ctx, members):
    return register_household(ctx, name="Gezin Kok", municipality="Noorderveld",
                              members=members)


def test_registers_household_members_and_gezag(cast, ctx_of):
    household = register(ctx_of("lotte"), [parent(),
                                           child(gezag_holders=[0])])
    assert household.members.count() == 2
    gezag = Gezag.objects.get(child__given_names="Bo")
    assert gezag.holder.given_names == "Eva"
    record = AccessLogRecord.objects.get(event_code="household.create")
    assert record.action == "C" and str(household.pk) in record.object_ids
    assert len(record.subject_ids) == 2


@pytest.mark.parametrize("member,field,message", [
    (parent(bsn="123456789"), "members.0.bsn", "elfproef"),
    (NewMember(relation="parent", given_names="Eva", family_name="Kok",
               birth_date=date.today() + timedelta(days=3)), "members.0.birth_date",
     "toekomst"),
    (parent(bsn="111222333"), "members.0.bsn", "al een persoon met dit BSN"),
])
def test_bad_person_input_saves_nothing(cast, ctx_of, member, field, message):
    before = counts()
    with pytest.raises(ValidationError) as info:
        register(ctx_of("lotte"), [member, child()])
    assert any(message in m for m in info.value.message_dict[field])
    assert counts() == before


def test_child_cannot_live_in_two_households_at_once(cast, ctx_of):
    before = counts()
    with pytest.raises(ValidationError) as info:
        register(ctx_of("lotte"), [parent(), NewMember(relation="child",
                                                        existing_person=cast.noor)])
    assert "woont in deze periode al in een ander huishouden" in \
        info.value.message_dict["members.1.lives_in"][0]
    assert counts() == before


def test_child_may_be_member_of_second_household_without_living_there(cast, ctx_of):
    household = register(ctx_of("lotte"), [
        parent(), NewMember(relation="child", existing_person=cast.noor, lives_in=False)])
    assert household.members.filter(person=cast.noor, lives_in=False).exists()


def test_same_bsn_twice_in_one_form(cast, ctx_of):
    with pytest.raises(ValidationError) as info:
        register(ctx_of("lotte"), [parent(bsn="100000034"), child(bsn="100000034")])
    assert "twee keer" in info.value.message_dict["members.1.bsn"][0]


def test_gezag_only_by_an_adult_in_the_form(cast, ctx_of):
    with pytest.raises(ValidationError) as info:
        register(ctx_of("lotte"), [parent(), child(gezag_holders=[1])])
    assert "members.1.gezag_holders" in info.value.message_dict


def test_privacy_officer_cannot_register(cast, ctx_of):
    before = counts()
    with pytest.raises(ValidationError, match="uw rol"):
        register(ctx_of("priya"), [parent(), child()])
    assert counts() == before


def test_a_bsn_taken_concurrently_answers_as_the_check_would_have(cast, ctx_of,
                                                                   monkeypatch):
    # Another registration stores the BSN between the check and the save: the unique
    # index catches it, and the answer still depends only on what the registrar may see.
    from netwerkdossier.households import services
    from netwerkdossier.households.models import PossibleMatch

    monkeypatch.setattr(services, "_bsn_matches", lambda ctx, members, errors: {})
    household = register(ctx_of("olga"), [parent(bsn=cast.mother.bsn)])
    eva = household.members.get().person
    assert eva.bsn is None
    assert PossibleMatch.objects.get().existing_person == cast.mother
    before = counts()
    with pytest.raises(ValidationError) as info:
        register(ctx_of("lotte"), [parent(bsn=cast.mother.bsn)])
    assert "u mag die persoon zien" in info.value.message_dict["members.0.bsn"][0]
    assert counts() == before
