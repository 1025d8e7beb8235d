"""A second factor for professionals (issue 11, point 1): TOTP from an app, recovery
codes, setting up on the first sign-in, and a fresh code before emergency access."""

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerkdossier.synthetic.personas import DEMO_PASSWORD
from netwerkdossier.synthetic.sign_in import next_app_code

CODE_PAGE = reverse("web:second_factor")
SETUP_PAGE = reverse("web:second_factor_setup")


def password_only(client, username="lotte"):
    response = client.post(reverse("web:login"), {"username": username,
                                                  "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_a_password_alone_opens_no_professional_page(client, cast):
    password_only(client)
    for name, args in (("web:worklist", []), ("web:search", []),
                       ("web:household", [cast.household.pk])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response.url.startswith(f"{CODE_PAGE}?next=")
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vul de code in" in html
    # Between password and code the header offers signing out, no menu or purpose.
    assert "Uitloggen" in html and "Mijn werkvoorraad" not in html and "Doel" not in html


def test_the_right_code_opens_the_pages_and_a_used_one_does_not_work_again(client, cast):
    password_only(client)
    code = next_app_code(cast.users["lotte"])
    wrong = client.post(CODE_PAGE, {"code": "000000" if code != "000000" else "111111",
                                    "next": "/"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet of is al gebruikt" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=cast.users["lotte"])
    device.throttle_reset()  # the wrong code above made the next try wait a second
    right = client.post(CODE_PAGE, {"code": code, "next": reverse("web:search")})
    assert (right.status_code, right.url) == (302, reverse("web:search"))
    # Verified: what follows is the purpose question, no longer the code.
    assert client.get(reverse("web:search")).url.startswith(reverse("web:purpose"))
    # Another session cannot use the same code (no replay within its 30 seconds).
    other = password_only(client.__class__())
    assert other.post(CODE_PAGE, {"code": code, "next": "/"}).status_code == 400


def test_wrong_codes_are_throttled(client, cast):
    password_only(client)
    for _ in range(3):
        client.post(CODE_PAGE, {"code": "12345x", "next": "/"})
    right = client.post(CODE_PAGE, {"code": next_app_code(cast.users["lotte"]), "next": "/"})
    assert right.status_code == 400  # still waiting out the delay
    assert client.get(reverse("web:worklist")).status_code == 302


def test_first_sign_in_sets_up_an_app_and_shows_recovery_codes_once(client, cast):
    user = cast.users["olga"]
    TOTPDevice.objects.filter(user=user).delete()  # never set up
    password_only(client, "olga")
    response = client.get(reverse("web:worklist"))
    assert response.url.startswith(f"{SETUP_PAGE}?next=")
    page = client.get(response.url).content.decode()
    assert "Authenticator-app instellen" in page and "otpauth://totp/" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(SETUP_PAGE, {"code": "000000", "next": "/"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{TOTP(device.bin_key).token():06d}"  # what the newly set-up app shows
    done = client.post(SETUP_PAGE, {"code": code, "next": "/"})
    assert done.status_code == 200
    codes = [t.token for t in StaticToken.objects.filter(device__user=user)]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert TOTPDevice.objects.get(user=user).confirmed
    after = client.get(reverse("web:worklist"))  # verified: at most the purpose question
    assert after.status_code == 200 or after.url.startswith(reverse("web:purpose"))


def test_a_recovery_code_works_once(client, cast):
    from netwerkdossier.web.second_factor import new_recovery_codes

    codes = new_recovery_codes(cast.users["lotte"])
    password_only(client)
    assert client.post(CODE_PAGE, {"code": codes[0], "next": "/"}).status_code == 302
    again = password_only(client.__class__())
    assert again.post(CODE_PAGE, {"code": codes[0], "next": "/"}).status_code == 400


def test_knowing_the_password_is_not_enough_to_set_up_a_new_app(client, cast):
    password_only(client)
    response = client.get(SETUP_PAGE)
    assert response.status_code == 302 and response.url.startswith(CODE_PAGE)
    assert not TOTPDevice.objects.filter(user=cast.users["lotte"], confirmed=False).exists()


def test_next_never_leaves_the_site(client, cast):
    password_only(client)
    response = client.post(CODE_PAGE, {"code": next_app_code(cast.users["lotte"]),
                                       "next": "https://example.org/"})
    assert response.url == reverse("web:worklist")


def test_the_api_and_the_portal_do_not_ask_for_it(client, cast):
    from netwerkdossier.accounts.tokens import ApiToken

    token = ApiToken.issue(cast.users["lotte"])
    response = client.get(f"/api/v1/households/{cast.household.pk}",
                          HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_PURPOSE="hulpverlening")
    assert response.status_code == 200


def test_the_operator_resets_a_lost_app_and_signs_the_user_out(client, cast, capsys):
    from django.core.management import call_command

    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, cast.users["lotte"])
    assert client.get(reverse("web:search")).status_code in (200, 302)
    call_command("secondfactor", "status", "lotte")
    assert "app ingesteld" in capsys.readouterr().out
    call_command("secondfactor", "reset", "lotte")
    assert "1 sessie(s) beëindigd" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=cast.users["lotte"]).exists()
    assert client.get(reverse("web:search")).url.startswith(reverse("web:login"))
    # The next sign-in sets up a new app.
    password_only(client)
    assert client.get(reverse("web:search")).url.startswith(SETUP_PAGE)
