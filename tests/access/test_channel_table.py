"""Every information kind x every persona x every channel, end to end (issue 10).

The table is channel_table.py (where each kind is shown, what each persona reads); the
world is channel_world.py (one household with one marked object of every kind). Each
cell requests the channel as the persona, through the Django test client (the API with
a bearer token and X-Purpose, the portal with a family member's portal session), and
checks the answer: the marker present or absent, a 404, or the way to the login.

The world is built once for the module and every URL is requested once per persona, in
a savepoint of its own (fixture `answers`); the cells then only read those answers.
"""

import pytest
from channel_table import (  # tests/access is on sys.path (rootdir-less test dir)
    CHANNELS,
    EXCEPTIONS,
    FAMILY_CHANNELS,
    HIDDEN,
    LOGIN,
    NOT_FOUND,
    NOT_SHOWN,
    PERSONAS,
    SHOWN,
    UNAUTHORISED,
    VISIBLE,
)
from channel_world import build
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from netwerkdossier.access.catalogue import KINDS
from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.portal.auth import SESSION_METHOD, SESSION_USER
from netwerkdossier.synthetic.sign_in import sign_in
from tests.portal.pdf import document_text as pdf_text

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media"))


def _storages(media):
    return {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": media}}}


@pytest.fixture(autouse=True)
def _fast_and_isolated_settings(settings, media):
    """As tests/conftest.py, but with one media folder for the module's world."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.STORAGES = _storages(media)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER,
                                                       STORAGES=_storages(media)):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def answers(world, django_db_blocker) -> dict:
    """(persona, URL) -> (status, Location, body) for every URL of the table: one client
    per persona, each request in a savepoint rolled back after it, so no answer depends
    on another (e.g. on who looked before)."""
    urls = sorted({show.url.format(**world.ids) for shows in SHOWN.values() for show in shows})
    found = {}
    with django_db_blocker.unblock():
        for persona in PERSONAS:
            client, headers = _client(world, persona)
            for url in urls:
                with transaction.atomic():
                    found[persona, url] = _get(client, url, headers)
                    transaction.set_rollback(True)
    return found


def _client(world, persona):
    """A client logged in as the persona: a professional's session with their purpose and
    a bearer token with X-Purpose for the API; a family member's portal session."""
    username, purpose, _reads, _why = PERSONAS[persona]
    user = world.users[username]
    client, headers = Client(), {}
    if user is not None and user.kind == user.Kind.GEZINSLID:
        session = client.session
        session[SESSION_USER], session[SESSION_METHOD] = user.pk, "wachtwoord"
        session.save()
    elif user is not None:
        sign_in(client, user)
        session = client.session
        session["purpose"] = purpose
        session.save()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)}",
                   "HTTP_X_PURPOSE": purpose}
    return client, headers


def _get(client, url, headers):
    response = client.get(url, **(headers if url.startswith("/api/") else {}))
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    portal_pdf = url.endswith("mijn-gegevens.pdf") and raw.startswith(b"%PDF")
    text = pdf_text(raw) if portal_pdf else raw.decode("utf-8", "replace")
    body = text + response.get("Content-Disposition", "")  # a download's file name
    return response.status_code, response.get("Location", ""), body


def expected(world, kind, persona, show) -> tuple[str, str]:
    """(answer, why) for one cell, from READS and the kind of login (see channel_table)."""
    if (kind, persona, show.url) in EXCEPTIONS:
        return EXCEPTIONS[(kind, persona, show.url)]
    username, _purpose, reads, why = PERSONAS[persona]
    user = world.users[username]
    family = user is not None and user.kind == user.Kind.GEZINSLID
    portal = show.channel in FAMILY_CHANNELS
    if user is not None and not family and portal and show.gate is not None:
        return NOT_FOUND, "a portal page about one object refuses a professional"
    if user is None or family != portal:
        return (UNAUTHORISED if show.api else LOGIN), "not this channel's login"
    if family and persona == "child_9":
        return LOGIN, why
    if show.gate is not None and show.gate not in reads:
        return NOT_FOUND, why
    return (VISIBLE if (show.reads_as or kind) in reads else HIDDEN), why


def _cells():
    for kind, shows in SHOWN.items():
        for show in shows:
            for persona in PERSONAS:
                yield pytest.param(kind, persona, show,
                                   id=f"{kind}-{persona}-{show.channel}:{show.url}")


@pytest.mark.django_db  # so the test database is set up when only cells are selected
@pytest.mark.parametrize("kind,persona,show", list(_cells()))
def test_cell(world, answers, kind, persona, show):
    url = show.url.format(**world.ids)
    want, why = expected(world, kind, persona, show)
    status, location, body = answers[persona, url]
    if want == LOGIN:
        assert status == 302 and "inloggen" in location, (status, location)
    elif want == UNAUTHORISED:
        assert status == 401, status
    elif want == NOT_FOUND:
        assert status == 404, (status, why)
    else:
        marker = (show.marker or world.markers[kind]).format(**world.ids)
        assert status == 200, (status, why)
        assert (marker in body) is (want == VISIBLE), (want, marker, why)


def test_every_kind_is_declared():
    keys = {k.key for k in KINDS}
    assert set(SHOWN) | set(NOT_SHOWN) == keys, "a kind of the catalogue has no row here"
    assert not set(SHOWN) & set(NOT_SHOWN)
    assert all(SHOWN[k] for k in SHOWN)


def test_every_channel_and_persona_is_used():
    used = {show.channel for shows in SHOWN.values() for show in shows}
    assert used == set(CHANNELS)
    reads = set().union(*(p[2] for p in PERSONAS.values()))
    assert {k for k in reads if not k.startswith("@")} <= set(SHOWN) | set(NOT_SHOWN)


@pytest.mark.django_db
def test_every_shown_kind_has_a_marked_object(world):
    """And every channel of a kind shows its marker to someone: a hidden cell is only
    worth something if the marker does appear where it may."""
    for kind in SHOWN:
        assert kind in world.objects, kind
        for show in SHOWN[kind]:
            assert show.marker or world.markers[kind], kind
            answers = {expected(world, kind, p, show)[0] for p in PERSONAS}
            assert VISIBLE in answers, (kind, show.url)
