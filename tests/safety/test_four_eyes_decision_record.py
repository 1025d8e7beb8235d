"""A four-eyes phase decision with its decision record (decisions/, issue 14 point 5): the
record is made from the case page, its facts link their source; confirming is refused
while a fact lacks a source (nothing written: no transition, the record stays a concept),
and once every fact has one the confirmation takes the record with the transition."""

import pytest
from django.core.exceptions import ValidationError

from netwerkdossier.cases import proposals
from netwerkdossier.cases.models import PhaseTransition
from netwerkdossier.decisions import services
from netwerkdossier.decisions.models import DecisionRecord

from .test_four_eyes import phase_1, propose  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_fact_without_source_blocks_the_confirmation(cast, ctx_of, phase_1, login):  # noqa: F811
    proposal = propose(ctx_of("lotte"), phase_1)
    client = login("lotte")
    made = client.post(f"/trajecten/{phase_1.pk}/fasevoorstel/besluitverslag")
    assert made.status_code == 302
    record = DecisionRecord.objects.get(phase_proposal=proposal)
    assert record.kind == "fase" and record.person is None
    fact = services.add_fact(ctx_of("lotte"), record, services.FactIn(
        text="Sinds acht weken geen nieuwe melding.", basis="waargenomen"))
    page = client.get(f"/trajecten/{phase_1.pk}").content.decode()
    assert "1 feit zonder bron: bevestigen kan nog niet" in page
    with pytest.raises(ValidationError) as exc:
        proposals.confirm(ctx_of("ruben"), proposal)
    assert "Feit 1" in " ".join(exc.value.messages)
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    assert not PhaseTransition.objects.filter(case=phase_1, to_phase="duurzame_veiligheid")
    services.add_source(ctx_of("lotte"), fact, source_entry_id=cast.entries["report"].pk)
    proposals.confirm(ctx_of("ruben"), proposal)
    record.refresh_from_db()
    assert record.status == "genomen" and record.taken_by == cast.users["ruben"]
    assert record.objection_route  # the route for the local team's decision


def test_a_proposal_without_a_record_is_confirmed_as_before(ctx_of, phase_1):  # noqa: F811
    proposal = propose(ctx_of("lotte"), phase_1)
    proposals.confirm(ctx_of("ruben"), proposal)
    phase_1.refresh_from_db()
    assert phase_1.phase == "duurzame_veiligheid"


def test_an_outsider_cannot_make_the_record(ctx_of, phase_1, login):  # noqa: F811
    propose(ctx_of("lotte"), phase_1)
    response = login("olga").post(f"/trajecten/{phase_1.pk}/fasevoorstel/besluitverslag")
    assert response.status_code == 404
    assert not DecisionRecord.objects.exists()
