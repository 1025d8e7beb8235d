"""Setting and ending an address shield on the household page (issue 10, point 7).

Who may: any professional with a team-type relation (team, registrar, team manager),
whatever their organisation kind: police in the team may shield too, since shielding
only ever protects (and is logged). Case-table seats, emergency access and outsiders
cannot (logged 404). A reason is required; ending keeps the history; the access log
records both without the address or the reason.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access.models import BreakGlass, CaseTableParticipant, CaseTableSession
from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.households.models import AddressShield
from netwerkdossier.organisations.models import Membership

pytestmark = pytest.mark.django_db

STREET, POSTCODE = "Lindelaan 12", "1741 AB"
REASON = "Nieuw adres na huiselijk geweld; vader mag het niet weten."


def page_url(cast):
    return reverse("web:address_shield", args=[cast.household.pk])


def end_url(cast, shield):
    return reverse("web:address_shield_end", args=[cast.household.pk, shield.pk])


def police_in_team(cast):
    user = User.objects.create(username="piet", first_name="Piet", last_name="Politie")
    membership = Membership.objects.create(
        user=user, organisation=cast.skeleton.regional["politie"],
        role=Membership.Role.PROFESSIONAL, discipline="politie",
        valid_from=timezone.localdate() - timedelta(days=30))
    TeamAssignment.objects.create(case=cast.case, user=user, role="consultant",
                                  organisation=membership.organisation)
    cast.users["piet"] = user


def seat(cast, username="olga"):
    start = timezone.now() - timedelta(minutes=30)
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++ overleg", starts_at=start,
        ends_at=start + timedelta(hours=2), chair=cast.users["lotte"])
    CaseTableParticipant.objects.create(session=session, user=cast.users[username])


def emergency(cast, username="olga"):
    user = cast.users[username]
    BreakGlass.objects.create(user=user, household=cast.household,
                              organisation=user.memberships.first().organisation,
                              reason="Spoed: melding over onveilige situatie vannacht.",
                              started_at=timezone.now(),
                              expires_at=timezone.now() + timedelta(hours=4))


def post_shield(client, cast, **data):
    body = {"shielded_from": str(cast.father.pk), "reason": REASON, **data}
    return client.post(page_url(cast), body)


def test_team_member_shields_and_the_team_sees_the_notice(cast, login):
    client = login("lotte")
    page = client.get(reverse("web:household", args=[cast.household.pk])).content.decode()
    assert "Adres afschermen" in page and "Adres afgeschermd voor" not in page
    response = post_shield(client, cast)
    assert response.status_code == 302
    shield = AddressShield.objects.get()
    assert (shield.shielded_from, shield.reason, shield.set_by, shield.ended_at) == (
        cast.father, REASON, cast.users["lotte"], None)
    # The team still sees the address, with the notice beside it.
    for username in ("lotte", "ruben", "gert", "tamara"):
        html = login(username).get(
            reverse("web:household", args=[cast.household.pk])).content.decode()
        assert STREET in html, username
        assert "Adres afgeschermd voor Mark de Boer" in html and REASON in html, username


def test_emergency_access_sees_the_notice_too(cast, login):
    post_shield(login("lotte"), cast)
    emergency(cast)
    html = login("olga").get(reverse("web:household", args=[cast.household.pk])) \
        .content.decode()
    assert "Adres afgeschermd voor Mark de Boer" in html
    assert "Adres afschermen" not in html  # no link to the form: it cannot write


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert", "tamara", "piet"])
def test_every_team_type_relation_may_shield(cast, login, username):
    if username == "piet":
        police_in_team(cast)
    # The police work under their one purpose; the others state "hulpverlening".
    client = login(username, purpose=None if username == "piet" else "hulpverlening")
    assert client.get(page_url(cast)).status_code == 200
    assert post_shield(client, cast).status_code == 302
    assert AddressShield.objects.filter(set_by=cast.users[username]).count() == 1


@pytest.mark.parametrize("relation", ["outsider", "case_table", "break_glass"])
def test_others_cannot_shield_and_get_a_logged_404(cast, login, relation):
    if relation == "case_table":
        seat(cast)
    elif relation == "break_glass":
        emergency(cast)
    client = login("olga")
    assert client.get(page_url(cast)).status_code == 404
    assert post_shield(client, cast).status_code == 404
    assert not AddressShield.objects.exists()
    refused = refused_records("address_shield.set")
    assert refused and refused[-1].username == "olga"
    assert str(cast.household.pk) in refused[-1].object_ids


def refused_records(code):
    return list(AccessLogRecord.objects.filter(event_code=code, result="refused")
                .order_by("id"))


def test_outsider_cannot_end_a_shield(cast, login):
    post_shield(login("lotte"), cast)
    shield = AddressShield.objects.get()
    response = login("olga").post(end_url(cast, shield), {"end_reason": "Weg ermee."})
    assert response.status_code == 404
    shield.refresh_from_db()
    assert shield.ended_at is None


def test_a_reason_is_required(cast, login):
    response = post_shield(login("lotte"), cast, reason="   ")
    assert response.status_code == 400
    assert "Schrijf op waarom het adres wordt afgeschermd." in response.content.decode()
    assert not AddressShield.objects.exists()
    assert not AccessLogRecord.objects.filter(event_code="address_shield.set").exists()


def test_only_a_member_who_does_not_live_there_can_be_named(cast, login):
    client = login("lotte")
    response = post_shield(client, cast, shielded_from=str(cast.mother.pk))
    assert response.status_code == 400
    assert "Deze persoon woont zelf op dit adres." in response.content.decode()
    response = post_shield(client, cast, shielded_from="")
    assert "Kies het gezinslid voor wie het adres wordt afgeschermd." in \
        response.content.decode()
    assert not AddressShield.objects.exists()


def test_a_second_shield_for_the_same_person_is_refused(cast, login):
    client = login("lotte")
    post_shield(client, cast)
    response = post_shield(client, cast, reason="Nog een keer.")
    assert response.status_code == 400
    assert "Het adres is al afgeschermd voor Mark de Boer." in response.content.decode()
    assert AddressShield.objects.get().reason == REASON  # nothing overwritten


def test_ending_keeps_the_history(cast, login):
    client = login("lotte")
    post_shield(client, cast)
    shield = AddressShield.objects.get()
    response = client.post(end_url(cast, shield), {"end_reason": ""})
    assert response.status_code == 400
    assert "Schrijf op waarom de afscherming stopt." in response.content.decode()
    response = login("ruben").post(end_url(cast, shield),
                                   {"end_reason": "Vader is verhuisd naar het buitenland."})
    assert response.status_code == 302
    shield.refresh_from_db()
    assert shield.ended_by == cast.users["ruben"] and shield.ended_at is not None
    assert (shield.reason, shield.set_by) == (REASON, cast.users["lotte"])
    assert shield.end_reason == "Vader is verhuisd naar het buitenland."
    household = login("lotte").get(reverse("web:household", args=[cast.household.pk]))
    assert "Adres afgeschermd voor" not in household.content.decode()
    history = client.get(page_url(cast)).content.decode()
    assert "Eerdere afschermingen" in history and REASON in history
    # Ending twice changes nothing.
    again = client.post(end_url(cast, shield), {"end_reason": "Nogmaals."})
    assert again.status_code == 400 and "al beëindigd" in again.content.decode()
    shield.refresh_from_db()
    assert shield.ended_by == cast.users["ruben"]
    # A new shield can be set after the old one ended; the old row stays.
    assert post_shield(client, cast, reason="Opnieuw nodig.").status_code == 302
    assert AddressShield.objects.count() == 2


def test_setting_and_ending_are_logged_without_the_address(cast, login):
    client = login("lotte")
    post_shield(client, cast)
    shield = AddressShield.objects.get()
    client.post(end_url(cast, shield), {"end_reason": "Gezin is weer samen."})
    set_record = AccessLogRecord.objects.get(event_code="address_shield.set")
    end_record = AccessLogRecord.objects.get(event_code="address_shield.end")
    assert (set_record.action, end_record.action) == ("C", "U")
    for record in (set_record, end_record):
        assert record.object_type == "address_shield"
        assert record.object_ids == [str(shield.pk)]
        assert record.username == "lotte" and record.rule == "team"
        # About the residents it protects; not about the person it is shielded from.
        assert str(cast.mother.pk) in record.subject_ids
        assert str(cast.father.pk) not in record.subject_ids
    for record in AccessLogRecord.objects.all():
        values = " ".join(str(getattr(record, f.name)) for f in record._meta.fields)
        assert STREET not in values and POSTCODE not in values
        assert REASON not in values and "Gezin is weer samen" not in values
