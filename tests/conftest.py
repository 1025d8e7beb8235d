"""Shared fixtures: the fixed persona cast and access contexts for each persona."""

import pytest

from netwerkdossier.access.api import context_for
from netwerkdossier.audit.purge import grant_permit, revoke_permit
from netwerkdossier.synthetic.sign_in import sign_in


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
    # Access-log checkpoints belong to one database: a fresh directory per test database.
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "audit-checkpoints")
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


def state_purpose(client, purpose: str | None) -> None:
    """Put a stated purpose of work in the client's session, as the "Doel" choice does
    (professionals with several possible purposes are asked for one before any page)."""
    if purpose is None:
        return
    session = client.session
    session["purpose"] = purpose
    session.save()


@pytest.fixture
def login(client, cast):
    """Log a persona in. Their purpose of work is "hulpverlening" (every professional of
    the cast may work under it); purpose=None states none."""

    def as_user(username: str, purpose: str | None = "hulpverlening"):
        sign_in(client, cast.users[username])
        state_purpose(client, purpose)
        return client

    return as_user


@pytest.fixture
def team_member(cast):
    """A professional of a regional organisation (e.g. "rvdk", "politie") added to the
    team of the cast's case, as a consultant; known to ctx_of and login afterwards."""
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.accounts.models import User
    from netwerkdossier.cases.models import TeamAssignment
    from netwerkdossier.organisations.models import Membership

    def make(username: str, org_key: str, discipline: str):
        organisation = cast.skeleton.regional[org_key]
        user = User.objects.create(username=username, first_name=username.title(),
                                   last_name="Test")
        Membership.objects.create(user=user, organisation=organisation,
                                  discipline=discipline,
                                  valid_from=timezone.localdate() - timedelta(days=30))
        TeamAssignment.objects.create(case=cast.case, user=user, organisation=organisation,
                                      role=TeamAssignment.Role.CONSULTANT,
                                      valid_from=cast.case.opened_on)
        cast.users[username] = user
        return user

    return make
