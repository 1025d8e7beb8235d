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
