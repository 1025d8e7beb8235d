"""POST /api/v1/households answers the same for a BSN the caller may not know about as
for a new BSN (issue 10, point 8); someone who may see that person is told."""

import re

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Person, PossibleMatch

from .test_writes import child, counts, household_body, invalid, parent

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_outsider_gets_the_same_answer_for_a_known_and_a_fresh_bsn(cast, api_as):
    api = api_as("olga")
    known = api.post("/api/v1/households",
                     household_body(parent(bsn=cast.mother.bsn), child(gezag_holders=[0])))
    fresh = api.post("/api/v1/households",
                     household_body(parent(bsn="100000034"), child(gezag_holders=[0])))
    assert known.status_code == fresh.status_code == 201, known.content
    assert UUID.sub("ID", known["Location"]) == UUID.sub("ID", fresh["Location"]) == \
        "/api/v1/households/ID"
    assert UUID.sub("ID", known.content.decode()) == UUID.sub("ID", fresh.content.decode())
    for secret in ("Sanne", "Jansen", "Lindelaan", cast.mother.bsn):
        assert secret not in known.content.decode()

    eva = Person.objects.get(pk=next(m["person"] for m in known.json()["members"]
                                     if m["name"] == "Eva Kok"))
    assert eva.bsn is None
    match = PossibleMatch.objects.get()
    assert (match.new_person, match.existing_person) == (eva, cast.mother)
    assert str(match.household_id) == known.json()["id"]
    record = AccessLogRecord.objects.get(event_code="person.possible_match")
    assert record.channel == "api" and record.username == "olga"
    for values in AccessLogRecord.objects.values():
        assert cast.mother.bsn not in str(values)


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert"])
def test_someone_who_may_see_the_person_is_told(cast, api_as, username):
    before = counts()
    response = api_as(username).post("/api/v1/households",
                                     household_body(parent(bsn=cast.father.bsn)))
    reason = invalid(response, "members.0.bsn")
    assert "al een persoon met dit BSN" in reason and "u mag die persoon zien" in reason
    assert counts() == before
    assert not PossibleMatch.objects.exists()
