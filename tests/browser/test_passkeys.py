"""Passkeys in a real browser with Chromium's virtual authenticator (issue 11, point 1):
add one from a verified session, then sign in with it instead of a code."""

import pytest
from playwright.sync_api import expect

from netwerkdossier.accounts.passkeys import Passkey
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

from .conftest import choose_purpose
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})
    return cdp


def test_add_a_passkey_and_sign_in_with_it(page, log_in, live_server, live_cast):
    base = live_server.url
    assert "localhost" in base  # a passkey needs a host name, not an IP address
    virtual_authenticator(page)
    log_in("lotte")
    page.get_by_role("link", name="Inlogsleutels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inlogsleutels")
    assert_accessible(page, "inlogsleutels")
    page.get_by_label("Naam van de sleutel").fill("Laptop werk")
    page.get_by_role("button", name="Sleutel toevoegen").click()
    expect(page.get_by_role("cell", name="Laptop werk", exact=True)).to_be_visible()
    assert Passkey.objects.filter(user=live_cast.users["lotte"], name="Laptop werk").exists()

    # Signing in again: the key instead of the code.
    page.context.clear_cookies()
    page.goto(f"{base}/inloggen")
    page.get_by_label("Gebruikersnaam").fill("lotte")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/inloggen/code**")
    assert_accessible(page, "code of sleutel")
    page.get_by_role("button", name="Inloggen met uw sleutel").click()
    page.wait_for_url(lambda url: "/inloggen" not in url)
    if "/doel" in page.url:
        choose_purpose(page, "Hulpverlening")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkvoorraad")
    assert Passkey.objects.get(name="Laptop werk").last_used_at is not None
