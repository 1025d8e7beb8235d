"""A four-eyes phase decision with its decision record (decisions/, issue 14 point 5,
decision 0051): the proposal rests on the complete record made beforehand from the case
page, which it then owns; confirming is refused while a fact added since lacks a source
(nothing written: no transition, the record stays a concept), and once every fact has one
the confirmation takes the record with the transition. A proposal made before the rule,
without a record, is refused at confirmation until its record is made and complete (the
page for that: /trajecten/<id>/fasevoorstel/besluitverslag)."""

import pytest
from django.core.exceptions import ValidationError

from netwerkdossier.cases import proposals
from netwerkdossier.cases.models import PhaseProposal, PhaseTransition
from netwerkdossier.decisions import services
from netwerkdossier.decisions.models import DecisionRecord

from .test_four_eyes import phase_1, propose  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _old_proposal(cast, case):
    """An open proposal as one was made before every proposal needed a record."""
    return PhaseProposal.objects.create(
        case=case, from_phase=case.phase, to_phase="duurzame_veiligheid",
        rationale="Twee maanden geen geweld.", family_agrees="nee",
        proposed_by=cast.users["lotte"], proposed_role="casusregisseur",
        proposed_organisation=cast.skeleton.wijkteams["Noorderveld"])


def test_a_fact_added_without_source_blocks_the_confirmation(cast, ctx_of, phase_1,  # noqa: F811
                                                             login):
    proposal = propose(ctx_of("lotte"), phase_1)
    record = DecisionRecord.objects.get(phase_proposal=proposal)
    assert record.kind == "fase" and record.person is None
    assert record.to_phase == "duurzame_veiligheid"
    fact = services.add_fact(ctx_of("lotte"), record, services.FactIn(
        text="Sinds acht weken geen nieuwe melding.", basis="waargenomen"))
    page = login("lotte").get(f"/trajecten/{phase_1.pk}").content.decode()
    assert "bevestigen kan nog niet" in page
    assert "Feit 2 (\u201cSinds acht weken geen nieuwe melding.\u201d) heeft geen bron" in page
    with pytest.raises(ValidationError) as exc:
        proposals.confirm(ctx_of("ruben"), proposal)
    assert "Feit 2" in " ".join(exc.value.messages)
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    assert not PhaseTransition.objects.filter(case=phase_1, to_phase="duurzame_veiligheid")
    record.refresh_from_db()
    assert record.status == "concept"
    services.add_source(ctx_of("lotte"), fact, source_entry_id=cast.entries["report"].pk)
    proposals.confirm(ctx_of("ruben"), proposal)
    record.refresh_from_db()
    assert record.status == "genomen" and record.taken_by == cast.users["ruben"]
    assert record.objection_route  # the route for the local team's decision


def test_a_proposal_made_before_the_rule_needs_its_record_to_be_confirmed(
        cast, ctx_of, phase_1, login):  # noqa: F811
    proposal = _old_proposal(cast, phase_1)
    with pytest.raises(ValidationError) as exc:
        proposals.confirm(ctx_of("ruben"), proposal)
    assert "kan pas worden genomen met een besluitverslag" in " ".join(exc.value.messages)
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    made = login("lotte").post(f"/trajecten/{phase_1.pk}/fasevoorstel/besluitverslag")
    assert made.status_code == 302
    record = DecisionRecord.objects.get(phase_proposal=proposal)
    with pytest.raises(ValidationError, match="nog geen feiten"):
        proposals.confirm(ctx_of("ruben"), proposal)
    services.add_fact(ctx_of("lotte"), record, services.FactIn(
        text="Sinds acht weken geen nieuwe melding.", basis="waargenomen",
        source_entry_id=cast.entries["report"].pk))
    proposals.confirm(ctx_of("ruben"), proposal)
    phase_1.refresh_from_db()
    record.refresh_from_db()
    assert phase_1.phase == "duurzame_veiligheid" and record.status == "genomen"


def test_an_outsider_cannot_make_the_record(cast, ctx_of, phase_1, login):  # noqa: F811
    _old_proposal(cast, phase_1)
    response = login("olga").post(f"/trajecten/{phase_1.pk}/fasevoorstel/besluitverslag")
    assert response.status_code == 404
    assert not DecisionRecord.objects.exists()
