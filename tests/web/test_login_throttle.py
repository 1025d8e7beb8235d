"""Professional sign-in is throttled per account and per address, with the same
counters as the family portal (issue 11, point 1: twelve wrong passwords in a row no
longer all answer 200 and then let the right one in)."""

import pytest
from django.test import Client
from django.urls import reverse

from netwerkdossier.portal import throttle
from netwerkdossier.portal.models import LoginThrottle
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("web:login")


def _try(client, password, username="lotte"):
    return client.post(URL, {"username": username, "password": password})


def test_after_a_few_failures_the_account_must_wait(cast):
    client = Client()
    for _ in range(throttle.SLOW_AFTER - 1):
        assert "klopt niet" in _try(client, "fout").content.decode()
    response = _try(client, "fout")
    assert "Wacht" in response.content.decode()
    # Even the right password waits now: it is not checked during the wait.
    response = _try(client, DEMO_PASSWORD)
    assert response.status_code == 200 and "Wacht" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_many_failures_lock_the_account_from_any_address(cast):
    key = throttle.keys_for("lotte", "")[0]
    LoginThrottle.objects.create(key=key, failures=throttle.LOCK_AFTER - 1)
    _try(Client(REMOTE_ADDR="10.0.0.1"), "fout")
    other_address = Client(REMOTE_ADDR="10.0.0.2")
    response = _try(other_address, DEMO_PASSWORD)
    assert "geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in other_address.session


def test_guessing_from_one_address_blocks_that_address_for_other_accounts(cast):
    client = Client(REMOTE_ADDR="10.0.0.9")
    for username in ("a", "b", "c", "d"):
        _try(client, "fout", username=username)
    response = _try(client, DEMO_PASSWORD, username="ruben")
    assert "Wacht" in response.content.decode()


def test_a_good_login_clears_the_account_counter(cast):
    client = Client()
    _try(client, "fout")
    assert _try(client, DEMO_PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(key=throttle.keys_for("lotte", "")[0]).exists()


def test_portal_failures_count_for_the_same_address(cast):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(throttle.SLOW_AFTER):
        client.post("/portaal/inloggen", {"username": "sanne", "password": "fout"})
    response = _try(client, DEMO_PASSWORD)
    assert "Wacht" in response.content.decode()
