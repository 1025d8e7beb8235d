"""Another family's ids in portal URLs: 404 and a refused access-log record."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.portal.auth import set_credential
from netwerkdossier.portal.models import CorrectionRequest, OwnStatement
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
SECRET = "OTHERFAMILYDEMOSECRETAAAAAAAAAAA"


@pytest.fixture
def other_family_client(cast, client):
    """A parent of another household (Gezin Peters) logged in to the portal."""
    import pyotp

    household = Household.objects.create(
        name="Gezin Peters", municipality="Zuiderhaven", region=cast.skeleton.region,
        owner_organisation=cast.skeleton.wijkteams["Zuiderhaven"])
    person = Person.objects.create(given_names="Eva", family_name="Peters",
                                   birth_date=timezone.localdate() - timedelta(days=35 * 365))
    HouseholdMember.objects.create(household=household, person=person, relation="parent",
                                   valid_from=timezone.localdate() - timedelta(days=100))
    user = User.objects.create(username="eva", kind="gezinslid", person=person)
    set_credential(user, DEMO_PASSWORD, SECRET)
    client.post("/portaal/inloggen", {"username": "eva", "password": DEMO_PASSWORD})
    client.post("/portaal/inloggen/code", {"code": pyotp.TOTP(SECRET).now()})
    assert client.get("/portaal/").status_code == 200
    return client


def _assert_refused(response, object_id):
    assert response.status_code == 404
    record = AccessLogRecord.objects.latest("pk")
    assert record.result == "refused" and str(object_id) in record.object_ids


def test_other_familys_entry_ids_are_refused_and_logged(cast, other_family_client):
    client = other_family_client
    entry = cast.entries["conversation"]
    _assert_refused(client.get(f"/portaal/aantekeningen/{entry.pk}"), entry.pk)
    _assert_refused(client.post(f"/portaal/aantekeningen/{entry.pk}/verklaring",
                                {"text": "Ingebroken"}), entry.pk)
    assert AccessLogRecord.objects.latest("pk").action == "R"
    _assert_refused(client.post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                                {"kind": "vernietiging", "reason": "weg"}), entry.pk)
    assert not OwnStatement.objects.exists() and not CorrectionRequest.objects.exists()


def test_other_family_sees_nothing_of_the_jansens_anywhere(cast, other_family_client):
    client = other_family_client
    from netwerkdossier.synthetic import analysis_demo

    analysis_demo.build(cast)
    for url in ("/portaal/", "/portaal/aantekeningen", "/portaal/besluiten", "/portaal/analyse",
                "/portaal/wie-keek", "/portaal/mijn-gegevens.json"):
        html = client.get(url).content.decode()
        assert "Jansen" not in html and "Lotte" not in html, url


def test_unknown_id_is_a_logged_404_too(cast, portal_login):
    import uuid

    missing = uuid.uuid4()
    _assert_refused(portal_login("sanne").get(f"/portaal/aantekeningen/{missing}"), missing)


def test_family_member_cannot_open_the_staff_queue_or_a_request(cast, portal_login):
    entry = cast.entries["conversation"]
    client = portal_login("sanne")
    client.post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                {"kind": "correctie", "reason": "klopt niet"})
    request = CorrectionRequest.objects.get()
    # The professional side sees no logged-in user: login page, no data.
    assert client.get("/correctieverzoeken")["Location"].startswith("/inloggen")
    assert client.get(f"/correctieverzoeken/{request.pk}")["Location"].startswith(
        "/inloggen")


def test_outsider_professional_cannot_decide_a_request(cast, portal_login, login):
    entry = cast.entries["conversation"]
    portal_login("sanne").post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                               {"kind": "correctie", "reason": "klopt niet"})
    request = CorrectionRequest.objects.get()
    olga = login("olga")
    assert "Gezin Jansen" not in olga.get("/correctieverzoeken").content.decode()
    response = olga.post(f"/correctieverzoeken/{request.pk}",
                         {"decision": "grant", "reason": "x", "new_text": "y"})
    _assert_refused(response, request.pk)
    assert AccessLogRecord.objects.latest("pk").action == "U"
    request.refresh_from_db()
    assert request.status == "open"


def test_refusals_in_the_portal_use_the_portal_page(cast, other_family_client):
    html = other_family_client.get(
        f"/portaal/aantekeningen/{cast.entries['conversation'].pk}").content.decode()
    assert "Gezinsportaal" in html and 'href="/portaal/"' in html
    assert "Noodtoegang" not in html and "werkvoorraad" not in html
