"""Emergency access asked from search (decision 0037): offered for an exact identifying
query that showed nothing, for every such query alike; the person is looked up only after
a reason from the list, a free-text reason, a purpose and a fresh code."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerkdossier.access.break_glass_search import identifying_query, reasons
from netwerkdossier.access.models import BreakGlass
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Person
from netwerkdossier.synthetic.personas import add_family_logins
from netwerkdossier.synthetic.sign_in import next_app_code

from .test_case_table_minimal_picture import open_seat

pytestmark = pytest.mark.django_db

URL = reverse("web:break_glass_search")
TEXT = "Moeder belt in paniek, het team is niet bereikbaar en de politie staat voor de deur."
OFFER = "Noodsituatie?"


def same_page(html: str, query: str) -> str:
    """The page without its query and its CSRF tokens."""
    html = re.sub(r'(csrfmiddlewaretoken" value=|CSRFToken": )"[^"]+"', "", html)
    return html.replace(query, "X")


def search(client, q):
    return client.get(reverse("web:search") + "?" + urlencode({"q": q}))


def by_name_and_birth(person) -> str:
    return f"{person.given_names} {person.family_name} {person.birth_date:%d-%m-%Y}"


def request_data(client, q, **extra):
    from netwerkdossier.accounts.models import User

    user = User.objects.get(pk=client.session["_auth_user_id"])
    return {"q": q, "reason_key": "acuut_gevaar", "reason": TEXT, "purpose": "hulpverlening",
            "code": next_app_code(user), "understood": "on", **extra}


def counts():
    return BreakGlass.objects.count(), AccessLogRecord.objects.filter(
        event_code="break_glass.start").count()


@pytest.mark.parametrize("query", ["111222333", "Sanne Jansen {birth}", "{birth} jansen sanne"])
def test_outsider_is_offered_emergency_access_for_an_exact_query(login, cast, query):
    query = query.format(birth=f"{cast.mother.birth_date:%d-%m-%Y}")
    html = search(login("olga"), query).content.decode()
    assert "Geen personen gevonden die u mag zien." in html
    assert OFFER in html and URL in html


@pytest.mark.parametrize("query", ["Jansen", "Sanne", "12-03-1987", "123456789", "San Jan"])
def test_no_offer_for_a_query_that_identifies_no_one(login, cast, query):
    assert OFFER not in search(login("olga"), query).content.decode()


def test_the_offer_does_not_tell_whether_the_person_exists(login, cast):
    """A query for someone nobody knows gets the same offer as one for Sanne."""
    client = login("olga")
    known = search(client, "111222333").content.decode()
    unknown = search(client, "999999990").content.decode()  # valid 11-proef, no person
    assert not Person.objects.filter(bsn="999999990").exists()
    assert same_page(known, "111222333") == same_page(unknown, "999999990")
    form_known = client.get(URL + "?q=111222333").content.decode()
    form_unknown = client.get(URL + "?q=999999990").content.decode()
    assert same_page(form_known, "111222333") == same_page(form_unknown, "999999990")
    for secret in ("Jansen", "Lindelaan", "Noorderveld"):
        assert secret not in form_known


def test_no_offer_for_people_one_already_reaches(login, cast):
    html = search(login("lotte"), by_name_and_birth(cast.mother)).content.decode()
    assert "Sanne" in html and OFFER not in html
    html = search(login("gert"), "111222333").content.decode()
    assert OFFER not in html


def test_outsider_gets_access_only_after_reason_and_fresh_code(login, cast):
    client = login("olga")
    q = by_name_and_birth(cast.mother)
    before = counts()
    # No code, a wrong code, no reason from the list: nothing starts, nothing is looked up.
    for extra in ({"code": ""}, {"code": "000000"}, {"reason_key": ""}):
        response = client.post(URL, request_data(client, q, **extra))
        assert response.status_code == 200
        assert counts() == before
        TOTPDevice.objects.get(user=cast.users["olga"]).throttle_reset()
    assert client.get(reverse("web:household", args=[cast.household.pk])).status_code == 404

    response = client.post(URL, request_data(client, q))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:household", args=[cast.household.pk])
    glass = BreakGlass.objects.get()
    assert (glass.user, glass.household) == (cast.users["olga"], cast.household)
    label = next(r["label"] for r in reasons() if r["key"] == "acuut_gevaar")
    assert glass.reason.startswith(label) and TEXT in glass.reason
    record = AccessLogRecord.objects.get(event_code="break_glass.start")
    assert (record.action, record.break_glass, record.result) == ("E", True, "granted")
    assert record.object_ids == [str(cast.household.pk)]
    # The query (a name, a birth date, a BSN) is never written to the log.
    for record in AccessLogRecord.objects.all():
        assert cast.mother.birth_date.strftime("%d-%m-%Y") not in str(record.object_ids)
    html = client.get(reverse("web:household", args=[cast.household.pk])).content.decode()
    assert "Gezin Jansen" in html and "U gebruikt noodtoegang tot" in html

    # The privacy officer finds it in the review queue, with the chosen reason.
    queue = login("priya").get(reverse("web:break_glass_queue")).content.decode()
    assert "Olga Smit" in queue and escape(label) in queue


def test_a_request_that_matches_no_one_is_a_logged_404(login, cast):
    client = login("olga")
    response = client.post(URL, request_data(client, "999999990"))
    assert response.status_code == 404
    assert not BreakGlass.objects.exists()
    record = AccessLogRecord.objects.get(event_code="break_glass.start")
    assert (record.result, record.rule, record.break_glass, record.action) == (
        "refused", "not_found", True, "E")
    assert "999999990" not in str(record.object_ids)


def test_a_case_table_seat_cannot_widen_to_emergency_access(login, cast):
    open_seat(cast, username="olga")
    client = login("olga")
    response = client.post(URL, request_data(client, "111222333"))
    assert response.status_code == 200
    assert "casustafel" in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_a_family_member_cannot(client, cast):
    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    assert client.get(URL + "?q=111222333").status_code == 302
    assert client.post(URL, {"q": "111222333"}).status_code == 302
    assert not BreakGlass.objects.exists()


def test_a_role_without_content_gets_the_logged_404(login, cast):
    client = login("priya", purpose=None)
    assert client.get(URL + "?q=111222333").status_code == 404
    record = AccessLogRecord.objects.get(event_code="break_glass.start")
    assert (record.result, record.rule) == ("refused", "no_content_role")


def test_bad_input_gives_dutch_messages_and_saves_nothing(login, cast):
    client = login("olga")
    before = counts()
    response = client.post(URL, {"q": "111222333"})
    html = response.content.decode()
    assert response.status_code == 200
    for message in ("Kies de reden van de noodtoegang.", "minstens 20 tekens",
                    "Kies waarvoor u de gegevens nodig hebt.",
                    "Vul de code uit uw authenticator-app in.", "Vink aan dat u begrijpt"):
        assert message in html, message
    response = client.post(URL, request_data(client, "Jansen", reason_key="onbekend"))
    html = response.content.decode()
    assert "Zoek eerst op BSN, of op naam en geboortedatum samen." in html
    assert "Selecteer een geldige keuze" in html or "geldige keuze" in html
    assert counts() == before


def test_nothing_is_preselected(login, cast):
    html = login("olga").get(URL + "?q=111222333").content.decode()
    assert " checked" not in html
    assert '<option value="" selected>' in html


def test_identifying_query_needs_a_whole_family_name(cast):
    born = f"{cast.mother.birth_date:%d-%m-%Y}"

    def found(query):
        return list(Person.objects.filter(identifying_query(query)))

    assert found(f"Sanne Jansen {born}") == [cast.mother]
    assert found(f"San Jansen {born}") == [cast.mother]  # the start of the given names
    assert found(f"Sanne Jans {born}") == []  # not the whole family name
    assert found(f"San Jan {born}") == []
    assert identifying_query(f"Jansen {born}") is None  # one name word
    assert identifying_query("123456782") is not None
    assert identifying_query("123456789") is None  # fails the 11-proef
