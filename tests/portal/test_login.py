"""Portal login: apart from the professional login, two factors, slowed and locked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.portal import throttle
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

from .conftest import current_code

pytestmark = pytest.mark.django_db


def test_password_then_code_logs_in_and_logs_the_login(cast, client):
    response = client.post("/portaal/inloggen", {"username": "sanne",
                                                 "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/portaal/inloggen/code"
    # Password alone is not enough.
    assert client.get("/portaal/").status_code == 302
    response = client.post("/portaal/inloggen/code", {"code": current_code("sanne")})
    assert response.status_code == 302 and response["Location"] == "/portaal/"
    assert client.get("/portaal/").status_code == 200
    login = AccessLogRecord.objects.get(event_code="portal.login")
    assert login.rule == "login:wachtwoord+totp" and login.channel == "portaal"
    assert str(cast.mother.pk) in login.subject_ids


def test_a_code_cannot_be_used_twice(cast, client):
    code = current_code("sanne")
    client.post("/portaal/inloggen", {"username": "sanne", "password": DEMO_PASSWORD})
    assert client.post("/portaal/inloggen/code", {"code": code}).status_code == 302
    client.post("/portaal/uitloggen")
    client.post("/portaal/inloggen", {"username": "sanne", "password": DEMO_PASSWORD})
    response = client.post("/portaal/inloggen/code", {"code": code})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()


def test_wrong_code_is_refused(cast, client):
    client.post("/portaal/inloggen", {"username": "daan", "password": DEMO_PASSWORD})
    wrong = "000000" if current_code("daan") != "000000" else "111111"
    response = client.post("/portaal/inloggen/code", {"code": wrong})
    assert response.status_code == 200
    assert client.get("/portaal/").status_code == 302


def test_a_professional_account_cannot_log_in_to_the_portal(cast, client):
    response = client.post("/portaal/inloggen", {"username": "lotte",
                                                 "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "De gebruikersnaam, het wachtwoord of de code klopt niet." in \
        response.content.decode()
    # Logged in on the professional side, the portal still wants its own login.
    client.force_login(cast.users["lotte"])
    assert client.get("/portaal/")["Location"].startswith("/portaal/inloggen")


def test_a_family_account_cannot_use_the_professional_ui(cast, client, portal_login):
    response = client.post("/inloggen", {"username": "sanne", "password": DEMO_PASSWORD})
    assert response.status_code == 200  # the professional login form refuses
    assert "_auth_user_id" not in client.session
    portal_login("sanne")
    # With a portal session the professional pages still see nobody logged in.
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen")
    response = client.get(f"/huishoudens/{cast.household.pk}")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen")


def test_a_professional_session_on_a_portal_id_route_is_a_logged_404(cast, client):
    client.force_login(cast.users["lotte"])  # on the team, but not a family member
    entry = cast.entries["conversation"]
    response = client.get(f"/portaal/aantekeningen/{entry.pk}")
    assert response.status_code == 404
    record = AccessLogRecord.objects.latest("pk")
    assert record.result == "refused" and str(entry.pk) in record.object_ids


def test_noor_has_no_login_and_under_12_cannot_log_in(cast, client):
    from netwerkdossier.accounts.models import User
    from netwerkdossier.portal.auth import set_credential

    assert not User.objects.filter(person=cast.noor).exists()
    user = User.objects.create(username="noor", kind="gezinslid", person=cast.noor)
    set_credential(user, DEMO_PASSWORD, "NOORDEMOSECRETAAAAAAAAAAAAAAAAAA")
    response = client.post("/portaal/inloggen", {"username": "noor",
                                                 "password": DEMO_PASSWORD})
    assert response.status_code == 200  # refused at the password step


def test_next_parameter_only_goes_to_portal_pages(cast, client):
    client.post("/portaal/inloggen", {"username": "lieke", "password": DEMO_PASSWORD,
                                      "next": "https://evil.example/"})
    response = client.post("/portaal/inloggen/code", {"code": current_code("lieke")})
    assert response["Location"] == "/portaal/"


# --- slowed and locked ------------------------------------------------------------------

def _fail(client, username="sanne", address="10.0.0.1"):
    return client.post("/portaal/inloggen", {"username": username, "password": "fout"},
                       REMOTE_ADDR=address)


def test_repeated_failures_are_slowed_then_locked_per_account(cast, client, monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    for _ in range(throttle.SLOW_AFTER - 1):
        assert "klopt niet" in _fail(client).content.decode()
    response = _fail(client)
    assert "Wacht 5 seconden" in response.content.decode()
    # Even the right password is refused while waiting, from another address too.
    response = client.post("/portaal/inloggen", {"username": "sanne",
                                                 "password": DEMO_PASSWORD},
                           REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    for _ in range(throttle.LOCK_AFTER - throttle.SLOW_AFTER):
        now += timedelta(minutes=5)  # wait out each slow-down
        _fail(client)
    response = client.post("/portaal/inloggen", {"username": "sanne",
                                                 "password": DEMO_PASSWORD},
                           REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert "Inloggen is geblokkeerd" in response.content.decode()
    now += timedelta(minutes=throttle.LOCK_MINUTES + 1)
    response = client.post("/portaal/inloggen", {"username": "sanne",
                                                 "password": DEMO_PASSWORD},
                           REMOTE_ADDR="10.0.0.4")
    assert response.status_code == 302  # the lock ran out


def test_guessing_many_accounts_from_one_address_is_locked_per_address(cast, client):
    for n in range(throttle.SLOW_AFTER):
        _fail(client, username=f"geraden{n}", address="10.9.9.9")
    response = client.post("/portaal/inloggen", {"username": "daan",
                                                 "password": DEMO_PASSWORD},
                           REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    # Daan himself, from his own address, is not affected.
    response = client.post("/portaal/inloggen", {"username": "daan",
                                                 "password": DEMO_PASSWORD},
                           REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302


def test_wrong_codes_count_as_failures(cast, client):
    client.post("/portaal/inloggen", {"username": "mark", "password": DEMO_PASSWORD})
    wrong = "000000" if current_code("mark") != "000000" else "111111"
    for _ in range(throttle.SLOW_AFTER):
        response = client.post("/portaal/inloggen/code", {"code": wrong})
    assert "Wacht" in response.content.decode()
    response = client.post("/portaal/inloggen/code", {"code": current_code("mark")})
    assert response.status_code == 429


def test_throttle_table_holds_no_usernames_or_addresses(cast, client):
    _fail(client, username="sanne", address="10.0.0.1")
    from netwerkdossier.portal.models import LoginThrottle

    keys = list(LoginThrottle.objects.values_list("key", flat=True))
    assert len(keys) == 2 and not any("sanne" in k or "10.0.0.1" in k for k in keys)
