"""Policy makers read no household anywhere: the household page, its timeline export,
search (page, download, API) and the API's household answer the logged 404; the
registration form is refused."""

import pytest
from django.urls import reverse

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.audit.models import AccessLogRecord

POLICY_MAKERS = ["bas", "renske", "nadia"]


def refused(username, event_code=None):
    found = AccessLogRecord.objects.filter(username=username, result="refused")
    if event_code:
        found = found.filter(event_code=event_code)
    return found.exists()


@pytest.mark.parametrize("username", POLICY_MAKERS)
def test_household_page_and_timeline_export(login, cast, policy, username):
    client = login(username, purpose=None)
    household = reverse("web:household", kwargs={"pk": cast.household.pk})
    for path in (household, household + "/tijdlijn?formaat=csv", household + "/tijdlijn"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Jansen" not in response.content.decode()
    assert refused(username)
    assert not AccessLogRecord.objects.filter(username=username, result="granted").exclude(
        event_code__startswith="auth").exists()


@pytest.mark.parametrize("username", POLICY_MAKERS)
def test_search_page_and_download(login, cast, policy, username):
    client = login(username, purpose=None)
    for query in ("?q=Jansen", "?q=Jansen&formaat=xlsx", "?q=111222333"):
        response = client.get(reverse("web:search") + query)
        assert response.status_code == 404
        assert "Jansen" not in response.content.decode("latin-1")
    assert refused(username, "household.search")


@pytest.mark.parametrize("username", POLICY_MAKERS)
def test_api_household_and_search(client, cast, policy, username):
    token = ApiToken.issue(cast.users[username], scope="read")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.get(f"/api/v1/households/{cast.household.pk}", **headers)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    response = client.get("/api/v1/search", {"q": "Jansen"}, **headers)
    assert response.status_code == 404
    assert "Jansen" not in response.content.decode()
    assert refused(username, "household.search")


@pytest.mark.parametrize("username", POLICY_MAKERS)
def test_registration_is_refused(login, cast, policy, username):
    response = login(username, purpose=None).get(reverse("web:register"))
    assert response.status_code == 403


@pytest.mark.parametrize("username", POLICY_MAKERS)
def test_the_start_page_of_a_policy_maker_is_the_figures(login, cast, policy, username):
    """A policy maker has no cases: "/" leads to the monitoring, and the menu offers no
    worklist, search or registration (which would only answer 404). A professional keeps
    them."""
    client = login(username, purpose=None)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:home")
    menu = client.get(reverse("monitoring:home")).content.decode()
    for name in ("web:worklist", "web:search", "web:register"):
        assert f'href="{reverse(name)}"' not in menu, name
    professional = login("lotte").get("/").content.decode()
    assert f'href="{reverse("web:search")}"' in professional
