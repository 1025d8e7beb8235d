"""Every version of a corrected entry is as protected as the most protected version of
its chain (docs/decisions/0021): a correction that raises protection closes the older
versions too, for decide(), visible() and the one-household timeline filter alike; a
newer version that opens up (a secrecy release) opens only itself."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.api import (
    KNOW_EXISTS,
    READ,
    context_for,
    decide,
    visible,
    visible_in_household,
)
from netwerkdossier.access.models import BreakGlass
from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.dossier.models import Confidentiality, Entry
from netwerkdossier.dossier.services import correct_entry
from netwerkdossier.organisations.models import Membership

pytestmark = pytest.mark.django_db


def _join_team(cast, username, org_key, discipline):
    org = cast.skeleton.regional[org_key]
    user = User.objects.create(username=username)
    Membership.objects.create(user=user, organisation=org, role="professional",
                              discipline=discipline,
                              valid_from=timezone.localdate() - timedelta(days=30))
    TeamAssignment.objects.create(case=cast.case, user=user, organisation=org,
                                  role="vast_gezicht",
                                  valid_from=timezone.localdate() - timedelta(days=10))
    return user


@pytest.fixture
def readers(cast):
    """Professionals by name: the team (lotte, ruben, gert), police and the Raad in the
    team, the team manager, the privacy officer, an outsider and olga with emergency
    access."""
    users = dict(cast.users)
    users["pol"] = _join_team(cast, "pol", "politie", "politie")
    users["raad"] = _join_team(cast, "raad", "rvdk", "raadsonderzoeker")
    olga = users["olga"]
    now = timezone.now()
    BreakGlass.objects.create(
        user=olga, organisation=olga.memberships.get().organisation,
        household=cast.household, reason="Kind alleen thuis aangetroffen",
        purpose="hulpverlening", started_at=now, expires_at=now + timedelta(hours=4))
    users["outsider"] = _join_team(cast, "outsider", "politie", "politie")
    TeamAssignment.objects.filter(user=users["outsider"]).delete()
    return users


def _contexts(users):
    contexts = {name: context_for(user) for name, user in users.items()}
    contexts["raad_advies"] = context_for(users["raad"], purpose="advies_rechter")
    return contexts


def _readers_of(contexts, entry, action=READ) -> set:
    """Who may act on the entry; decide(), visible() and visible_in_household() must give
    the same answer for each of them."""
    allowed = set()
    for name, ctx in contexts.items():
        decided = decide(ctx, action, entry).allowed
        listed = visible(ctx, action, Entry.objects.filter(pk=entry.pk)).exists()
        within = visible_in_household(ctx, action, entry.household_id).filter(
            pk=entry.pk).exists()
        assert decided == listed == within, (name, action, decided, listed, within)
        if decided:
            allowed.add(name)
    return allowed


def _correct(ctx, old, **changes):
    new = correct_entry(ctx, old, text="Gecorrigeerde tekst.", reason="Correctie", **changes)
    old.refresh_from_db()
    return new


def test_raising_to_organisatie_closes_the_old_version_for_other_organisations(
        cast, ctx_of, readers):
    contexts = _contexts(readers)
    old = cast.entries["conversation"]  # lotte's (wijkteam), shared with the team
    before = _readers_of(contexts, old)
    assert {"ruben", "olga"} <= before
    new = _correct(ctx_of("lotte"), old, confidentiality=Confidentiality.ORGANISATIE)
    assert old.text != new.text and old.confidentiality == Confidentiality.NETWERK
    after_new = _readers_of(contexts, new)
    assert after_new == {"lotte", "tamara"}  # the own organisation only
    assert _readers_of(contexts, old) == after_new
    assert not (_readers_of(contexts, old, KNOW_EXISTS) - _readers_of(contexts, new,
                                                                       KNOW_EXISTS))


def test_adding_health_data_closes_the_old_version(cast, ctx_of, readers):
    contexts = _contexts(readers)
    old = cast.entries["report"]  # ruben's (RVT) report, read by the whole team
    assert {"lotte", "gert", "tamara", "olga"} <= _readers_of(contexts, old)
    assert "lotte" in _readers_of(contexts, old, KNOW_EXISTS)
    new = _correct(ctx_of("ruben"), old, health_data=True)
    assert not old.health_data  # the old version's content is untouched
    assert _readers_of(contexts, old) == _readers_of(contexts, new) == {"ruben"}
    # Even its existence: a placeholder could reveal a health entry.
    assert _readers_of(contexts, old, KNOW_EXISTS) == set()


def test_adding_criminal_or_third_party_data_closes_the_old_version_for_emergency_access(
        cast, ctx_of, readers):
    contexts = _contexts(readers)
    old = cast.entries["father"]
    assert "olga" in _readers_of(contexts, old)
    new = _correct(ctx_of("ruben"), old, criminal_data=True)
    assert "olga" not in _readers_of(contexts, old)
    assert _readers_of(contexts, old) == _readers_of(contexts, new)


def test_confidential_for_the_17_year_old_closes_the_old_version_for_her_family(
        cast, ctx_of):
    from netwerkdossier.synthetic.personas import add_family_logins

    family = {name: context_for(user) for name, user in add_family_logins(cast).items()}
    old = cast.entries["conversation"]  # about the mother and the three children
    assert {"sanne", "daan", "lieke"} <= _readers_of(family, old)
    new = _correct(ctx_of("lotte"), old, confidential_for_member=cast.lieke)
    assert old.confidential_for_member_id is None
    assert _readers_of(family, new) == {"lieke"}
    assert _readers_of(family, old) == {"lieke"}


def test_a_release_in_a_newer_version_does_not_open_the_older_one(cast, ctx_of, readers):
    contexts = _contexts(readers)
    old = cast.entries["secrecy"]  # gert's note under beroepsgeheim, not released
    assert _readers_of(contexts, old) == {"gert"}
    released = _correct(ctx_of("gert"), old, secrecy_release="conflict_van_plichten")
    assert "lotte" in _readers_of(contexts, released)
    assert _readers_of(contexts, old) == {"gert"}
    # Withdrawing the release again closes the released version as well.
    withdrawn = _correct(ctx_of("gert"), released, secrecy_release="")
    released.refresh_from_db()
    assert _readers_of(contexts, withdrawn) == {"gert"}
    assert _readers_of(contexts, released) == {"gert"}
    assert _readers_of(contexts, old) == {"gert"}


def test_narrowing_a_release_to_consent_narrows_the_older_versions(cast, ctx_of, readers):
    contexts = _contexts(readers)
    old = cast.entries["secrecy"]
    released = _correct(ctx_of("gert"), old, secrecy_release="conflict_van_plichten")
    assert "lotte" in _readers_of(contexts, released)
    narrowed = _correct(ctx_of("gert"), released, secrecy_release="toestemming")
    released.refresh_from_db()
    # The mother gave no consent to release the secret: nobody else reads either version.
    assert _readers_of(contexts, narrowed) == _readers_of(contexts, released) == {"gert"}


def test_a_lower_level_written_into_a_newer_version_does_not_open_the_older(cast, ctx_of,
                                                                           readers):
    """The service refuses a lower level; even a version that says less (written by
    another path) keeps the chain's level for every version."""
    from netwerkdossier.dossier.services import protect_older_versions

    contexts = _contexts(readers)
    old = cast.entries["org_note"]  # organisatie
    assert "ruben" not in _readers_of(contexts, old)
    Entry.objects.filter(pk=old.pk).update(is_current=False)
    lower = Entry.objects.create(
        household=old.household, case=old.case, kind=old.kind, text="Lager",
        occurred_at=old.occurred_at, author=old.author, author_discipline=old.author_discipline,
        owner_organisation=old.owner_organisation, confidentiality=Confidentiality.NETWERK,
        legal_basis=old.legal_basis, version=2, root_id=old.root_id, replaces=old,
        chain_confidentiality=old.level_in_chain)
    lower.subjects.set(old.subjects.all())
    protect_older_versions(lower)
    old.refresh_from_db()
    assert "ruben" not in _readers_of(contexts, old)
    assert "ruben" not in _readers_of(contexts, lower)


def test_data_migration_fills_the_chain_of_existing_versions(cast, ctx_of, readers):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "netwerkdossier.dossier.migrations.0003_version_chain_protection")
    contexts = _contexts(readers)
    old = cast.entries["report"]
    new = _correct(ctx_of("ruben"), old, health_data=True,
                   confidentiality=Confidentiality.ORGANISATIE)
    # As the rows were before the migration: no chain columns filled.
    Entry.objects.update(chain_confidentiality=Confidentiality.NETWERK,
                         chain_health_data=False, chain_secrecy_release="conflict_van_plichten")
    old.refresh_from_db()
    assert "lotte" in _readers_of(contexts, old)
    migration.fill_chains(apps, None)
    old.refresh_from_db()
    assert (old.chain_confidentiality, old.chain_health_data) == (
        Confidentiality.ORGANISATIE, True)
    assert _readers_of(contexts, old) == _readers_of(contexts, new) == {"ruben"}
