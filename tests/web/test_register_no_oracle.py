"""Registering a household answers the same for a BSN the registrar may not know about
as for a new BSN (issue 10, point 8): the new member is stored without that BSN and a
possible match goes to the privacy officer, logged. Someone who may see the person with
that BSN is told, so they can add the existing person instead."""

import re

import pytest
from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Household, Person, PossibleMatch

from .test_register import URL, adult, child, post_data

pytestmark = pytest.mark.django_db

FRESH_BSN = "123456770"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')
EXISTING_DATA = ("Sanne", "Jansen", "Lindelaan", "1741 AB", "111222333", "Mark", "Boer")
KNOWN = "Er is al een persoon met dit BSN in het dossier"


def _register(client, bsn, name):
    return client.post(URL, post_data(adult(bsn=bsn), child(), name=name), follow=True)


ROW_LINK = re.compile(r"(/leden/|/gezag/|=[a-z]+:)\d+")


def _normalised(response) -> str:
    html = CSRF.sub(r"\1CSRF", response.content.decode())
    # Row numbers of the edit links follow the database sequence, not the BSN: the
    # second registration simply gets later ones (the links themselves must match).
    html = ROW_LINK.sub(r"\1N", html)
    return UUID.sub("ID", html)


def test_outsider_gets_the_same_answer_for_a_known_and_a_fresh_bsn(login, cast):
    client = login("olga")
    known = _register(client, cast.mother.bsn, "Gezin De Vries")
    household_known = Household.objects.get(name="Gezin De Vries")
    fresh = _register(client, FRESH_BSN, "Gezin De Vries ")  # stripped to the same name
    household_fresh = Household.objects.exclude(pk=household_known.pk).get(
        name="Gezin De Vries")
    for response, household in ((known, household_known), (fresh, household_fresh)):
        assert response.status_code == 200
        assert response.redirect_chain == [
            (reverse("web:household", args=[household.pk]), 302)]
    # Same page (ids and the form token aside): no message, nothing of the mother.
    assert _normalised(known) == _normalised(fresh)
    html = known.content.decode()
    assert KNOWN not in html
    for secret in EXISTING_DATA:
        assert secret not in html, secret

    # Stored without the BSN; the BSN stays with the mother alone.
    new_eva = household_known.members.get(relation="parent").person
    assert new_eva.bsn is None and new_eva.given_names == "Eva"
    assert Person.objects.filter(bsn=cast.mother.bsn).get() == cast.mother
    assert household_fresh.members.get(relation="parent").person.bsn == FRESH_BSN

    match = PossibleMatch.objects.get()
    assert (match.new_person, match.existing_person, match.household) == \
        (new_eva, cast.mother, household_known)
    assert match.requested_by == cast.users["olga"] and match.status == "open"
    record = AccessLogRecord.objects.get(event_code="person.possible_match")
    assert record.username == "olga" and record.action == "C"
    assert record.object_ids == [str(match.pk)]
    assert set(record.subject_ids) == {str(new_eva.pk), str(cast.mother.pk)}
    # The BSN is in no log record.
    for values in AccessLogRecord.objects.values():
        assert cast.mother.bsn not in str(values)


@pytest.mark.parametrize("username", ["lotte", "gert", "tamara"])
def test_someone_who_may_see_the_person_is_told(login, cast, counts, username):
    before = counts()
    response = login(username).post(URL, post_data(adult(bsn=cast.mother.bsn), child()))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert KNOWN in html and "u mag die persoon zien" in html
    assert 'href="#id_form-0-bsn"' in html
    assert counts() == before
    assert not PossibleMatch.objects.exists()


def test_the_registrar_may_then_add_the_existing_person(login, cast):
    response = login("lotte").post(URL, post_data(
        {"existing_bsn": cast.mother.bsn, "relation": "parent", "lives_in": "on"},
        name="Huishouden Jansen 2"))
    assert response.status_code == 302
    assert Household.objects.get(name="Huishouden Jansen 2").members.get().person == \
        cast.mother
