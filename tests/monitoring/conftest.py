"""The cast plus the demo's policy makers (bas: gemeente Noorderveld, renske: the region,
nadia: the national programme team), and helpers for more of them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Membership, Organisation


@pytest.fixture
def policy(cast):
    from netwerkdossier.synthetic import monitoring_demo

    return monitoring_demo.build(cast)


@pytest.fixture
def member_of(cast):
    """A user with `role` in a new or existing organisation."""

    def make(username, role, organisation=None, **org_fields):
        if organisation is None:
            organisation = Organisation.objects.create(region=cast.household.region,
                                                       **org_fields)
        user = User.objects.create(username=username, first_name=username.title(),
                                   last_name="Test")
        from netwerkdossier.synthetic.personas import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(user=user, organisation=organisation, role=role,
                                  discipline="beleid",
                                  valid_from=timezone.localdate() - timedelta(days=30))
        cast.users[username] = user
        return user

    return make


@pytest.fixture
def everyone(cast, policy, team_member):
    """The cast, the policy makers, police and Raad in the team, a case-table seat
    (stella) and emergency access (eva), and the family's portal logins."""
    from netwerkdossier.access.models import BreakGlass, CaseTableParticipant, CaseTableSession
    from netwerkdossier.accounts.models import User
    from netwerkdossier.organisations.models import Membership
    from netwerkdossier.synthetic.personas import add_family_logins

    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")
    add_family_logins(cast)
    now = timezone.now()

    def professional(username, organisation):
        user = User.objects.create(username=username, first_name=username.title(),
                                   last_name="Test")
        Membership.objects.create(user=user, organisation=organisation,
                                  discipline="maatschappelijk_werker",
                                  valid_from=timezone.localdate() - timedelta(days=30))
        cast.users[username] = user
        return user

    stella = professional("stella", cast.skeleton.regional["veilig_thuis"])
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=1), chair=cast.users["lotte"])
    CaseTableParticipant.objects.create(session=session, user=stella)
    eva = professional("eva", cast.skeleton.wijkteams["Zuiderhaven"])
    BreakGlass.objects.create(user=eva, household=cast.household,
                              organisation=eva.memberships.first().organisation,
                              reason="Spoed: melding vannacht.", started_at=now,
                              expires_at=now + timedelta(hours=1))
    return cast
