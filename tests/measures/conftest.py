"""The cast with the demo's legal measures (synthetic/measures_demo.py) and the team
members of other organisation kinds the tests of this folder use."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def world(cast, team_member):
    """The cast, Piet (police) and Rianne (Raad) in the team, a GGZ member (Gert, in the
    cast), and the demo's measures: Daan's OTS and uithuisplaatsing (civil, RVT),
    Mark's tijdelijk huisverbod (ends in two days) and his gedragsaanwijzing (criminal,
    police, a contact ban naming Sanne)."""
    from netwerkdossier.synthetic import measures_demo
    from netwerkdossier.synthetic.personas import add_family_logins

    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")
    add_family_logins(cast)
    cast.measures = measures_demo.build(cast)
    return cast


@pytest.fixture
def seat_and_emergency(cast):
    """A case-table seat of a running table (Stella, Veilig Thuis) and an emergency-access
    grant (Eva, another local team); known to login and ctx_of afterwards."""
    from netwerkdossier.access.models import (
        BreakGlass,
        CaseTableParticipant,
        CaseTableSession,
    )
    from netwerkdossier.accounts.models import User
    from netwerkdossier.organisations.models import Membership

    def professional(username, organisation):
        user = User.objects.create(username=username, first_name=username.title(),
                                   last_name="Test")
        Membership.objects.create(user=user, organisation=organisation,
                                  discipline="maatschappelijk_werker",
                                  valid_from=timezone.localdate() - timedelta(days=30))
        cast.users[username] = user
        return user

    stella = professional("stella", cast.skeleton.regional["veilig_thuis"])
    now = timezone.now()
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=1), chair=cast.users["lotte"])
    CaseTableParticipant.objects.create(session=session, user=stella)
    eva = professional("eva", cast.skeleton.wijkteams["Zuiderhaven"])
    BreakGlass.objects.create(user=eva, household=cast.household,
                              organisation=eva.memberships.first().organisation,
                              reason="Spoed: melding vannacht, gezin onbekend bij mij.",
                              started_at=now - timedelta(minutes=5),
                              expires_at=now + timedelta(hours=1))
    return stella, eva
