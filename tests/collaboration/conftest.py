"""Helpers for the collaboration tests: extra professionals and cases."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.organisations.models import Membership
from tests.api.conftest import api_as  # noqa: F401  (bearer-token client per persona)


@pytest.fixture
def make_professional(cast):
    def make(username, org_key, *, role=Membership.Role.PROFESSIONAL,
             discipline="maatschappelijk_werker", first="", last=""):
        skeleton = cast.skeleton
        organisation = skeleton.wijkteams[org_key.split(":", 1)[1]] \
            if org_key.startswith("wijkteam:") else skeleton.regional[org_key]
        user = User.objects.create(username=username, first_name=first or username.title(),
                                   last_name=last or "Test")
        Membership.objects.create(user=user, organisation=organisation, role=role,
                                  discipline=discipline,
                                  valid_from=timezone.localdate() - timedelta(days=30))
        cast.users[username] = user  # so ctx_of(username) and login(username) work
        return user

    return make


@pytest.fixture
def make_case(cast):
    def make(title="Tweede traject", *, team=(), opened_days_ago=10, lead=None):
        lotte_org = cast.users["lotte"].memberships.first().organisation
        case = Case.objects.create(
            household=cast.household, region=cast.skeleton.region,
            lead_organisation=lead or lotte_org, title=title,
            opened_on=timezone.localdate() - timedelta(days=opened_days_ago))
        for user, role in team:
            TeamAssignment.objects.create(case=case, user=user, role=role,
                                          organisation=user.memberships.first().organisation,
                                          valid_from=case.opened_on)
        return case

    return make
