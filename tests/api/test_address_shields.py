"""/api/v1 address shields (issue 10, point 7): set and end by a team-type relation,
problem+json for bad input, a logged 404 for anyone else; the household answer a family
account could get leaves out a shielded address."""

import pytest

from netwerkdossier.access.api import context_for
from netwerkdossier.api import serializers
from netwerkdossier.api.households import household_detail
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import AddressShield
from netwerkdossier.households.shields import set_shield

from .conftest import assert_problem, assert_refused_404

pytestmark = pytest.mark.django_db

REASON = "Nieuw adres na huiselijk geweld."


def url(cast):
    return f"/api/v1/households/{cast.household.pk}/address-shields"


def test_team_member_sets_lists_and_ends_a_shield(cast, api_as):
    api = api_as("lotte")
    response = api.post(url(cast), {"shielded_from": str(cast.father.pk), "reason": REASON})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["shielded_from_name"] == "Mark de Boer" and body["active"] is True
    assert body["reason"] == REASON and body["set_by"] == "Lotte Visser"
    listed = api.get(url(cast)).json()
    assert [s["id"] for s in listed] == [body["id"]]

    response = api_as("ruben").post(f"/api/v1/address-shields/{body['id']}/end",
                                    {"reason": "Vader is verhuisd."})
    assert response.status_code == 200, response.content
    ended = response.json()
    assert ended["active"] is False and ended["ended_by"] == "Ruben Bakker"
    assert ended["reason"] == REASON  # history kept
    again = api.post(f"/api/v1/address-shields/{body['id']}/end", {"reason": "Nogmaals."})
    assert "al beëindigd" in str(assert_problem(again, 422))
    assert len(api.get(url(cast)).json()) == 1
    codes = set(AccessLogRecord.objects.values_list("event_code", flat=True))
    assert {"address_shield.set", "address_shield.end", "api.address_shield.read"} <= codes


def test_ending_with_a_stale_etag_is_412(cast, api_as):
    api = api_as("lotte")
    shield = api.post(url(cast), {"shielded_from": str(cast.father.pk), "reason": REASON}).json()
    assert shield["etag"] == f'"{shield["id"]}.open"'
    end = f"/api/v1/address-shields/{shield['id']}/end"
    # Ruben ends it first; Lotte still has the ETag she read.
    first = api_as("ruben").post(end, {"reason": "Vader is verhuisd."},
                                 HTTP_IF_MATCH=shield["etag"])
    assert first.status_code == 200 and first["ETag"] == f'"{shield["id"]}.beeindigd"'
    stale = api.post(end, {"reason": "Ook."}, HTTP_IF_MATCH=shield["etag"])
    assert_problem(stale, 412)
    assert stale["ETag"] == first["ETag"]
    assert AccessLogRecord.objects.filter(event_code="address_shield.end").count() == 1


def test_reason_and_person_are_required(cast, api_as):
    api = api_as("lotte")
    body = assert_problem(api.post(url(cast), {"shielded_from": str(cast.father.pk)}), 422)
    assert {"name": "reason", "reason": "Schrijf op waarom het adres wordt afgeschermd."} \
        in body["invalid_params"]
    body = assert_problem(api.post(url(cast), {"shielded_from": str(cast.daan.pk),
                                               "reason": REASON}), 422)
    assert body["invalid_params"][0]["reason"] == "Deze persoon woont zelf op dit adres."
    assert_problem(api.post(url(cast), {"reason": REASON, "address": "x"}), 422)
    assert not AddressShield.objects.exists()


def test_outsider_gets_a_logged_404(cast, api_as):
    api = api_as("olga")
    assert_refused_404(api.post(url(cast), {"shielded_from": str(cast.father.pk),
                                            "reason": REASON}), cast.household.pk)
    assert_refused_404(api.get(url(cast)), cast.household.pk)
    shield = set_shield(context_for(cast.users["lotte"]), cast.household, cast.father.pk,
                        REASON, rule="team")
    assert_refused_404(api.post(f"/api/v1/address-shields/{shield.pk}/end",
                                {"reason": "Weg."}), shield.pk)
    shield.refresh_from_db()
    assert shield.ended_at is None


def test_household_answer_for_a_family_account_leaves_out_a_shielded_address(cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    logins = add_family_logins(cast)
    household = cast.household
    father = context_for(logins["mark"], channel="api")
    data, _persons = household_detail(father, household)
    assert (data["street"], data["postcode"]) == ("Lindelaan 12", "1741 AB")  # before

    set_shield(context_for(cast.users["lotte"]), household, cast.father.pk, REASON,
               rule="team")
    for ctx, hidden in ((context_for(logins["mark"], channel="api"), True),
                        (context_for(logins["sanne"], channel="api"), False),
                        (context_for(cast.users["lotte"], channel="api"), False)):
        data, _persons = household_detail(ctx, household)
        summary = serializers.household_summary(ctx, household)
        if hidden:
            assert (data["street"], data["postcode"], data["municipality"]) == ("", "", "")
            assert summary["municipality"] == ""
        else:
            assert (data["street"], data["postcode"]) == ("Lindelaan 12", "1741 AB")
            assert summary["municipality"] == "Noorderveld"


def test_reading_the_shields_is_logged_about_the_residents_only(cast, api_as):
    # The father is still a member of the household but lives elsewhere: the one the
    # address is shielded from is not named, so the read stays out of his "Wie keek er?".
    set_shield(context_for(cast.users["lotte"]), cast.household, cast.father.pk, REASON,
               rule="team")
    assert api_as("lotte").get(url(cast)).status_code == 200
    record = AccessLogRecord.objects.get(event_code="api.address_shield.read")
    assert record.object_type == "address_shield" and record.rule == "team"
    assert record.object_ids == [str(AddressShield.objects.get().pk)]
    assert set(record.subject_ids) == {str(p.pk) for p in (cast.mother, cast.noor, cast.daan,
                                                          cast.lieke)}
