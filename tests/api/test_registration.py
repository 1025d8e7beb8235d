"""/api/v1 keeping a registration right (issue 13, point 4): the same service and rules
as the web pages (tests/web/test_registration_edit.py), answered as JSON; problem+json
for bad input with nothing saved; the logged 404 for everyone who may not edit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Gezag, HouseholdMember, RegistrationChange

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
COURT = {"kind": "beschikking", "reference": "C/12/345678",
         "date": (TODAY - timedelta(days=5)).isoformat()}


def base(cast):
    return f"/api/v1/households/{cast.household.pk}"


def fathers_gezag(cast):
    return Gezag.objects.get(holder=cast.father, child=cast.noor)


def test_gezag_changed_and_listed_with_its_old_value(cast, api_as):
    api = api_as("lotte")
    gezag = fathers_gezag(cast)
    response = api.post(f"{base(cast)}/gezag/{gezag.pk}/changes", {
        "kind": "ouderlijk", "valid_from": gezag.valid_from.isoformat(), "valid_to": None,
        "source": COURT, "reason": "Gezag hersteld.", "version": 1})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["what"], body["version"], body["source_kind"]) == (
        "gezag_changed", 2, "beschikking")
    assert body["before"]["valid_to"] == gezag.valid_to.isoformat()
    assert body["after"]["valid_to"] is None and body["changed_by"] == "Lotte Visser"
    listed = api_as("gert").get(f"{base(cast)}/registration-changes")
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == [body["id"]]
    detail = api.get(base(cast)).json()
    noor = next(c for c in detail["gezag"] if c["child"] == str(cast.noor.pk))
    marks = [g for g in noor["gezag"] if g["holder"] == str(cast.father.pk)]
    assert marks[0]["current"] and marks[0]["source"].startswith(
        "Beschikking van de rechter, zaaknummer C/12/345678")


def test_bad_input_is_a_problem_and_saves_nothing(cast, api_as):
    api = api_as("lotte")
    gezag = fathers_gezag(cast)
    url = f"{base(cast)}/gezag/{gezag.pk}/changes"
    body = {"kind": "ouderlijk", "valid_from": gezag.valid_from.isoformat(),
            "valid_to": None, "source": COURT, "reason": "Gezag hersteld."}
    problem = assert_problem(api.post(url, {**body, "source": {}}), 422)
    assert {"name": "source_kind", "reason": "Kies de bron van deze wijziging."} in \
        problem["invalid_params"]
    assert_problem(api.post(url, {**body, "valid_to": "0001-01-01"}), 422)
    assert_problem(api.post(url, {**body, "reason": "nul\u0000"}), 422)
    assert_problem(api.post(url, {**body, "version": 7}), 422)
    assert_problem(api.post(url, {**body, "extra": 1}), 422)
    # An id that is no id is an unknown gezag of a household she may edit: the logged 404.
    assert_problem(api.post(f"{base(cast)}/gezag/abc/changes", body), 404)
    gezag.refresh_from_db()
    assert gezag.valid_to is not None and not RegistrationChange.objects.exists()


def test_member_added_ended_and_address_changed(cast, api_as):
    api = api_as("ruben")
    added = api.post(f"{base(cast)}/members", {
        "given_names": "Bram", "family_name": "Jansen",
        "birth_date": (TODAY - timedelta(days=300)).isoformat(), "relation": "child",
        "lives_in": True, "valid_from": TODAY.isoformat(),
        "source": {"kind": "brp", "date": TODAY.isoformat()}, "reason": "Geboren."})
    assert added.status_code == 201, added.content
    member = HouseholdMember.objects.get(household=cast.household, person=cast.father)
    ended = api.post(f"{base(cast)}/members/{member.pk}/changes", {
        "relation": "parent", "lives_in": False,
        "valid_to": (TODAY - timedelta(days=1)).isoformat(),
        "source": {"kind": "verklaring", "by": "Sanne Jansen", "date": TODAY.isoformat()},
        "reason": "Vader woont in het buitenland."})
    assert ended.status_code == 201 and ended.json()["what"] == "member_ended"
    moved = api.post(f"{base(cast)}/address-changes", {
        "street": "Berkenhof 3", "postcode": "1742cd", "municipality": "Noorderveld",
        "source": {"kind": "brp", "date": TODAY.isoformat()}, "reason": "Verhuisd."})
    assert moved.status_code == 201 and moved.json()["after"]["postcode"] == "1742CD"


@pytest.mark.parametrize("username", ["olga", "gert"])
def test_who_may_not_edit_gets_the_logged_404(cast, api_as, username):
    gezag = fathers_gezag(cast)
    response = api_as(username).post(f"{base(cast)}/gezag/{gezag.pk}/changes", {
        "kind": "ouderlijk", "valid_from": gezag.valid_from.isoformat(), "source": COURT,
        "reason": "Gezag hersteld."})
    assert_refused_404(response, cast.household.pk, username=username)
    assert not RegistrationChange.objects.exists()


def test_an_outsider_cannot_read_the_history(cast, api_as):
    response = api_as("olga").get(f"{base(cast)}/registration-changes")
    assert_refused_404(response, cast.household.pk)
    refused = AccessLogRecord.objects.filter(event_code="api.registration.history.read")
    assert refused.get().result == "refused"
