"""Passkey pages and endpoints (the browser flow is tests/browser/test_passkeys.py):
only one's own keys, nothing before the password, nothing added before the second
factor, and a bad answer never verifies a session."""

import json

from django.urls import reverse

from netwerkdossier.accounts.passkeys import Passkey
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic.personas import DEMO_PASSWORD


def key(user, name):
    return Passkey.objects.create(user=user, name=name, credential_id=credential_id(name),
                                  public_key=b"not-a-real-key")


def credential_id(name):
    from webauthn.helpers import bytes_to_base64url

    return bytes_to_base64url(name.encode())


def post_json(client, name, body=None):
    return client.post(reverse(name), json.dumps(body or {}), content_type="application/json")


def test_the_page_lists_only_ones_own_keys(login, cast):
    key(cast.users["lotte"], "Lottes telefoon")
    key(cast.users["ruben"], "Rubens sleutel")
    html = login("lotte").get(reverse("web:passkeys")).content.decode()
    assert "Lottes telefoon" in html and "Rubens sleutel" not in html


def test_someone_elses_key_cannot_be_removed(login, cast):
    other = key(cast.users["ruben"], "Rubens sleutel")
    client = login("lotte")
    response = client.post(reverse("web:passkey_remove", args=[other.pk]))
    assert response.status_code == 404 and Passkey.objects.filter(pk=other.pk).exists()
    refused = AccessLogRecord.objects.get(result="refused")
    assert (refused.event_code, refused.action, refused.object_ids) == (
        "passkey.remove", "D", [str(other.pk)])
    own = key(cast.users["lotte"], "Lottes telefoon")
    assert client.post(reverse("web:passkey_remove", args=[own.pk])).status_code == 302
    assert not Passkey.objects.filter(pk=own.pk).exists()


def test_no_key_is_added_before_the_second_factor(client, cast):
    client.post(reverse("web:login"), {"username": "lotte", "password": DEMO_PASSWORD})
    response = post_json(client, "web:passkey_register_options")
    assert response.status_code == 302 and response.url.startswith(reverse("web:second_factor"))
    assert client.get(reverse("web:passkeys")).status_code == 302


def test_a_bad_answer_never_verifies_the_session(client, cast):
    key(cast.users["lotte"], "Lottes telefoon")
    client.post(reverse("web:login"), {"username": "lotte", "password": DEMO_PASSWORD})
    assert "Inloggen met uw sleutel" in client.get(reverse("web:second_factor")).content.decode()
    # Without options first (no challenge), and with a made-up answer after them.
    mine = credential_id("Lottes telefoon")
    assert post_json(client, "web:passkey_sign_in", {"credential": {"id": mine}}
                     ).status_code == 400
    options = post_json(client, "web:passkey_sign_in_options")
    assert options.status_code == 200
    assert [c["id"] for c in options.json()["allowCredentials"]] == [mine]
    forged = {"id": mine, "rawId": mine, "type": "public-key",
              "response": {"clientDataJSON": "e30", "authenticatorData": "AA",
                           "signature": "AA"}}
    response = post_json(client, "web:passkey_sign_in", {"credential": forged})
    assert response.status_code == 400 and "niet gelukt" in response.json()["error"]
    assert client.get(reverse("web:worklist")).url.startswith(reverse("web:second_factor"))


def test_pages_need_a_professional_login(client, cast):
    for name in ("web:passkey_sign_in_options", "web:passkey_register_options"):
        response = post_json(client, name)
        assert response.status_code == 302 and response.url.startswith(reverse("web:login"))
