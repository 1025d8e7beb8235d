"""Four eyes on the phase decisions that carry the most risk (rules/phases.toml): leaving
direct safety, and closing a case that was acutely or structurally unsafe. One member of
the vast duo proposes, another confirms (from the other organisation where the duo has
two); the criteria are checked again at confirmation; the family's view stays as given."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from netwerkdossier.accounts.models import Notification, User
from netwerkdossier.cases import lifecycle, proposals
from netwerkdossier.cases.models import PhaseProposal, PhaseTransition, TeamAssignment
from netwerkdossier.decisions import services as record_services
from netwerkdossier.organisations.models import Membership
from netwerkdossier.safety import services
from netwerkdossier.safety.models import Agreement
from netwerkdossier.synthetic import decision_records

from .test_phase_rules import SETUPS

pytestmark = pytest.mark.django_db
LEAVE_1 = ("directe_veiligheid", "duurzame_veiligheid")


def ready(case, rule_from, rule_to, ctx, cast):
    rule = lifecycle.transition_rule(rule_from, rule_to)
    for key in SETUPS:
        if key in rule["criteria"]:
            SETUPS[key][1](ctx, case, cast)


@pytest.fixture
def phase_1(cast, ctx_of, new_case):
    case = new_case("directe_veiligheid", triage_outcome="acuut_onveilig")
    ready(case, *LEAVE_1, ctx_of("lotte"), cast)
    return case


def propose(ctx, case, to="duurzame_veiligheid", family="nee", record=True):
    """Propose the move; with `record`, first make its complete decision record (every
    phase decision rests on one, decision 0051) unless a concept for the move is there."""
    if record and record_services.concept_for(ctx, kind=record_services.phase_kind(to),
                                              case=case, to_phase=to) is None:
        decision_records.for_phase(ctx, case, to)
    return lifecycle.decide_transition(ctx, case, to_phase=to, family_agrees=family,
                                       rationale="Twee maanden geen geweld, plan werkt.")


def colleague(cast, username="wim", org="wijkteam", role="vast_duo", case=None):
    organisation = (cast.skeleton.wijkteams["Noorderveld"] if org == "wijkteam"
                    else cast.skeleton.regional[org])
    user = User.objects.create(username=username, first_name="Wim", last_name="Collega")
    Membership.objects.create(user=user, organisation=organisation,
                              role=Membership.Role.PROFESSIONAL,
                              discipline="maatschappelijk_werker",
                              valid_from=timezone.localdate() - timedelta(days=30))
    if case is not None:
        TeamAssignment.objects.create(case=case, user=user, role=role,
                                      organisation=organisation,
                                      valid_from=timezone.localdate())
    cast.users[username] = user
    return user


def test_leaving_direct_safety_waits_for_the_second_pair_of_eyes(cast, ctx_of, phase_1):
    proposal = propose(ctx_of("lotte"), phase_1)
    assert isinstance(proposal, PhaseProposal) and proposal.status == "open"
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    assert not PhaseTransition.objects.filter(case=phase_1).exists()
    assert Notification.objects.filter(recipient=cast.users["ruben"],
                                       kind="case.phase_proposal").exists()
    transition = proposals.confirm(ctx_of("ruben"), proposal)
    phase_1.refresh_from_db()
    assert phase_1.phase == "duurzame_veiligheid"
    assert transition.decided_by == cast.users["lotte"]
    assert transition.family_agrees == "nee"  # as the proposer recorded it
    assert "Bevestigd door Ruben Bakker (vier ogen)." in transition.entry.text
    proposal.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.answered_by == cast.users["ruben"]


def test_the_one_who_proposed_cannot_confirm(ctx_of, phase_1):
    proposal = propose(ctx_of("lotte"), phase_1)
    with pytest.raises(PermissionDenied, match="zelf voor"):
        proposals.confirm(ctx_of("lotte"), proposal)
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"


def test_a_duo_of_two_organisations_confirms_across_them(cast, ctx_of, phase_1):
    colleague(cast, case=phase_1)  # a second wijkteam member in the duo
    proposal = propose(ctx_of("lotte"), phase_1)
    with pytest.raises(PermissionDenied, match="andere organisatie"):
        proposals.confirm(ctx_of("wim"), proposal)
    proposals.confirm(ctx_of("ruben"), proposal)


def test_a_duo_of_one_organisation_confirms_within_it(cast, ctx_of, phase_1):
    TeamAssignment.objects.filter(case=phase_1, user=cast.users["ruben"]).delete()
    colleague(cast, case=phase_1)
    proposal = propose(ctx_of("lotte"), phase_1)
    proposals.confirm(ctx_of("wim"), proposal)
    phase_1.refresh_from_db()
    assert phase_1.phase == "duurzame_veiligheid"


def test_without_anyone_to_confirm_the_proposal_is_refused_in_dutch(cast, ctx_of, phase_1):
    TeamAssignment.objects.filter(case=phase_1, user=cast.users["ruben"]).delete()
    with pytest.raises(ValidationError, match="niemand anders in het vaste duo"):
        propose(ctx_of("lotte"), phase_1)
    assert not PhaseProposal.objects.exists()


@pytest.mark.parametrize("username", ["gert", "tamara"])
def test_a_consultant_or_manager_cannot_confirm(ctx_of, phase_1, username):
    proposal = propose(ctx_of("lotte"), phase_1)
    with pytest.raises(PermissionDenied, match="bevestigt een fasebesluit"):
        proposals.confirm(ctx_of(username), proposal)


def test_confirming_checks_the_criteria_again(cast, ctx_of, phase_1):
    proposal = propose(ctx_of("lotte"), phase_1)
    broken = services.add_agreement(ctx_of("lotte"), phase_1, member_id=cast.father.pk,
                                    action="Vader belt eerst", owner="Mark de Boer",
                                    due_on=timezone.localdate() + timedelta(days=2))
    services.set_agreement_status(ctx_of("lotte"), broken, status="niet_nagekomen",
                                  note="Stond toch voor de deur")
    with pytest.raises(ValidationError) as info:
        proposals.confirm(ctx_of("ruben"), proposal)
    text = " ".join(info.value.messages)
    assert "Er is iets veranderd sinds het voorstel." in text and "incident" in text
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    assert Agreement.objects.filter(pk=broken.pk).exists()


def test_not_confirming_needs_a_reason_and_tells_the_proposer(cast, ctx_of, phase_1):
    proposal = propose(ctx_of("lotte"), phase_1)
    with pytest.raises(ValidationError):
        proposals.reject(ctx_of("ruben"), proposal, "  ")
    proposals.reject(ctx_of("ruben"), proposal, "Eerst nog een huisbezoek.")
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert Notification.objects.filter(recipient=cast.users["lotte"],
                                       kind="case.phase_proposal").exists()
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    propose(ctx_of("lotte"), phase_1)  # a new proposal may follow


def test_one_open_proposal_per_case(ctx_of, phase_1):
    propose(ctx_of("lotte"), phase_1)
    with pytest.raises(ValidationError, match="al een voorstel"):
        propose(ctx_of("ruben"), phase_1)


@pytest.mark.parametrize("outcome,four_eyes", [("acuut_onveilig", True),
                                               ("structureel_onveilig", True),
                                               ("zorgen", False)])
def test_closing_after_unsafety_needs_four_eyes(cast, ctx_of, new_case, outcome, four_eyes):
    case = new_case("herstel", triage_outcome=outcome)
    ready(case, "herstel", "afgesloten", ctx_of("lotte"), cast)
    decision_records.for_phase(ctx_of("lotte"), case, "afgesloten")
    result = propose(ctx_of("lotte"), case, to="afgesloten", family="ja")
    assert isinstance(result, PhaseProposal) is four_eyes
    if four_eyes:
        proposals.confirm(ctx_of("ruben"), result)
    case.refresh_from_db()
    assert case.phase == "afgesloten" and case.follow_ups.count() == 3


def test_an_acutely_unsafe_case_is_never_closed_after_the_assessment(ctx_of, new_case):
    case = new_case("veiligheidsbeoordeling", triage_outcome="acuut_onveilig")
    with pytest.raises(ValidationError) as info:
        propose(ctx_of("lotte"), case, to="afgesloten", family="ja")
    assert "directe veiligheid" in " ".join(info.value.messages)
    case.refresh_from_db()
    assert case.phase == "veiligheidsbeoordeling"


def test_a_later_phase_change_withdraws_an_open_proposal(cast, ctx_of, new_case):
    case = new_case("directe_veiligheid")
    ready(case, *LEAVE_1, ctx_of("lotte"), cast)
    proposal = propose(ctx_of("lotte"), case)
    PhaseProposal.objects.filter(pk=proposal.pk).update(from_phase="herstel")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="andere fase"):
        proposals.confirm(ctx_of("ruben"), proposal)


def test_an_urgent_report_has_a_deadline_in_hours(cast, ctx_of):
    before = timezone.now()
    case = lifecycle.record_report(
        ctx_of("lotte"), cast.household, kind="hulpvraag", title="Spoed", concerns="Ruzie",
        urgency="spoed", reported_on=timezone.localdate(), subjects=[cast.noor])
    hours = next(u["respond_within_hours"] for u in lifecycle.config()["urgency"]
                 if u["key"] == "spoed")
    assert before + timedelta(hours=hours) <= case.respond_by <= \
        timezone.now() + timedelta(hours=hours)
    assert case.next_deadline_label.startswith("Spoed: eerste contact uiterlijk")
    normal = lifecycle.record_report(
        ctx_of("lotte"), cast.household, kind="hulpvraag", title="Gewoon", concerns="Zorg",
        urgency="normaal", reported_on=timezone.localdate(), subjects=[cast.noor])
    assert normal.respond_by is None
