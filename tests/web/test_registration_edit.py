"""Keeping a registration right (issue 13, point 4): members, gezag and the address
changed with an explicit source and a reason, each change kept with its old values.

Who may: the team-type relations whose organisation writes the registration (the owner
organisation, or one doing the safety work: wijkteam, RVT, Veilig Thuis, GI). GGZ,
police and the Raad in the team, a case-table seat, emergency access and outsiders get
the logged 404. The history is read by every team-type relation and by emergency access.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import (
    AddressShield,
    Gezag,
    HouseholdMember,
    Person,
    RegistrationChange,
)
from netwerkdossier.households.shields import set_shield

from .test_address_shield import emergency, police_in_team, seat

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
COURT = {"source_kind": "beschikking", "source_reference": "C/12/345678 / FA RK 26-101",
         "source_date": (TODAY - timedelta(days=10)).isoformat(),
         "reason": "De rechtbank heeft het gezamenlijk gezag hersteld."}


def fathers_gezag(cast):
    return Gezag.objects.get(holder=cast.father, child=cast.noor)


def gezag_url(cast, gezag):
    return reverse("web:registration_gezag_change", args=[cast.household.pk, gezag.pk])


def gezag_body(gezag, **changes):
    body = {"kind": gezag.kind, "valid_from": gezag.valid_from.isoformat(),
            "valid_to": gezag.valid_to.isoformat() if gezag.valid_to else "", **COURT}
    body.update(changes)
    return body


def member_url(cast, person):
    member = HouseholdMember.objects.get(household=cast.household, person=person)
    return reverse("web:registration_member_change", args=[cast.household.pk, member.pk])


def urls(cast):
    pk = cast.household.pk
    return [reverse("web:registration_member_add", args=[pk]),
            member_url(cast, cast.noor),
            reverse("web:registration_gezag_add", args=[pk]),
            gezag_url(cast, fathers_gezag(cast)),
            reverse("web:registration_address_change", args=[pk])]


def test_lotte_changes_marks_gezag_with_a_court_decision(cast, login):
    client = login("lotte")
    gezag = fathers_gezag(cast)
    old_end = gezag.valid_to
    form = client.get(gezag_url(cast, gezag)).content.decode()
    assert "Beschikking van de rechter" in form and "Verklaring van een persoon" in form
    assert "checked" not in form  # no source is preselected
    response = client.post(gezag_url(cast, gezag), gezag_body(gezag, valid_to=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    gezag.refresh_from_db()
    assert gezag.valid_to is None and gezag.is_current()
    assert (gezag.source_kind, gezag.source_reference) == ("beschikking",
                                                          COURT["source_reference"])
    change = RegistrationChange.objects.get()
    assert (change.what, change.version, change.changed_by) == (
        "gezag_changed", 2, cast.users["lotte"])
    assert change.before["valid_to"] == old_end.isoformat() and change.after["valid_to"] is None
    assert change.before["source"] == "Beschikking rechtbank (synthetisch)"
    page = client.get(reverse("web:household", args=[cast.household.pk])).content.decode()
    assert "Beschikking van de rechter, zaaknummer C/12/345678" in page
    assert (TODAY - timedelta(days=10)).strftime("%d-%m-%Y") in page
    assert f"onderdeel=gezag:{gezag.pk}" in page
    history = client.get(reverse("web:registration_history", args=[cast.household.pk])
                         + f"?onderdeel=gezag:{gezag.pk}").content.decode()
    assert old_end.strftime("%d-%m-%Y") in history  # the old value stays readable
    assert COURT["reason"] in history and "Lotte Visser" in history
    written = AccessLogRecord.objects.get(event_code="registration.gezag_changed")
    assert written.action == "C" and written.result == "granted"
    assert {str(cast.noor.pk), str(cast.father.pk)} <= set(written.subject_ids)


def test_a_source_must_be_chosen_and_complete(cast, login):
    client = login("lotte")
    gezag = fathers_gezag(cast)
    for changes, message in (
            ({"source_kind": ""}, "Kies de bron van deze wijziging."),
            ({"source_reference": ""}, "Vul het zaaknummer of kenmerk van de beschikking in."),
            ({"source_kind": "verklaring", "source_by": ""}, "Vul in van wie de verklaring is."),
            ({"source_date": ""}, "Vul de datum van de bron in."),
            ({"source_kind": "onzin"}, "Kies de bron van deze wijziging."),
            ({"reason": "  "}, "Schrijf op waarom u dit wijzigt.")):
        response = client.post(gezag_url(cast, gezag), gezag_body(gezag, valid_to="",
                                                                  **changes))
        assert response.status_code == 400, changes
        assert message in response.content.decode(), changes
    gezag.refresh_from_db()
    assert gezag.valid_to is not None
    assert not RegistrationChange.objects.exists()
    assert not AccessLogRecord.objects.filter(event_code="registration.gezag_changed",
                                              result="granted").exists()


@pytest.mark.parametrize("changes,message", [
    ({"valid_to": "0001-01-01"}, "Vul een datum tussen 1900 en 2100 in."),
    ({"source_date": "0001-01-01"}, "Vul een datum tussen 1900 en 2100 in."),
    ({"source_date": "2999-01-01"}, "Vul een datum tussen 1900 en 2100 in."),
    ({"source_date": (TODAY + timedelta(days=3)).isoformat()}, "niet in de toekomst"),
    ({"valid_to": "1950-01-01"}, "De einddatum ligt vóór de begindatum."),
    ({"valid_to": "morgen"}, "Vul een geldige datum in"),
    ({"reason": "Nul\x00byte"}, "Null"),
    ({"kind": "koning"}, "Selecteer een geldige keuze"),
])
def test_bad_input_is_a_dutch_message_and_saves_nothing(cast, login, changes, message):
    client = login("lotte")
    gezag = fathers_gezag(cast)
    before = (gezag.kind, gezag.valid_from, gezag.valid_to)
    response = client.post(gezag_url(cast, gezag), gezag_body(gezag, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    gezag.refresh_from_db()
    assert (gezag.kind, gezag.valid_from, gezag.valid_to) == before
    assert not RegistrationChange.objects.exists()


def test_a_stale_form_is_refused(cast, login):
    client = login("lotte")
    gezag = fathers_gezag(cast)
    assert client.post(gezag_url(cast, gezag), gezag_body(gezag, valid_to="", version="1")) \
        .status_code == 302
    gezag.refresh_from_db()
    stale = client.post(gezag_url(cast, gezag), gezag_body(
        gezag, valid_to=(TODAY - timedelta(days=1)).isoformat(), version="1"))
    assert stale.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert RegistrationChange.objects.count() == 1


@pytest.mark.parametrize("username", ["lotte", "ruben", "tamara"])
def test_the_registrar_and_the_team_may_edit(cast, login, username):
    client = login(username)
    for url in urls(cast):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("web:household", args=[cast.household.pk])).content.decode()
    assert "Gezinslid toevoegen" in page and "Gezag wijzigen" in page


@pytest.mark.parametrize("who", ["olga", "gert", "piet", "seat", "emergency"])
def test_others_get_a_logged_404_and_change_nothing(cast, login, who):
    username = who
    if who == "piet":
        police_in_team(cast)
    elif who == "seat":
        seat(cast)
        username = "olga"
    elif who == "emergency":
        emergency(cast)
        username = "olga"
    client = login(username, purpose=None if who == "piet" else "hulpverlening")
    for url in urls(cast):
        assert client.get(url).status_code == 404, url
    gezag = fathers_gezag(cast)
    assert client.post(gezag_url(cast, gezag), gezag_body(gezag, valid_to="")) \
        .status_code == 404
    gezag.refresh_from_db()
    assert gezag.valid_to is not None and not RegistrationChange.objects.exists()
    refused = AccessLogRecord.objects.filter(event_code="registration.gezag_changed",
                                             result="refused").order_by("id").last()
    assert refused.username == cast.users[username].username
    if who in ("olga", "gert", "piet", "seat", "emergency"):
        page = client.get(reverse("web:household", args=[cast.household.pk]))
        assert "Gezag wijzigen" not in page.content.decode()


def test_a_family_member_cannot_edit(cast, client):
    from netwerkdossier.accounts.models import User

    account = User.objects.create(username="fam-sanne", kind=User.Kind.GEZINSLID,
                                  person=cast.mother)
    client.force_login(account)
    gezag = fathers_gezag(cast)
    response = client.post(gezag_url(cast, gezag), gezag_body(gezag, valid_to=""))
    assert response.status_code in (302, 403, 404)
    gezag.refresh_from_db()
    assert gezag.valid_to is not None and not RegistrationChange.objects.exists()


@pytest.mark.parametrize("who,status", [("lotte", 200), ("gert", 200), ("emergency", 200),
                                        ("seat", 404), ("olga", 404)])
def test_who_reads_the_history(cast, login, who, status):
    url = reverse("web:registration_history", args=[cast.household.pk])
    username = who
    if who == "seat":
        seat(cast)
        username = "olga"
    elif who == "emergency":
        emergency(cast)
        username = "olga"
    assert login(username).get(url).status_code == status
    record = AccessLogRecord.objects.filter(event_code="registration.history.read") \
        .order_by("id").last()
    assert record.result == ("granted" if status == 200 else "refused")
    assert record.break_glass is (who == "emergency")


def test_ending_a_membership_keeps_it(cast, login):
    client = login("lotte")
    end = TODAY - timedelta(days=1)
    response = client.post(member_url(cast, cast.father), {
        "relation": "parent", "valid_to": end.isoformat(), "source_kind": "brp",
        "source_date": TODAY.isoformat(), "reason": "Vader staat niet meer ingeschreven."})
    assert response.status_code == 302, response.content.decode()[:3000]
    member = HouseholdMember.objects.get(household=cast.household, person=cast.father)
    assert member.valid_to == end and not member.is_current()
    change = RegistrationChange.objects.get()
    assert change.what == "member_ended" and change.before["valid_to"] is None
    history = client.get(reverse("web:registration_history", args=[cast.household.pk]))
    assert "Lidmaatschap beëindigd: Mark de Boer" in history.content.decode()


def test_a_shielded_person_cannot_be_made_a_resident(cast, login, ctx_of):
    set_shield(ctx_of("lotte"), cast.household, cast.father.pk, "Nieuw adres.", rule="team")
    response = login("lotte").post(member_url(cast, cast.father), {
        "relation": "parent", "lives_in": "on", "source_kind": "verklaring",
        "source_by": "Sanne Jansen", "source_date": TODAY.isoformat(),
        "reason": "Vader zegt dat hij hier woont."})
    assert response.status_code == 400
    assert "afgeschermd voor deze persoon" in response.content.decode()
    assert not HouseholdMember.objects.get(household=cast.household,
                                           person=cast.father).lives_in


def test_adding_a_member_and_gezag(cast, login):
    client = login("lotte")
    response = client.post(reverse("web:registration_member_add", args=[cast.household.pk]), {
        "given_names": "Bram", "family_name": "Jansen",
        "birth_date": (TODAY - timedelta(days=400)).isoformat(), "relation": "child",
        "lives_in": "on", "valid_from": TODAY.isoformat(), "source_kind": "brp",
        "source_date": TODAY.isoformat(), "reason": "Geboren; ingeschreven in de BRP."})
    assert response.status_code == 302, response.content.decode()[:3000]
    bram = Person.objects.get(given_names="Bram")
    url = reverse("web:registration_gezag_add", args=[cast.household.pk])
    body = {"holder": str(cast.mother.pk), "child": str(bram.pk), "kind": "ouderlijk",
            "valid_from": bram.birth_date.isoformat(), "source_kind": "gezagsregister",
            "source_date": TODAY.isoformat(), "reason": "Uittreksel opgevraagd."}
    assert client.post(url, body).status_code == 302
    assert Gezag.objects.get(child=bram).source_label == "Uittreksel uit het gezagsregister"
    again = client.post(url, body)  # the same gezag twice: refused, not duplicated
    assert again.status_code == 400 and "heeft in deze periode al gezag" in \
        again.content.decode()
    assert client.post(url, {**body, "holder": str(bram.pk)}).status_code == 400
    assert Gezag.objects.filter(child=bram).count() == 1
    assert list(RegistrationChange.objects.order_by("changed_at")
                .values_list("what", flat=True)) == ["member_added", "gezag_added"]


def test_an_address_change_never_names_the_person_it_is_shielded_from(cast, login, ctx_of):
    set_shield(ctx_of("lotte"), cast.household, cast.father.pk, "Nieuw adres.", rule="team")
    client = login("lotte")
    response = client.post(
        reverse("web:registration_address_change", args=[cast.household.pk]), {
            "street": "Berkenhof 3", "postcode": "1742 CD", "municipality": "Noorderveld",
            "source_kind": "brp", "source_date": TODAY.isoformat(),
            "reason": "Verhuisd naar een nieuw adres."})
    assert response.status_code == 302, response.content.decode()[:3000]
    cast.household.refresh_from_db()
    assert cast.household.street == "Berkenhof 3"
    assert AddressShield.objects.get().ended_at is None  # the shield stays
    client.get(reverse("web:registration_history", args=[cast.household.pk]))
    for record in AccessLogRecord.objects.filter(event_code__startswith="registration.",
                                                 object_type="registration_change"):
        assert str(cast.father.pk) not in record.subject_ids, record.event_code
        assert "Berkenhof" not in str(record.__dict__)


def test_a_bsn_of_someone_lotte_may_not_see_tells_her_nothing(cast, login, ctx_of):
    from netwerkdossier.households.models import PossibleMatch
    from netwerkdossier.households.services import NewMember, register_household

    hidden = register_household(ctx_of("olga"), name="Gezin Elders", municipality="Zuiderhaven",
                                members=[NewMember(relation="parent", given_names="Els",
                                                   family_name="Elders", bsn="100000046",
                                                   birth_date=TODAY - timedelta(days=12000))])
    client = login("lotte")
    url = reverse("web:registration_member_add", args=[cast.household.pk])
    source = {"source_kind": "verklaring", "source_by": "Sanne Jansen",
              "source_date": TODAY.isoformat(), "reason": "Nieuwe partner woont hier."}
    unseen = client.post(url, {"existing_bsn": "100000046", "relation": "partner",
                               "valid_from": TODAY.isoformat(), **source})
    assert unseen.status_code == 400
    assert "Geen persoon met dit BSN gevonden die u mag zien." in unseen.content.decode()
    response = client.post(url, {"given_names": "Els", "family_name": "Elders",
                                 "birth_date": (TODAY - timedelta(days=12000)).isoformat(),
                                 "bsn": "100000046", "relation": "partner", "lives_in": "on",
                                 "valid_from": TODAY.isoformat(), **source})
    assert response.status_code == 302, response.content.decode()[:3000]
    added = HouseholdMember.objects.get(household=cast.household, relation="partner").person
    assert added.bsn is None  # the BSN stays with the person who has it
    match = PossibleMatch.objects.get()
    assert match.new_person == added and match.household == cast.household
    assert match.existing_person.memberships.get().household == hidden
