"""Professionals sign in through their organisation's identity provider (issue 11,
point 1): role mapping, the provider's second factor, refusals in Dutch. Against the
local test provider on 127.0.0.1 (tests/portal/idp.py)."""

import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.accounts import oidc_client
from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Membership
from tests.portal.idp import LocalProvider

pytestmark = pytest.mark.django_db


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def provider(settings, cast):
    noorderveld = cast.skeleton.wijkteams["Noorderveld"]
    with LocalProvider(client_id="nd-web", client_secret="web-geheim") as idp:  # noqa: S106
        settings.PROFESSIONAL_OIDC = {
            "ISSUER": idp.issuer, "CLIENT_ID": idp.client_id,
            "CLIENT_SECRET": idp.client_secret,
            "ROLE_MAP": {
                "nd-noorderveld-professional": {"organisation": str(noorderveld.pk),
                                                "role": "professional",
                                                "discipline": "maatschappelijk_werker"},
                "nd-noorderveld-manager": {"organisation": str(noorderveld.pk),
                                           "role": "teammanager", "discipline": "beleid"},
            }}
        oidc_client._DISCOVERY.clear()
        oidc_client._JWKS.clear()
        yield idp


def says(provider, **claims):
    provider.tamper = lambda base: {**base, **claims}


def sign_in(client, next_url="/"):
    response = client.get(f"{reverse('web:oidc_start')}?next={next_url}")
    assert response.status_code == 302, response.content
    try:
        urllib.request.build_opener(_NoRedirect).open(response["Location"], timeout=5)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        parts = urllib.parse.urlsplit(answer.headers["Location"])
        return client.get(f"{parts.path}?{parts.query}")
    raise AssertionError("the provider did not redirect back")


def memberships(username):
    today = timezone.localdate()
    return {(m.organisation.name, m.role) for m in Membership.objects.filter(
        user__username=username, valid_from__lte=today).exclude(valid_to__lt=today)}


def test_the_login_page_offers_the_organisation_only_when_configured(client, provider, settings):
    assert "Inloggen via uw organisatie" in client.get(reverse("web:login")).content.decode()
    settings.PROFESSIONAL_OIDC = {}
    assert "Inloggen via uw organisatie" not in client.get(reverse("web:login")).content.decode()


def test_a_new_colleague_gets_an_account_and_the_mapped_role(client, provider):
    says(provider, preferred_username="fatima", given_name="Fatima", family_name="El Amrani",
         roles=["nd-noorderveld-professional", "onbekende-rol"], amr=["pwd", "otp"])
    response = sign_in(client, "/zoeken")
    assert (response.status_code, response["Location"]) == (302, "/zoeken")
    user = User.objects.get(username="fatima")
    assert not user.has_usable_password() and user.get_full_name() == "Fatima El Amrani"
    assert memberships("fatima") == {("Wijkteam Noorderveld", "professional")}
    # The provider checked a second factor: no code here; next comes the purpose.
    page = client.get("/zoeken")
    assert page.status_code == 302 and page.url.startswith(reverse("web:purpose"))


def test_without_the_providers_second_factor_the_own_app_is_asked(client, provider):
    says(provider, preferred_username="fatima", roles=["nd-noorderveld-professional"],
         amr=["pwd"])
    sign_in(client)
    page = client.get(reverse("web:worklist"))
    assert page.url.startswith(reverse("web:second_factor_setup"))


def test_the_provider_decides_the_roles_at_every_sign_in(client, provider, cast):
    says(provider, preferred_username="lotte", roles=["nd-noorderveld-manager"], amr=["mfa"])
    sign_in(client)
    assert memberships("lotte") == {("Wijkteam Noorderveld", "teammanager")}
    ended = Membership.objects.get(user=cast.users["lotte"], role="professional")
    assert ended.valid_to == timezone.localdate() - timedelta(days=1)


def test_no_mapped_role_means_no_session(client, provider):
    says(provider, preferred_username="fatima", roles=["iets-anders"], amr=["mfa"])
    response = sign_in(client)
    assert response.status_code == 403
    assert "geen rol in het Netwerkdossier" in response.content.decode()
    assert not User.objects.filter(username="fatima").exists()
    assert client.get(reverse("web:worklist")).url.startswith(reverse("web:login"))


def test_a_family_account_is_never_signed_in_here(client, provider, cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(cast)
    says(provider, preferred_username="sanne", roles=["nd-noorderveld-professional"],
         amr=["mfa"])
    response = sign_in(client)
    assert response.status_code == 403 and "niet actief" in response.content.decode()
    assert not Membership.objects.filter(user__username="sanne").exists()


def test_a_forged_token_is_refused(client, provider):
    says(provider, preferred_username="lotte", roles=["nd-noorderveld-professional"],
         aud="een-andere-client")
    response = sign_in(client)
    assert response.status_code == 400
    assert "Inloggen via het inlogsysteem van uw organisatie is niet gelukt" in \
        response.content.decode()
