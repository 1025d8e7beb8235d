"""The persona table for the issue-2 rules: team, owner organisation, confidentiality."""

import pytest

from netwerkdossier.access.api import CORRECT, READ, decide, visible, visible_in_household
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, Person

pytestmark = pytest.mark.django_db

ALL_ENTRIES = {"report", "conversation", "org_note", "secrecy", "father"}
# persona: (household rule or None, entries whose content they may read)
EXPECTED = {
    "lotte": ("team", {"report", "conversation", "org_note", "father"}),
    "ruben": ("team", {"report", "conversation", "father"}),
    "gert": ("team", {"report", "conversation", "father", "secrecy"}),
    "tamara": ("owner_organisation", {"report", "conversation", "org_note", "father"}),
    "olga": (None, set()),
    "priya": (None, set()),
}


@pytest.mark.parametrize("username", EXPECTED)
def test_household_decision_per_persona(cast, ctx_of, username):
    expected_rule, _ = EXPECTED[username]
    decision = decide(ctx_of(username), READ, cast.household)
    assert decision.allowed is (expected_rule is not None)
    if expected_rule:
        assert decision.rule == expected_rule
    assert decision.reason  # always explainable in Dutch


@pytest.mark.parametrize("username", EXPECTED)
def test_entry_decisions_per_persona(cast, ctx_of, username):
    _, readable = EXPECTED[username]
    ctx = ctx_of(username)
    for key in ALL_ENTRIES:
        assert decide(ctx, READ, cast.entries[key]).allowed is (key in readable), key


@pytest.mark.parametrize("username", EXPECTED)
def test_visible_agrees_with_decide(cast, ctx_of, username):
    ctx = ctx_of(username)
    for model in (Household, Case, Entry, Person):
        listed = set(visible(ctx, READ, model.objects.all()).values_list("pk", flat=True))
        decided = {o.pk for o in model.objects.all() if decide(ctx, READ, o).allowed}
        assert listed == decided, model.__name__
    household_decision = decide(ctx, READ, cast.household)
    for action in (READ, CORRECT):
        within = visible_in_household(ctx, action, Entry.objects.filter(
            household=cast.household), household_decision)
        assert set(within) == set(visible(ctx, action, Entry.objects.filter(
            household=cast.household)))
    correctable = set(visible(ctx, CORRECT, Entry.objects.all()).values_list("pk", flat=True))
    decided = {e.pk for e in Entry.objects.all() if decide(ctx, CORRECT, e).allowed}
    assert correctable == decided


def test_only_the_owner_organisation_may_correct(cast, ctx_of):
    report = cast.entries["report"]  # written by ruben (RVT)
    assert decide(ctx_of("ruben"), CORRECT, report).allowed
    refused = decide(ctx_of("lotte"), CORRECT, report)
    assert not refused.allowed and refused.rule == "not_owner"


def test_ended_team_assignment_ends_access(cast, ctx_of):
    from datetime import timedelta

    from django.utils import timezone

    assignment = cast.case.team.get(user=cast.users["ruben"])
    assignment.valid_to = timezone.localdate() - timedelta(days=1)
    assignment.save()
    assert not decide(ctx_of("ruben"), READ, cast.household).allowed
    assert not visible(ctx_of("ruben"), READ, Household.objects.all()).exists()


def test_visible_filter_has_no_duplicates(cast, ctx_of):
    # A second case with the same team must not list the household twice.
    Case.objects.create(household=cast.household, region=cast.case.region,
                        lead_organisation=cast.case.lead_organisation, title="Tweede traject")
    qs = visible(ctx_of("lotte"), READ, Household.objects.all())
    assert qs.count() == 1
