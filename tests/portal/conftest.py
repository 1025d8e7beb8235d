"""Portal fixtures: log a family member in through the real password + TOTP steps."""

import pyotp
import pytest

from netwerkdossier.synthetic.personas import DEMO_PASSWORD, family_totp_secret


def current_code(username: str) -> str:
    return pyotp.TOTP(family_totp_secret(username)).now()


@pytest.fixture
def portal_login(client, cast):
    def as_member(username: str):
        response = client.post("/portaal/inloggen", {"username": username,
                                                     "password": DEMO_PASSWORD})
        assert response.status_code == 302, response.content[:500]
        # Not "already signed in as someone else" (that also answers 302, to the home page).
        assert response["Location"].endswith("/portaal/inloggen/code"), response["Location"]
        response = client.post("/portaal/inloggen/code", {"code": current_code(username)})
        assert response.status_code == 302, response.content[:2000]
        return client

    return as_member


@pytest.fixture
def cast(cast):
    """The shared cast plus the family's portal logins (sanne, mark, daan, lieke)."""
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(cast)
    return cast
