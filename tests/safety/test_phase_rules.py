"""Every transition and every criterion in rules/phases.toml is tested here: the tests
are parametrized over the data file, so a new rule without a test setup fails."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from netwerkdossier.cases import lifecycle, proposals
from netwerkdossier.cases.models import Case, PhaseProposal, PhaseTransition, TeamAssignment
from netwerkdossier.decisions import services as decision_services
from netwerkdossier.dossier.models import Entry
from netwerkdossier.safety import services
from netwerkdossier.safety.models import Agreement, AgreementStatusChange
from netwerkdossier.synthetic import decision_records

from .conftest import open_agreement, score_all

TRANSITIONS = lifecycle.config()["transition"]
CRITERIA = [c["key"] for c in lifecycle.config()["criterion"]]


def _set(case, **fields):
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()


def _keep_all(ctx, case, cast):
    for a in Agreement.objects.filter(plan__case=case, status="open"):
        services.set_agreement_status(ctx, a, status="nagekomen")


def _plan(ctx, case, cast):
    services.add_danger(ctx, case, worried_by="School", statement="Noor is bang bij ruzie.",
                        safety_goal="Noor voelt zich veilig thuis.")
    open_agreement(ctx, case, cast)


def _incident_now(ctx, case, cast):
    broken = open_agreement(ctx, case, cast, action="Vader komt niet onaangekondigd")
    services.set_agreement_status(ctx, broken, status="niet_nagekomen", note="Kwam toch")


def _incident_long_ago(ctx, case, cast):
    days = max(t.get("incident_free_days", 0) for t in TRANSITIONS) + 1
    AgreementStatusChange.objects.filter(agreement__plan__case=case).update(
        changed_at=timezone.now() - timedelta(days=days))
    # The broken agreement is made again, so it blocks nothing else.
    for a in Agreement.objects.filter(plan__case=case, status="niet_nagekomen"):
        services.set_agreement_status(ctx, a, status="vervallen", note="Vervangen")


def _casusregisseur_leaves(ctx, case, cast):
    # Leaves tomorrow: still holds the role today (a role ending today is no longer
    # held, cases/team.py), but not until the last follow-up check.
    TeamAssignment.objects.filter(case=case, role="casusregisseur").update(
        valid_to=timezone.localdate() + timedelta(days=1))


def _casusregisseur_stays(ctx, case, cast):
    TeamAssignment.objects.filter(case=case, role="casusregisseur").update(valid_to=None)


# criterion -> (make it fail, make it pass); applied in the order of this dict
SETUPS = {
    "melding_vastgelegd": (None, lambda ctx, case, cast: _set(case, reported_on=case.opened_on)),
    "triage_vastgelegd": (None, lambda ctx, case, cast: _set(case, triage_outcome="zorgen")),
    "route_gekozen": (None, lambda ctx, case, cast: _set(case, route="lokaal_vrijwillig")),
    "veiligheidsplan_compleet": (None, _plan),
    "afspraken_nagekomen": (open_agreement, _keep_all),
    "schaalvraag_minimaal": (lambda ctx, case, cast: score_all(ctx, case, cast, 0),
                             lambda ctx, case, cast: score_all(ctx, case, cast, 10)),
    "geen_open_afspraken": (open_agreement, _keep_all),
    "geen_incident": (_incident_now, _incident_long_ago),
    "triage_niet_onveilig": (
        lambda ctx, case, cast: _set(case, triage_outcome="acuut_onveilig"),
        lambda ctx, case, cast: _set(case, triage_outcome="zorgen")),
    "nacontroles_gepland": (_casusregisseur_leaves, _casusregisseur_stays),
}


def decide(proposer, confirmer, case, **kwargs):
    """A phase decision to the end, on a complete decision record (decision 0051): where
    the rule asks four eyes, the other confirms."""
    to_phase = kwargs["to_phase"]
    if decision_services.concept_for(proposer, kind=decision_services.phase_kind(to_phase),
                                     case=case, to_phase=to_phase) is None:
        decision_records.for_phase(proposer, case, to_phase)
    result = lifecycle.decide_transition(proposer, case, **kwargs)
    if isinstance(result, PhaseProposal):
        assert not PhaseTransition.objects.filter(case=case, to_phase=kwargs["to_phase"]) \
            .exists()
        return proposals.confirm(confirmer, result)
    return result


def test_every_criterion_has_a_check_and_a_test_setup():
    assert set(CRITERIA) == set(lifecycle.CHECKS) == set(SETUPS)


def test_rules_file_is_consistent():
    phases = lifecycle.phase_order()
    assert phases == [p.value for p in lifecycle.Phase]
    for record in lifecycle.config()["phase"] + TRANSITIONS + lifecycle.config()["criterion"]:
        assert record["source"].strip()
    for t in TRANSITIONS:
        assert t["from"] in phases and t["to"] in phases
        assert set(t["criteria"]) <= set(CRITERIA)
        assert "consultant" not in t["roles"]
        # No transition skips a phase forwards.
        assert phases.index(t["to"]) <= phases.index(t["from"]) + 1 or t["to"] == "afgesloten"


def _name(t):
    return f"{t['from']}->{t['to']}"


@pytest.mark.parametrize("rule", TRANSITIONS, ids=_name)
def test_transition_blocked_until_its_criteria_are_met(rule, cast, ctx_of, new_case):
    ctx = ctx_of("lotte")
    case = new_case(rule["from"])
    decision_records.for_phase(ctx, case, rule["to"])
    keys = [k for k in SETUPS if k in rule["criteria"]]
    for key in keys:
        if SETUPS[key][0]:
            SETUPS[key][0](ctx, case, cast)
    family = "ja"
    if keys:
        before = (PhaseTransition.objects.count(), Entry.objects.count())
        with pytest.raises(ValidationError) as info:
            lifecycle.decide_transition(ctx, case, to_phase=rule["to"],
                                        rationale="Besproken in het team.", family_agrees=family)
        messages = info.value.message_dict["__all__"]
        assert len(messages) == len(keys)
        for key, message in zip(rule["criteria"], messages, strict=True):
            start = lifecycle.criterion_rule(key)["missing"].split("{")[0]
            assert message.startswith(start), (key, message)
        assert (PhaseTransition.objects.count(), Entry.objects.count()) == before
        case.refresh_from_db()
        assert case.phase == rule["from"]
    for key in keys:
        SETUPS[key][1](ctx, case, cast)
    transition = decide(ctx, ctx_of("ruben"), case, to_phase=rule["to"],
                        rationale="Besproken in het team.", family_agrees=family)
    case.refresh_from_db()
    assert case.phase == rule["to"]
    assert transition.from_phase == rule["from"] and transition.decided_role == "casusregisseur"
    assert transition.entry.kind == "decision"
    assert "Besproken in het team." in transition.entry.text
    assert "het gezin is het eens" in transition.entry.text


@pytest.mark.parametrize("rule", TRANSITIONS, ids=_name)
@pytest.mark.parametrize("username", ["gert", "tamara"])
def test_only_the_roles_in_the_rule_may_decide(rule, username, ctx_of, new_case):
    case = new_case(rule["from"])
    with pytest.raises(PermissionDenied) as info:
        lifecycle.decide_transition(ctx_of(username), case, to_phase=rule["to"],
                                    rationale="Besproken in het team.", family_agrees="ja")
    assert "Alleen de casusregisseur" in str(info.value)
    assert not PhaseTransition.objects.filter(case=case).exists()


@pytest.mark.parametrize("rule", [t for t in TRANSITIONS if "vast_duo" in t["roles"]],
                         ids=_name)
def test_the_fixed_duo_may_decide(rule, cast, ctx_of, new_case):
    case = new_case(rule["from"])
    ctx = ctx_of("ruben")
    for key in rule["criteria"]:
        SETUPS[key][1](ctx_of("lotte"), case, cast)
    decide(ctx, ctx_of("lotte"), case, to_phase=rule["to"], rationale="Besproken.   ok",
           family_agrees="ja")
    assert PhaseTransition.objects.get(case=case).decided_role == "vast_duo"


@pytest.mark.parametrize("rule", [t for t in TRANSITIONS if t["family_heard_required"]],
                         ids=_name)
def test_family_must_be_heard_where_the_rule_says_so(rule, ctx_of, new_case):
    case = new_case(rule["from"])
    with pytest.raises(ValidationError) as info:
        lifecycle.decide_transition(ctx_of("lotte"), case, to_phase=rule["to"],
                                    rationale="Besproken in het team.",
                                    family_agrees="niet_gevraagd")
    assert "gezin gehoord" in info.value.message_dict["family_agrees"][0]
