"""Destruction on request (Jeugdwet art. 7.3.9): the family asks, a professional of the
owner organisation proposes, the organisation's privacy officer destroys; two people,
a legal hold stops it, the family reads the outcome. Everyone else sees nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.accounts.models import Notification, User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from netwerkdossier.organisations.models import Membership
from netwerkdossier.portal.models import CorrectionRequest, PortalCredential
from netwerkdossier.retention.holds import set_hold
from netwerkdossier.retention.requests import LEGAL_BASIS, approve_destruction

pytestmark = pytest.mark.django_db
PAGE = "/privacy/vernietigingsverzoeken"


@pytest.fixture
def proposed(cast, portal_login, login):
    """Sanne asked to destroy Lotte's conversation entry; Lotte proposed to grant."""
    entry = cast.entries["conversation"]
    portal_login("sanne").post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                               {"kind": "vernietiging", "reason": "Dit klopt niet en moet weg."})
    request = CorrectionRequest.objects.get()
    response = login("lotte").post(f"/correctieverzoeken/{request.pk}", {
        "decision": "grant", "reason": "Wij vernietigen het gesprek zoals u vraagt."})
    assert response.status_code == 302
    request.refresh_from_db()
    return request


def family_again(client, portal_login, username):
    """Log out, then this member (again) within one code's 30 seconds: a code counts
    once per member."""
    client.post("/portaal/uitloggen")
    PortalCredential.objects.filter(user__username=username).update(last_totp_step=0)
    return portal_login(username)


def officer_of(cast, kind: str, username="fg_ander"):
    user = User.objects.create(username=username, first_name="Femke", last_name="Ander")
    Membership.objects.create(user=user, organisation=cast.skeleton.regional[kind],
                              role=Membership.Role.PRIVACY_OFFICER, discipline="privacy",
                              valid_from=timezone.localdate() - timedelta(days=30))
    cast.users[username] = user
    return user


def test_the_proposal_waits_for_the_privacy_officer_and_destroys_nothing_yet(
        cast, proposed, login):
    assert proposed.status == "proposed"
    assert proposed.proposed_by == cast.users["lotte"]
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()
    assert Notification.objects.filter(recipient=cast.users["priya"],
                                       kind="retention.destruction_request").exists()
    page = login("priya").get(PAGE).content.decode()
    assert "Dit klopt niet" not in page  # the family's reason is not the officer's business
    assert "Wij vernietigen het gesprek zoals u vraagt." in page
    assert "Gesprek van" in page and cast.household.name in page
    assert cast.entries["conversation"].text not in page  # never the content


def test_the_officer_confirms_and_the_entry_is_gone_for_everyone(
        cast, proposed, login, portal_login, client):
    entry = cast.entries["conversation"]
    priya = login("priya")
    response = priya.post(PAGE, {"request": proposed.pk, "action": "approve"})
    assert response.status_code == 400
    assert "niet terug te draaien" in response.content.decode()
    assert Entry.objects.filter(pk=entry.pk).exists()
    response = priya.post(PAGE, {"request": proposed.pk, "action": "approve", "confirm": "ja"})
    assert response.status_code == 302
    assert not Entry.objects.filter(root_id=entry.root_id).exists()
    proposed.refresh_from_db()
    assert proposed.status == "granted" and proposed.destroyed_at is not None
    assert proposed.decided_by == cast.users["priya"]
    assert login("lotte").get(f"/aantekeningen/{entry.pk}").status_code == 404
    sanne = family_again(client, portal_login, "sanne")
    page = sanne.get("/portaal/verzoeken").content.decode()
    assert "De aantekening is vernietigd op" in page and "Gesprek van" in page
    assert sanne.get(f"/portaal/aantekeningen/{entry.pk}").status_code == 404
    tomb = AccessLogRecord.objects.get(event_code="retention.destroy", object_type="entry")
    assert tomb.rule == LEGAL_BASIS and tomb.username == "priya" and tomb.action == "D"
    assert str(cast.mother.pk) in tomb.subject_ids


