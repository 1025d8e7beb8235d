"""Fixtures for the safety tests: a fresh case on the Jansen household with the cast's
team (lotte casusregisseur, ruben vast duo, gert consultant)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.safety import services


@pytest.fixture
def new_case(cast):
    def make(phase="melding", **fields):
        today = timezone.localdate()
        case = Case.objects.create(
            household=cast.household, region=cast.household.region,
            lead_organisation=cast.case.lead_organisation, title="Nieuw traject",
            phase=phase, opened_on=today, phase_since=today, **fields)
        for username, role in (("lotte", "casusregisseur"), ("ruben", "vast_duo"),
                               ("gert", "consultant")):
            user = cast.users[username]
            TeamAssignment.objects.create(case=case, user=user, role=role,
                                          organisation=user.memberships.first().organisation,
                                          valid_from=today)
        return case

    return make


def members(cast):
    return [cast.mother, cast.father, cast.noor, cast.daan, cast.lieke]


def open_agreement(ctx, case, cast, days=7, action="Moeder belt oma bij ruzie"):
    return services.add_agreement(ctx, case, member_id=cast.mother.pk, action=action,
                                  owner="Sanne Jansen",
                                  due_on=timezone.localdate() + timedelta(days=days))


def score_all(ctx, case, cast, score=10):
    services.add_scalings(ctx, case, scored_on=timezone.localdate(),
                          person_scores={p.pk: score for p in members(cast)})
