"""Family accounts never reach the professional UI or the professional API (issue 10,
point 6): not with a portal session, not with a Django session or password of their
own, not with an API token found in the database."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

FAMILY = ("sanne", "mark", "daan", "lieke")
PARAM = re.compile(r"<(?:\w+:)?\w+>")
# What the family's professional pages and API answers hold that no login page does.
HOUSEHOLD_DATA = ("Lindelaan", "1741 AB", "111222333", "100000009", "Zorgen om veiligheid")


def professional_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("portaal/", "api/")) or route in ("inloggen", "uitloggen",
                                                              "healthz"):
            continue
        if isinstance(pattern, URLResolver):
            yield from professional_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _urls(cast):
    ids = [cast.household.pk, cast.entries["report"].pk, cast.mother.pk, cast.case.pk]
    routes = sorted(set(professional_routes()))
    # Guard against a vacuous pass: the pages the brief names must be walked.
    for known in ("", "zoeken", "huishoudens/<uuid:pk>", "huishoudens/nieuw",
                  "aantekeningen/<uuid:pk>"):
        assert known in routes, known
    for route in routes:
        if PARAM.search(route):
            for pk in ids:
                yield "/" + PARAM.sub(str(pk), route)
        else:
            yield "/" + route


def _assert_no_professional_page(response, url):
    html = response.content.decode(errors="replace")
    for secret in HOUSEHOLD_DATA:
        assert secret not in html, (url, secret)
    if response.status_code == 302:
        assert response["Location"].startswith("/inloggen"), (url, response["Location"])
    else:
        # POST-only routes refuse the method before anything else; nothing is shown.
        assert response.status_code in (404, 405), (url, response.status_code)


@pytest.mark.parametrize("username", FAMILY)
def test_portal_session_opens_no_professional_page(cast, portal_login, username):
    client = portal_login(username)
    assert client.get("/portaal/").status_code == 200  # really logged in to the portal
    for url in _urls(cast):
        _assert_no_professional_page(client.get(url), url)
        if "huishoudens/" in url or "aantekeningen/" in url:
            response = client.post(url, {"text": "Poging", "kind": "note"})
            _assert_no_professional_page(response, url)


def test_a_family_session_of_the_professional_login_is_anonymous(cast, client):
    # As if a family account had got a professional session (an old session, a bug in
    # a login path): every request finds no user, so every page asks to log in.
    client.force_login(cast.family_users["mark"])
    for url in ("/", "/zoeken?q=Jansen", f"/huishoudens/{cast.household.pk}",
                f"/aantekeningen/{cast.entries['report'].pk}", "/huishoudens/nieuw"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen")


def test_a_family_account_with_a_password_cannot_use_the_professional_login(cast, client):
    mark = cast.family_users["mark"]
    mark.set_password(DEMO_PASSWORD)  # e.g. set by mistake in the admin shell
    mark.save()
    response = client.post("/inloggen", {"username": "mark", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    assert client.get("/")["Location"].startswith("/inloggen")


@pytest.mark.parametrize("username", FAMILY)
def test_createtoken_refuses_a_family_account(cast, username):
    with pytest.raises(CommandError, match="is een gezinslid"):
        call_command("createtoken", username, "--scope", "read")
    assert not ApiToken.objects.filter(user=cast.family_users[username]).exists()


@pytest.mark.parametrize("username", FAMILY)
def test_a_stored_family_token_gets_401(cast, username):
    # Inserted by hand (as an old createtoken did for the father without gezag).
    token = ApiToken.issue(cast.family_users[username])
    api = Client()
    for path in (f"/api/v1/households/{cast.household.pk}",
                 f"/api/v1/persons/{cast.noor.pk}",
                 f"/api/v1/cases/{cast.case.pk}/lifecycle",
                 "/api/v1/households", f"/api/v1/entries/{cast.entries['report'].pk}"):
        response = api.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401, (path, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
        body = response.content.decode()
        for secret in HOUSEHOLD_DATA:
            assert secret not in body, (path, secret)
    # The same answer as for a token that does not exist.
    bad = api.get(f"/api/v1/households/{cast.household.pk}",
                  HTTP_AUTHORIZATION="Bearer nd_bestaatniet")
    good = api.get(f"/api/v1/households/{cast.household.pk}",
                   HTTP_AUTHORIZATION=f"Bearer {token}")
    assert good.json() == bad.json()


def test_a_professional_token_still_works(cast):
    token = ApiToken.issue(cast.users["lotte"])
    response = Client().get(f"/api/v1/households/{cast.household.pk}",
                            HTTP_AUTHORIZATION=f"Bearer {token}",
                            HTTP_X_PURPOSE="hulpverlening")  # Lotte has two purposes
    assert response.status_code == 200