def test_the_one_who_proposed_may_not_also_destroy(cast, proposed):
    CorrectionRequest.objects.filter(pk=proposed.pk).update(proposed_by=cast.users["priya"])
    proposed.refresh_from_db()
    with pytest.raises(ValidationError, match="Een ander moet het besluit nemen"):
        approve_destruction(context_for(cast.users["priya"]), proposed)
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()


def test_a_legal_hold_stops_the_destruction(cast, proposed, login):
    set_hold(context_for(cast.users["priya"]), cast.household, reason="klacht",
             explanation="Klacht nr. 12 loopt.", until=timezone.localdate())
    response = login("priya").post(PAGE, {"request": proposed.pk, "action": "approve",
                                          "confirm": "ja"})
    assert response.status_code == 400
    assert "blokkade" in response.content.decode()
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_sending_back_needs_a_reason_and_reopens_the_request(cast, proposed, login):
    priya = login("priya")
    assert priya.post(PAGE, {"request": proposed.pk, "action": "send_back"}).status_code == 400
    response = priya.post(PAGE, {"request": proposed.pk, "action": "send_back",
                                 "note": "Eerst de Raad vragen."})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == "open" and proposed.proposed_by is None
    assert Notification.objects.filter(recipient=cast.users["lotte"],
                                       text__contains="Eerst de Raad vragen.").exists()
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert", "olga", "tamara"])
def test_no_one_but_the_privacy_officer_sees_or_decides(cast, proposed, login, username):
    client = login(username)
    assert client.get(PAGE).status_code == 404
    response = client.post(PAGE, {"request": proposed.pk, "action": "approve",
                                  "confirm": "ja"})
    assert response.status_code == 404
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()
    assert AccessLogRecord.objects.filter(username=username, result="refused",
                                          event_code="retention.request.list").exists()


def test_another_organisations_privacy_officer_sees_and_destroys_nothing(
        cast, proposed, login):
    officer_of(cast, "politie")
    client = login("fg_ander", purpose="toezicht")
    page = client.get(PAGE).content.decode()
    assert cast.household.name not in page
    response = client.post(PAGE, {"request": proposed.pk, "action": "approve",
                                  "confirm": "ja"})
    assert response.status_code == 400
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()


def test_family_members_never_reach_the_officers_page(cast, proposed, portal_login, client):
    for username in ("sanne", "daan"):
        assert family_again(client, portal_login, username).get(PAGE).status_code == 404
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()


def test_a_child_sees_a_parents_request_only_as_the_family_rule_allows(
        cast, proposed, portal_login, client):
    page = family_again(client, portal_login, "daan").get("/portaal/verzoeken").content.decode()
    assert "Daan" in page
    assert "Dit klopt niet en moet weg." not in page  # his mother's request, not his



@pytest.mark.parametrize("ground", ["belang_ander", "wettelijke_plicht"])
def test_each_refusal_ground_keeps_the_entry_and_tells_the_family_why(
        cast, portal_login, login, client, ground):
    from netwerkdossier.retention.grounds import refusal

    entry = cast.entries["conversation"]
    portal_login("sanne").post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                               {"kind": "vernietiging", "reason": "Weg ermee."})
    request = CorrectionRequest.objects.get()
    response = login("lotte").post(f"/correctieverzoeken/{request.pk}", {
        "decision": "refuse", "reason": "Wij moeten dit bewaren.", "refusal_ground": ground})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused" and request.refusal_ground == ground
    assert Entry.objects.filter(pk=entry.pk).exists()
    page = family_again(client, portal_login, "sanne").get("/portaal/verzoeken")
    assert refusal(ground).family_text in page.content.decode()


def test_a_ground_the_law_does_not_name_is_refused(cast, portal_login, login):
    entry = cast.entries["conversation"]
    portal_login("sanne").post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                               {"kind": "vernietiging", "reason": "Weg ermee."})
    request = CorrectionRequest.objects.get()
    response = login("lotte").post(f"/correctieverzoeken/{request.pk}", {
        "decision": "refuse", "reason": "Liever niet.", "refusal_ground": "geen_zin"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "open"
