"""Signing in with a second factor in a real browser (issue 11, point 1): a first
sign-in sets up an app and shows recovery codes; a later one asks for the code. axe on
each page."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from netwerkdossier.synthetic.personas import DEMO_PASSWORD

from .conftest import choose_purpose, enter_app_code, follow
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def password(page, base, username):
    page.goto(f"{base}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_first_sign_in_sets_up_an_app_then_the_code_is_asked(page, live_server, live_cast):
    base = live_server.url
    TOTPDevice.objects.filter(user=live_cast.users["olga"]).delete()
    password(page, base, "olga")
    page.wait_for_url(f"{base}/inloggen/app-instellen**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Authenticator-app instellen")
    assert_accessible(page, "app instellen")
    key = page.locator("#sleutel").inner_text().replace(" ", "")
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="App koppelen").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
    assert_accessible(page, "app instellen met fout")
    TOTPDevice.objects.filter(user=live_cast.users["olga"]).update(throttling_failure_count=0,
                                                                    throttling_failure_timestamp=None)
    # What an authenticator app shows for the key on the screen.
    from base64 import b32decode

    page.get_by_label("Code", exact=True).fill(f"{TOTP(b32decode(key)).token():06d}")
    page.get_by_role("button", name="App koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    expect(page.locator(".nd-codes li")).to_have_count(10)
    assert_accessible(page, "herstelcodes")
    follow(page.get_by_role("link", name="Ik heb de codes bewaard, verder"))
    if "/doel" in page.url:
        choose_purpose(page, "Hulpverlening")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkvoorraad")

    # Signing in again: the code page, with the focus in the code field.
    page.context.clear_cookies()
    password(page, base, "olga")
    page.wait_for_url(f"{base}/inloggen/code**")
    expect(page.get_by_label("Code", exact=True)).to_be_focused()
    assert_accessible(page, "code invullen")
    enter_app_code(page, "olga")
    page.wait_for_url(lambda url: "/inloggen" not in url)
