import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from netwerkdossier.accounts.models import User
from netwerkdossier.accounts.tokens import ApiToken

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createtoken_prints_only_a_working_token(cast):
    output = run("createtoken", "lotte", "--scope", "read")
    token = output.strip()
    assert output == token + "\n" and token.startswith("nd_") and " " not in token
    assert ApiToken.user_for(token) == cast.users["lotte"]
    response = Client().get("/api/v1/households", HTTP_AUTHORIZATION=f"Bearer {token}",
                            HTTP_X_PURPOSE="hulpverlening")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    # only the hash is stored
    assert not ApiToken.objects.filter(digest=token).exists()


def test_createtoken_unknown_user_fails_in_dutch(cast):
    with pytest.raises(CommandError, match="bestaat niet"):
        run("createtoken", "niemand", "--scope", "read")
    assert ApiToken.objects.count() == 0


def test_createtoken_inactive_user_fails(cast):
    User.objects.filter(username="olga").update(is_active=False)
    with pytest.raises(CommandError, match="niet actief"):
        run("createtoken", "olga", "--scope", "read")


def test_users_json_lists_the_cast(cast):
    rows = json.loads(run("users", "--json"))
    by_name = {r["username"]: r for r in rows}
    assert set(by_name) >= {"lotte", "ruben", "gert", "olga", "tamara", "priya"}
    assert by_name["tamara"]["role"] == "teammanager"
    assert by_name["priya"]["role"] == "privacy_officer"
    assert by_name["ruben"]["role"] == "professional"
    assert by_name["lotte"]["organisation"] == cast.household.owner_organisation.name
    assert by_name["lotte"]["organisation"] != by_name["olga"]["organisation"]
    assert all(set(r) == {"username", "organisation", "role", "active"} for r in rows)
    assert by_name["lotte"]["active"] is True


def test_family_member_has_role_gezinslid(cast):
    User.objects.create_user("sanne", kind=User.Kind.GEZINSLID, person=cast.mother)
    rows = {r["username"]: r for r in json.loads(run("users", "--json"))}
    assert rows["sanne"] == {"username": "sanne", "active": True, "organisation": None,
                             "role": "gezinslid"}


def test_users_prints_no_personal_data(cast):
    User.objects.create_user("sanne", kind=User.Kind.GEZINSLID, person=cast.mother)
    text = run("users")
    assert text.splitlines()[0].split() == ["GEBRUIKER", "ORGANISATIE", "ROL", "ACTIEF"]
    assert any(line.startswith("lotte ") for line in text.splitlines())
    as_json = run("users", "--json")
    for private in (cast.mother.bsn, "Jansen", "Visser", "@example.org"):
        assert private not in text
        assert private not in as_json
