"""API tokens with an owner, a scope and an expiry; listed and revoked from the command
line; expired and revoked tokens answer 401, a read token cannot write (issue 11, point 2)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.households.models import Household

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def api(token, method="get", path="/api/v1/households", **extra):
    return getattr(Client(), method)(path, HTTP_AUTHORIZATION=f"Bearer {token}",
                                     HTTP_X_PURPOSE="hulpverlening", **extra)


def test_the_scope_must_be_chosen(cast):
    with pytest.raises(CommandError, match="--scope"):
        run("createtoken", "lotte")
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("days", ["0", "366"])
def test_expiry_is_bounded(cast, days):
    with pytest.raises(CommandError, match="365"):
        run("createtoken", "lotte", "--scope", "read", "--days", days)


def test_a_read_token_reads_but_cannot_write(cast):
    token = run("createtoken", "lotte", "--scope", "read").strip()
    assert api(token).status_code == 200
    before = Household.objects.count()
    response = api(token, "post", content_type="application/json",
                   data={"name": "Gezin Kok", "municipality": "Noorderveld", "members": []})
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert "alleen lezen" in response.json()["detail"]
    assert Household.objects.count() == before


def test_expired_and_revoked_tokens_answer_401(cast):
    expired = run("createtoken", "lotte", "--scope", "write", "--days", "1").strip()
    ApiToken.objects.filter(prefix=expired[:8]).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    response = api(expired)
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM
    assert 'error="invalid_token"' in response["WWW-Authenticate"]

    token = run("createtoken", "lotte", "--scope", "write").strip()
    assert api(token).status_code == 200
    assert "is ingetrokken" in run("tokens", "revoke", token[:8])
    assert api(token).status_code == 401


def test_list_shows_owner_scope_expiry_and_last_use_never_the_secret(cast):
    token = run("createtoken", "lotte", "--scope", "read", "--name", "koppeling VT").strip()
    listed = run("tokens", "list")
    line = next(ln for ln in listed.splitlines() if ln.startswith(token[:8]))
    assert "lotte" in line and "read" in line and "nooit" in line and "koppeling VT" in line
    assert token not in listed
    api(token)
    line = next(ln for ln in run("tokens", "list", "--user", "lotte").splitlines()
                if ln.startswith(token[:8]))
    assert timezone.localdate().isoformat() in line.split("read", 1)[1]  # last use: today
    run("tokens", "revoke", token[:8])
    assert token[:8] not in run("tokens", "list")
    assert "ingetrokken" in run("tokens", "list", "--all")


def test_revoking_an_unknown_prefix_fails_in_dutch(cast):
    with pytest.raises(CommandError, match="Geen geldig token"):
        run("tokens", "revoke", "nd_nope")
