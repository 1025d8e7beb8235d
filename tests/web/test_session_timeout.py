"""Signed-in sessions end after 30 minutes without activity and 10 hours after sign-in,
for professionals and family members (issue 11, point 1)."""

import time

import pytest
from django.conf import settings

from netwerkdossier.web.session_timeout import SEEN, STARTED

pytestmark = pytest.mark.django_db


def _age(client, *, seen_ago=0.0, started_ago=0.0):
    session = client.session
    now = time.time()
    session[SEEN] = now - seen_ago
    session[STARTED] = now - started_ago
    session.save()


def test_an_active_session_keeps_working(login):
    client = login("lotte")
    assert client.get("/").status_code == 200
    _age(client, seen_ago=settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert client.get("/").status_code == 200


def test_idle_professional_session_ends_with_a_dutch_reason(login):
    client = login("lotte")
    client.get("/")
    _age(client, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/inloggen?verlopen=1"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "U bent uitgelogd omdat u een tijd niets deed" in page


def test_a_working_day_ends_however_active(login):
    client = login("lotte")
    client.get("/")
    _age(client, started_ago=settings.SESSION_ABSOLUTE_HOURS * 3600 + 1)
    assert client.get("/").url == "/inloggen?verlopen=1"


def test_htmx_requests_are_sent_to_the_login_page(login):
    client = login("lotte")
    client.get("/")
    _age(client, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = client.get("/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/inloggen?verlopen=1"


def test_idle_family_session_ends_at_the_portal_login(client, cast):
    from netwerkdossier.portal.auth import SESSION_USER
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(cast)
    session = client.session
    session[SESSION_USER] = cast.family_users["sanne"].pk
    session.save()
    assert client.get("/portaal/").status_code == 200
    _age(client, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = client.get("/portaal/")
    assert response.url == "/portaal/inloggen?verlopen=1"
    assert SESSION_USER not in client.session
    assert "U bent uitgelogd" in client.get(response.url).content.decode()
