"""Shared fixtures: the fixed persona cast and access contexts for each persona."""

import pytest

from netwerkdossier.access.api import context_for
from netwerkdossier.audit.purge import grant_permit, revoke_permit


@pytest.fixture(autouse=True)
def _audit_flush_permit(request):
    """Let Django flush the append-only access log between transactional tests.

    Set up after the database fixture, so this teardown (granting the permit) runs
    before the flush, and the next test's setup takes it back.
    """
    if "transactional_db" not in request.fixturenames and \
            "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    revoke_permit()
    yield
    grant_permit()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Process-wide caches must not carry rows of an earlier test's rolled-back data."""
    from netwerkdossier.access.entry_rules import forget_sharing_rules

    forget_sharing_rules()
    yield
    forget_sharing_rules()


@pytest.fixture(autouse=True)
def _fast_and_isolated_settings(settings, tmp_path):
    # Argon2 is deliberately slow; tests only need a working hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media")}},
    }


@pytest.fixture
def cast(db):
    from netwerkdossier.synthetic.personas import build_cast

    return build_cast()


@pytest.fixture
def ctx_of(cast):
    def make(username: str, **kwargs):
        return context_for(cast.users[username], **kwargs)

    return make


@pytest.fixture
def login(client, cast):
    def as_user(username: str):
        client.force_login(cast.users[username])
        return client

    return as_user
