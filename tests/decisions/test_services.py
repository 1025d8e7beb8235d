"""The services of decision records and requests for a measure: a fact without a source
blocks (the approval, sharing, sending), the author never reviews, nor does someone of
the author's organisation; sending back needs reasons; bad input saves nothing and is
answered in Dutch; sending registers the measure "aangevraagd" and takes the decision."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.accounts.models import Notification, User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.decisions import requests, services
from netwerkdossier.decisions.models import (
    DecisionRecord,
    Dissent,
    Fact,
    FamilyView,
    MeasureRequest,
    Review,
)
from netwerkdossier.measures.models import Measure
from netwerkdossier.organisations.models import Membership

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _messages(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def _source_the_third(world, raad):
    fact = world.decision.facts.get(number=3)
    services.add_source(raad, fact, source_entry_id=world.entries["report"].pk)


def _approved(world, raad, ruben):
    """Send back (the flagged fact), source it, ask again, approve."""
    requests.answer_review(ruben, world.review, outcome="teruggestuurd",
                           reasons="Feit 3 heeft geen bron.")
    _source_the_third(world, raad)
    review = requests.ask_review(raad, world.request, world.users["ruben"].pk)
    requests.answer_review(ruben, review, outcome="goedgekeurd", reasons="")
    world.request.refresh_from_db()
    return review


def test_the_demo_request_has_a_flagged_fact_and_a_pending_review(world):
    assert world.request.status == MeasureRequest.Status.TER_TOETSING
    assert [f.has_source for f in world.decision.facts.order_by("number")] == \
        [True, True, False]
    missing = services.missing_sources(world.decision)
    assert len(missing) == 1 and missing[0].startswith("Feit 3 (")
    assert "heeft geen bron" in missing[0]
    assert Notification.objects.filter(recipient=world.users["ruben"],
                                       kind="measure_request.review").exists()


def test_a_fact_without_source_blocks_the_approval_and_nothing_changes(world, ruben):
    with pytest.raises(ValidationError) as exc:
        requests.answer_review(ruben, world.review, outcome="goedgekeurd", reasons="")
    assert "Feit 3" in _messages(exc) and "geen bron" in _messages(exc)
    world.review.refresh_from_db()
    world.request.refresh_from_db()
    assert world.review.outcome == "" and world.request.status == "ter_toetsing"


def test_a_fact_without_source_blocks_sharing_and_taking_the_decision(world, raad, ruben):
    requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="Bron?")
    with pytest.raises(ValidationError) as exc:
        requests.share_with_family(raad, world.request)
    assert "Feit 3" in _messages(exc)
    with pytest.raises(ValidationError):
        services.take(raad, world.decision)
    world.request.refresh_from_db()
    world.decision.refresh_from_db()
    assert world.request.shared_on is None and not world.decision.shared_with_family
    assert world.decision.status == DecisionRecord.Status.CONCEPT


def test_the_author_cannot_review(world, raad, ruben):
    with pytest.raises(PermissionDenied) as exc:
        requests.answer_review(raad, world.review, outcome="goedgekeurd", reasons="")
    assert "zelf" in str(exc.value)
    assert world.users["rianne"].pk not in {
        a.user_id for a in requests.reviewers(world.request, world.users["rianne"])}
    requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="Bron?")
    with pytest.raises(ValidationError) as asked:
        requests.ask_review(raad, world.request, world.users["rianne"].pk)
    assert "eigen verzoekschrift" in _messages(asked)
    assert Review.objects.filter(request=world.request).count() == 1


def test_a_reviewer_of_the_same_organisation_cannot_review(world, raad, cast):
    # A colleague of the Raad in the team: not offered, and refused when asked anyway.
    colleague = User.objects.create(username="raadcollega", first_name="Rob")
    raad_org = world.users["rianne"].memberships.first().organisation
    Membership.objects.create(user=colleague, organisation=raad_org,
                              discipline="raadsonderzoeker",
                              valid_from=TODAY() - timedelta(days=30))
    TeamAssignment.objects.create(case=world.case, user=colleague, organisation=raad_org,
                                  role=TeamAssignment.Role.CONSULTANT,
                                  valid_from=world.case.opened_on)
    offered = {a.user_id for a in requests.reviewers(world.request, world.users["rianne"])}
    assert colleague.pk not in offered and world.users["ruben"].pk in offered
    Review.objects.filter(pk=world.review.pk).update(reviewer=colleague,
                                                     reviewer_organisation=raad_org)
    world.review.refresh_from_db()
    ctx = context_for(colleague, purpose="advies_rechter")
    with pytest.raises(PermissionDenied) as exc:
        requests.answer_review(ctx, world.review, outcome="goedgekeurd", reasons="")
    assert "dezelfde organisatie" in str(exc.value)


def test_only_the_asked_reviewer_answers(world):
    lotte = context_for(world.users["lotte"], purpose="hulpverlening")
    with pytest.raises(PermissionDenied) as exc:
        requests.answer_review(lotte, world.review, outcome="teruggestuurd", reasons="x")
    assert "gevraagde toetser" in str(exc.value)


def test_sending_back_needs_reasons_and_is_recorded(world, raad, ruben):
    with pytest.raises(ValidationError) as exc:
        requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="  ")
    assert "waarom u het verzoekschrift terugstuurt" in _messages(exc)
    with pytest.raises(ValidationError) as none:
        requests.answer_review(ruben, world.review, outcome="", reasons="")
    assert "Kies de uitkomst" in _messages(none)
    requests.answer_review(ruben, world.review, outcome="teruggestuurd",
                           reasons="Feit 3 rust nergens op.")
    world.review.refresh_from_db()
    world.request.refresh_from_db()
    assert world.review.outcome == "teruggestuurd"
    assert world.review.reasons == "Feit 3 rust nergens op."
    assert world.request.status == "teruggestuurd"
    assert Notification.objects.filter(recipient=world.users["rianne"],
                                       kind="measure_request.review").exists()
    assert AccessLogRecord.objects.filter(event_code="measure_request.review.answer",
                                          object_type="measure_request_review").exists()


def test_a_change_after_the_question_makes_the_review_stale(world, raad, ruben):
    requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="Bron?")
    _source_the_third(world, raad)
    review = requests.ask_review(raad, world.request, world.users["ruben"].pk)
    assert review.request_version == MeasureRequest.objects.get(
        pk=world.request.pk).version
    Review.objects.filter(pk=review.pk).update(request_version=review.request_version - 1)
    review.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        requests.answer_review(ruben, review, outcome="goedgekeurd", reasons="")
    assert "veranderd sinds" in _messages(exc)


def test_bad_fact_input_is_dutch_and_saves_nothing(world, raad, ruben):
    requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="Bron?")
    before = Fact.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_fact(raad, world.decision, services.FactIn(
            text="", basis="gemeld", reported_by="",
            source_entry_id=world.entries["secrecy"].pk))
    errors = exc.value.message_dict
    assert errors["text"] == ["Schrijf het feit op."]
    assert errors["reported_by"] == ["Noem wie het heeft gemeld."]
    assert "mag haar niet lezen" in errors["source_entry"][0]  # GGZ secrecy: not hers
    with pytest.raises(ValidationError) as basis:
        services.add_fact(raad, world.decision, services.FactIn(text="x", basis=""))
    assert "Kies hoe het feit bekend is" in basis.value.message_dict["basis"][0]
    with pytest.raises(ValidationError):
        services.add_fact(raad, world.decision, services.FactIn(
            text="x", basis="waargenomen", source_entry_id="niet-een-id"))
    assert Fact.objects.count() == before


def test_facts_are_frozen_while_the_review_runs(world, raad):
    with pytest.raises(ValidationError) as exc:
        services.add_fact(raad, world.decision, services.FactIn(text="x",
                                                                basis="waargenomen"))
    assert "ter toetsing" in _messages(exc)


def test_a_source_once_given_is_never_replaced(world, raad, ruben):
    requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="Bron?")
    fact = world.decision.facts.get(number=1)
    with pytest.raises(ValidationError) as exc:
        services.add_source(raad, fact, source_entry_id=world.entries["report"].pk)
    assert "al een bron" in _messages(exc)


def test_family_views_are_never_preselected_and_disagreement_needs_words(world, raad):
    fact = world.decision.facts.get(number=2)
    before = FamilyView.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.record_view(raad, world.decision, person_id=world.mother.pk, answer="",
                             fact=fact)
    assert "Kies wat het gezinslid vindt" in _messages(exc)
    with pytest.raises(ValidationError) as words:
        services.record_view(raad, world.decision, person_id=world.mother.pk,
                             answer="oneens", fact=fact)
    assert "eigen woorden" in _messages(words)
    with pytest.raises(ValidationError):
        services.record_view(raad, world.decision, person_id=world.users["lotte"].pk,
                             answer="eens", fact=fact)
    assert FamilyView.objects.count() == before


def test_only_the_owner_organisation_writes_facts_and_views(world, ruben):
    with pytest.raises(PermissionDenied):
        services.record_view(ruben, world.decision, person_id=world.mother.pk,
                             answer="eens", fact=world.decision.facts.first())


def test_dissent_by_a_team_member_with_reasons(world, ruben):
    with pytest.raises(ValidationError) as exc:
        services.record_dissent(ruben, world.decision, "")
    assert "waarom u het niet eens bent" in _messages(exc)
    dissent = services.record_dissent(ruben, world.decision, "Eerst vrijwillige hulp "
                                                             "met een gezinscoach.")
    assert dissent.organisation == world.users["ruben"].memberships.first().organisation
    # The police officer does not read the Raad's record: no dissent from outside it.
    piet = context_for(world.users["piet"], purpose="veiligheidsbeoordeling")
    with pytest.raises(PermissionDenied):
        services.record_dissent(piet, world.decision, "Niet eens.")
    assert Dissent.objects.count() == 1


def test_client_support_is_never_preselected(world, raad):
    with pytest.raises(ValidationError) as exc:
        requests.record_support(raad, world.request, offered_on=None, by="", answer="")
    errors = exc.value.message_dict
    assert set(errors) == {"offered_on", "by", "answer"}
    world.request.refresh_from_db()
    assert world.request.support_offered_on is None and world.request.support_answer == ""


def test_a_request_only_by_the_catalogue_s_requester(world, cast):
    ruben = context_for(world.users["ruben"], purpose="hulpverlening")
    with pytest.raises(PermissionDenied) as exc:
        requests.draft(ruben, cast.household, person_id=cast.daan.pk, measure_key="ots",
                       court="Rechtbank", grounds="x")
    assert "Raad voor de Kinderbescherming" in str(exc.value)
    raad = context_for(world.users["rianne"], purpose="advies_rechter")
    before = MeasureRequest.objects.count(), DecisionRecord.objects.count()
    with pytest.raises(ValidationError) as bad:
        requests.draft(raad, cast.household, person_id=world.users["lotte"].pk,
                       measure_key="tijdelijk_huisverbod", court="", grounds="")
    errors = bad.value.message_dict
    assert "kan niet worden verzocht door Raad voor de Kinderbescherming" in \
        errors["measure_key"][0]
    assert set(errors) == {"person", "measure_key", "court", "grounds"}
    assert (MeasureRequest.objects.count(), DecisionRecord.objects.count()) == before


def test_the_whole_way_to_sending(world, raad, ruben):
    _approved(world, raad, ruben)
    assert world.request.status == "goedgekeurd"
    with pytest.raises(ValidationError) as early:
        requests.send(raad, world.request, reference="RvdK-1")
    text = _messages(early)
    assert "cliëntondersteuning" in text and "nog niet gekregen" in text
    requests.record_support(raad, world.request, offered_on=TODAY(),
                            by="Cliëntondersteuning Noorderveld", answer="aangenomen")
    shared = requests.share_with_family(raad, world.request)
    assert shared.respond_by == TODAY() + timedelta(days=14)
    notified = set(Notification.objects.filter(kind="measure_request.shared")
                   .values_list("recipient__username", flat=True))
    assert notified == {"sanne"}  # Noor (9) has no login; Mark has no gezag
    with pytest.raises(ValidationError) as waiting:
        requests.send(raad, world.request, reference="RvdK-1")
    assert "kan nog reageren" in _messages(waiting)
    sanne = context_for(world.family_users["sanne"], channel="portaal")
    world.request.refresh_from_db()
    requests.respond(sanne, world.request,
                     answers={str(world.decision.facts.get(number=2).pk): ("eens", "")},
                     words="Ik wil graag zelf met de rechter praten.")
    sent = requests.send(raad, world.request, reference="RvdK-1")
    assert sent.status == "verzonden" and sent.measure.status == "aangevraagd"
    assert Measure.objects.get(pk=sent.measure_id).requester == \
        "Raad voor de Kinderbescherming"
    decision = DecisionRecord.objects.get(pk=world.decision.pk)
    assert decision.status == "genomen" and decision.objection_route == \
        "rechter_kinderrechter"
    assert decision.objection_until is None  # runs from the court's decision


def test_a_failed_registration_leaves_the_request_unsent(world, raad, ruben, monkeypatch):
    _approved(world, raad, ruben)
    requests.record_support(raad, world.request, offered_on=TODAY(), by="MEE",
                            answer="afgeslagen")
    requests.share_with_family(raad, world.request,
                               today=TODAY() - timedelta(days=20))
    world.request.refresh_from_db()

    def refuse(*args, **kwargs):
        raise ValidationError({"status": ["Kan niet."]})

    monkeypatch.setattr(requests.measure_services, "register", refuse)
    with pytest.raises(ValidationError):
        requests.send(raad, world.request, reference="RvdK-2")
    world.request.refresh_from_db()
    assert world.request.status == "goedgekeurd" and world.request.measure_id is None
    assert DecisionRecord.objects.get(pk=world.decision.pk).status == "concept"
