"""Every decision that weighs on a family rests on a complete decision record (decision
0051): the route, every phase decision (one person's, or a four-eyes proposal checked
again at its confirmation), the closure and a placement registered as granted are
refused with a Dutch sentence saying what is missing - no record, no facts, a fact
without a source, or (route, closure, placement) a fact without the family's view - and
nothing is written; once complete, the decision takes its record in the same transaction,
with the objection route and its last day.
Each rule is tested firing and staying silent; the pages and personas at the end."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier.cases import lifecycle, proposals
from netwerkdossier.cases.models import PhaseProposal, PhaseTransition
from netwerkdossier.decisions import services
from netwerkdossier.decisions.models import DecisionRecord
from netwerkdossier.dossier.models import Entry
from netwerkdossier.measures import services as measure_services
from netwerkdossier.measures.models import Measure
from netwerkdossier.measures.services import StatusIn
from netwerkdossier.synthetic import decision_records
from tests.safety.conftest import new_case, score_all  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _messages(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def _record(ctx, case, kind, to_phase=""):
    return services.start(ctx, case.household, kind=kind, case=case, to_phase=to_phase,
                          question="Wat besluiten we?")


def _fact(ctx, record, cast, sourced=True):
    return services.add_fact(ctx, record, services.FactIn(
        text="Vader kwam twee keer dronken thuis.", basis="gemeld",
        reported_by="moeder",
        source_entry_id=cast.entries["report"].pk if sourced else None))


def _ready(ctx, case, cast, to_phase):
    """Meet the transition's criteria (the setups of tests/safety/test_phase_rules.py)."""
    from tests.safety.test_phase_rules import SETUPS

    for key in lifecycle.transition_rule(case.phase, to_phase)["criteria"]:
        SETUPS[key][1](ctx, case, cast)


def _route(ctx, case):
    return lifecycle.record_route(ctx, case, route="lokaal_vrijwillig",
                                  rationale="Het lokale team werkt vrijwillig verder.")


# --- the route --------------------------------------------------------------------------

def test_the_route_is_refused_until_its_record_is_complete(cast, ctx_of, new_case):  # noqa: F811
    ctx = ctx_of("lotte")
    case = new_case("routebepaling")
    before = Entry.objects.filter(case=case).count()
    message = _messages(lambda: _route(ctx, case))
    assert "De route kan pas worden bepaald met een besluitverslag" in message
    record = _record(ctx, case, "route")
    assert "nog geen feiten" in _messages(lambda: _route(ctx, case))
    fact = _fact(ctx, record, cast, sourced=False)
    message = _messages(lambda: _route(ctx, case))
    assert "Feit 1 (\u201cVader kwam twee keer dronken thuis.\u201d) heeft geen bron" in message
    assert "Feit 1" in message and "nog geen visie van het gezin" in message
    services.add_source(ctx_of("lotte"), fact, source_entry_id=cast.entries["report"].pk)
    message = _messages(lambda: _route(ctx, case))
    assert "geen bron" not in message and "nog geen visie van het gezin" in message
    # "Nog niet gehoord" is a choice with a reason, never without one.
    assert "nog niet gehoord" in _messages(lambda: services.record_view(
        ctx, record, person_id=cast.mother.pk, answer="niet_gehoord", fact=fact))
    case.refresh_from_db()
    assert case.route == "" and Entry.objects.filter(case=case).count() == before
    services.record_view(ctx, record, person_id=cast.mother.pk, answer="niet_gehoord",
                         fact=fact, words="Moeder is deze week niet bereikbaar.")
    _route(ctx, case)
    case.refresh_from_db()
    record.refresh_from_db()
    assert case.route == "lokaal_vrijwillig"
    assert record.status == "genomen" and record.taken_on == TODAY()
    assert record.objection_route  # the local team's route (klacht), shown with it


def test_a_record_for_another_case_or_kind_does_not_count(cast, ctx_of, new_case):  # noqa: F811
    ctx = ctx_of("lotte")
    case, other = new_case("routebepaling"), new_case("routebepaling")
    decision_records.for_route(ctx, other)
    decision_records.for_phase(ctx, case, "directe_veiligheid")
    assert "besluitverslag" in _messages(lambda: _route(ctx, case))


# --- a phase decision one person takes ----------------------------------------------------

def test_a_direct_phase_decision_needs_facts_with_sources_not_views(cast, ctx_of,
                                                                    new_case):  # noqa: F811
    ctx = ctx_of("lotte")
    case = new_case("melding")
    _ready(ctx, case, cast, "veiligheidsbeoordeling")

    def move():
        return lifecycle.decide_transition(ctx, case, to_phase="veiligheidsbeoordeling",
                                           rationale="Melding ontvangen, beoordeling.",
                                           family_agrees="niet_gevraagd")

    assert "Dit fasebesluit kan pas worden genomen met een besluitverslag" in _messages(move)
    # A record for another phase does not count.
    _fact(ctx, _record(ctx, case, "fase", "routebepaling"), cast)
    assert "besluitverslag" in _messages(move)
    record = _record(ctx, case, "fase", "veiligheidsbeoordeling")
    fact = _fact(ctx, record, cast, sourced=False)
    assert "heeft geen bron" in _messages(move)
    assert not PhaseTransition.objects.filter(case=case).exists()
    services.add_source(ctx, fact, source_entry_id=cast.entries["report"].pk)
    transition = move()  # no family view needed for a phase decision
    record.refresh_from_db()
    assert transition.to_phase == "veiligheidsbeoordeling" and record.status == "genomen"


def test_a_phase_record_needs_a_phase_and_a_case(cast, ctx_of, new_case):  # noqa: F811
    ctx = ctx_of("lotte")
    case = new_case("melding")
    with pytest.raises(ValidationError) as caught:
        services.start(ctx, cast.household, kind="fase", case=case, question="x")
    assert "to_phase" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.start(ctx, cast.household, kind="route", question="x")
    assert "kind" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.start(ctx_of("ruben"), cast.household, kind="plaatsing", question="x")
    assert "welk kind" in caught.value.message_dict["person"][0]
    assert not DecisionRecord.objects.exists()


# --- closure ----------------------------------------------------------------------------

def test_a_direct_closure_needs_the_familys_view_of_each_fact(cast, ctx_of,
                                                              new_case):  # noqa: F811
    ctx = ctx_of("lotte")
    case = new_case("herstel")
    score_all(ctx, case, cast, 9)

    def close():
        return lifecycle.decide_transition(ctx, case, to_phase="afgesloten",
                                           rationale="Veilig genoeg.", family_agrees="ja")

    assert "Het traject kan pas worden afgesloten met een besluitverslag" in _messages(close)
    record = _record(ctx, case, "afsluiting")
    assert record.to_phase == "afgesloten"
    fact = _fact(ctx, record, cast)
    assert "nog geen visie van het gezin" in _messages(close)
    case.refresh_from_db()
    assert case.closed_on is None
    services.record_view(ctx, record, person_id=cast.father.pk, answer="oneens", fact=fact,
                         words="Ik was niet dronken, ik was moe.")
    close()
    case.refresh_from_db()
    record.refresh_from_db()
    assert case.phase == "afgesloten" and record.status == "genomen"


def test_a_four_eyes_closure_is_refused_without_a_complete_record(cast, ctx_of,
                                                                  new_case):  # noqa: F811
    lotte = ctx_of("lotte")
    case = new_case("herstel", triage_outcome="acuut_onveilig")
    _ready(lotte, case, cast, "afgesloten")

    def propose():
        return lifecycle.decide_transition(lotte, case, to_phase="afgesloten",
                                           rationale="Veilig genoeg, plan werkt.",
                                           family_agrees="ja")

    assert "afgesloten met een besluitverslag" in _messages(propose)
    record = _record(lotte, case, "afsluiting")
    fact = _fact(lotte, record, cast, sourced=False)
    assert "heeft geen bron" in _messages(propose)
    assert not PhaseProposal.objects.filter(case=case).exists()
    services.add_source(lotte, fact, source_entry_id=cast.entries["report"].pk)
    services.record_view(lotte, record, person_id=cast.mother.pk, answer="eens", fact=fact)
    proposal = propose()
    record.refresh_from_db()
    assert isinstance(proposal, PhaseProposal) and record.phase_proposal_id == proposal.pk
    # A fact added without a source after proposing blocks the confirmation.
    late = _fact(lotte, record, cast, sourced=False)
    assert "Feit 2" in _messages(lambda: proposals.confirm(ctx_of("ruben"), proposal))
    case.refresh_from_db()
    assert case.phase == "herstel"
    services.add_source(lotte, late, source_entry_id=cast.entries["report"].pk)
    services.record_view(lotte, record, person_id=cast.mother.pk, answer="eens", fact=late)
    proposals.confirm(ctx_of("ruben"), proposal)
    case.refresh_from_db()
    record.refresh_from_db()
    assert case.phase == "afgesloten" and record.status == "genomen"
    assert record.taken_by == cast.users["ruben"]


def test_every_four_eyes_phase_proposal_rests_on_a_complete_record(cast, ctx_of,
                                                                   new_case):  # noqa: F811
    """Leaving direct safety after an acute assessment (four eyes, not a closure): the
    proposal needs a record for that move with facts that each have a source - not the
    family's view - checked at the proposal and again at the confirmation."""
    lotte = ctx_of("lotte")
    case = new_case("directe_veiligheid", triage_outcome="acuut_onveilig")
    _ready(lotte, case, cast, "duurzame_veiligheid")

    def propose():
        return lifecycle.decide_transition(lotte, case, to_phase="duurzame_veiligheid",
                                           rationale="Twee maanden geen geweld.",
                                           family_agrees="ja")

    assert "Dit fasebesluit kan pas worden genomen met een besluitverslag" in \
        _messages(propose)
    # A record for another move does not count, nor a record without facts.
    _fact(lotte, _record(lotte, case, "fase", "herstel"), cast)
    assert "besluitverslag" in _messages(propose)
    record = _record(lotte, case, "fase", "duurzame_veiligheid")
    assert "nog geen feiten" in _messages(propose)
    fact = _fact(lotte, record, cast, sourced=False)
    assert "heeft geen bron" in _messages(propose)
    assert not PhaseProposal.objects.filter(case=case).exists()
    assert not PhaseTransition.objects.filter(case=case, to_phase="duurzame_veiligheid")
    record.refresh_from_db()
    assert record.phase_proposal_id is None and record.status == "concept"
    services.add_source(lotte, fact, source_entry_id=cast.entries["report"].pk)
    proposal = propose()  # no family view needed for a phase decision
    record.refresh_from_db()
    assert isinstance(proposal, PhaseProposal) and record.phase_proposal_id == proposal.pk
    assert record.status == "concept"  # taken only when confirmed
    late = _fact(lotte, record, cast, sourced=False)
    assert "Feit 2" in _messages(lambda: proposals.confirm(ctx_of("ruben"), proposal))
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.phase == "directe_veiligheid" and proposal.status == "open"
    services.add_source(lotte, late, source_entry_id=cast.entries["report"].pk)
    transition = proposals.confirm(ctx_of("ruben"), proposal)
    record.refresh_from_db()
    assert transition.to_phase == "duurzame_veiligheid"
    assert record.status == "genomen" and record.taken_by == cast.users["ruben"]
    assert record.taken_on == TODAY() and record.objection_route


def test_a_refused_proposal_leaves_its_record_to_the_next_proposal(cast, ctx_of,
                                                                   new_case):  # noqa: F811
    lotte = ctx_of("lotte")
    case = new_case("directe_veiligheid", triage_outcome="structureel_onveilig")
    _ready(lotte, case, cast, "duurzame_veiligheid")
    record = decision_records.for_phase(lotte, case, "duurzame_veiligheid")

    def propose():
        return lifecycle.decide_transition(lotte, case, to_phase="duurzame_veiligheid",
                                           rationale="Twee maanden geen geweld.",
                                           family_agrees="nee")

    first = propose()
    proposals.reject(ctx_of("ruben"), first, "Eerst nog een huisbezoek.")
    record.refresh_from_db()
    assert record.phase_proposal_id is None and record.status == "concept"
    _fact(lotte, record, cast)  # what the home visit showed
    second = propose()
    record.refresh_from_db()
    assert record.phase_proposal_id == second.pk
    proposals.confirm(ctx_of("ruben"), second)
    record.refresh_from_db()
    assert record.status == "genomen" and record.facts.count() == 2


# --- placement --------------------------------------------------------------------------

def _placement(ctx, cast, status="toegewezen"):
    start = TODAY() - timedelta(days=3)
    first = (StatusIn(status="toegewezen", status_on=start, starts_on=start,
                      source_reference="Beschikking C/15/9") if status == "toegewezen"
             else StatusIn(status="aangevraagd", source_reference="Verzoek C/15/9"))
    return measure_services.register(
        ctx, cast.household, person_id=cast.noor.pk, measure_key="machtiging_uithuisplaatsing",
        authority_kind="Kinderrechter", authority_name="Rechtbank Noord-Holland",
        requester="Gecertificeerde instelling", requested_on=start - timedelta(days=10),
        first=first)


def test_a_granted_placement_needs_a_complete_record_about_the_child(cast, ctx_of):
    ctx = ctx_of("ruben")
    message = _messages(lambda: _placement(ctx, cast))
    assert "Een uithuisplaatsing kan pas als toegewezen worden vastgelegd" in message
    # A record about another child does not count.
    decision_records.for_placement(ctx, cast.household, cast.daan.pk)
    assert "besluitverslag over dit kind" in _messages(lambda: _placement(ctx, cast))
    record = services.start(ctx, cast.household, kind="plaatsing", person_id=cast.noor.pk,
                            question="Plaatsing van Noor")
    fact = _fact(ctx, record, cast)
    assert "nog geen visie van het gezin" in _messages(lambda: _placement(ctx, cast))
    assert not Measure.objects.filter(person=cast.noor).exists()
    services.record_view(ctx, record, person_id=cast.noor.pk, answer="oneens", fact=fact,
                         words="Papa drinkt niet elke dag.")
    measure = _placement(ctx, cast)
    record.refresh_from_db()
    assert measure.status == "toegewezen" and record.status == "genomen"


def test_a_requested_placement_needs_no_record_but_its_grant_does(cast, ctx_of):
    ctx = ctx_of("ruben")
    measure = _placement(ctx, cast, status="aangevraagd")  # silent: not decided yet
    grant = StatusIn(status="toegewezen", status_on=TODAY(), starts_on=TODAY(),
                     source_reference="Beschikking C/15/9")
    assert "besluitverslag" in _messages(
        lambda: measure_services.change_status(ctx, measure, grant))
    measure.refresh_from_db()
    assert measure.status == "aangevraagd"
    record = decision_records.for_placement(ctx, cast.household, cast.noor.pk)
    measure_services.change_status(ctx, measure, grant)
    record.refresh_from_db()
    assert record.status == "genomen"


def test_other_measures_need_no_record(cast, ctx_of):
    measure = measure_services.register(
        ctx_of("ruben"), cast.household, person_id=cast.noor.pk, measure_key="ots",
        authority_kind="Kinderrechter", authority_name="Rechtbank Noord-Holland",
        first=StatusIn(status="toegewezen", status_on=TODAY(), starts_on=TODAY(),
                       source_reference="Beschikking C/15/8"))
    assert measure.status == "toegewezen"


# --- the pages --------------------------------------------------------------------------

def test_the_case_page_makes_the_record_and_shows_what_is_missing(cast, ctx_of, login,
                                                                  new_case):  # noqa: F811
    case = new_case("routebepaling")
    client = login("lotte")
    page = client.get(f"/trajecten/{case.pk}").content.decode()
    assert "Besluitverslag voor de route" in page
    made = client.post(f"/trajecten/{case.pk}/besluitverslag", {"kind": "route"})
    record = DecisionRecord.objects.get(case=case, kind="route")
    assert made.url == f"/besluitverslagen/{record.pk}"
    again = client.post(f"/trajecten/{case.pk}/besluitverslag", {"kind": "route"})
    assert again.url == made.url  # the same concept, never a second one
    response = client.post(f"/trajecten/{case.pk}/route", {
        "route-route": "lokaal_vrijwillig", "route-rationale": "Lokaal verder met het gezin."})
    html = response.content.decode()
    assert "Dit besluit heeft nog geen feiten" in html
    _fact(ctx_of("lotte"), record, cast, sourced=False)
    html = client.get(f"/trajecten/{case.pk}").content.decode()
    assert "heeft geen bron" in html and 'id="besluitverslagen"' in html


def test_the_taken_decision_shows_its_objection_route(cast, ctx_of, login,
                                                      new_case):  # noqa: F811
    case = new_case("routebepaling")
    record = decision_records.for_route(ctx_of("lotte"), case)
    _route(ctx_of("lotte"), case)
    record.refresh_from_db()
    html = login("lotte").get(f"/trajecten/{case.pk}").content.decode()
    assert 'data-status="genomen"' in html and "Bezwaar" in html
    if record.objection_until:
        assert f'data-until="{record.objection_until:%Y-%m-%d}"' in html


@pytest.mark.parametrize("username,status", [("olga", 404), ("gert", 404)])
def test_others_cannot_make_a_record_from_the_case_page(
        cast, login, new_case, username, status):  # noqa: F811
    case = new_case("routebepaling")
    response = login(username).post(f"/trajecten/{case.pk}/besluitverslag",
                                    {"kind": "route"})
    assert response.status_code == status
    assert not DecisionRecord.objects.filter(case=case).exists()


def test_the_placement_record_is_made_from_the_household_decisions(cast, login):
    client = login("ruben")
    page = client.get(f"/huishoudens/{cast.household.pk}/besluiten").content.decode()
    assert "Besluitverslag voor een uithuisplaatsing" in page
    response = client.post(f"/huishoudens/{cast.household.pk}/plaatsingsbesluit",
                           {"person": str(cast.noor.pk)})
    record = DecisionRecord.objects.get(kind="plaatsing", person=cast.noor)
    assert response.url == f"/besluitverslagen/{record.pk}"
    assert login("olga").post(f"/huishoudens/{cast.household.pk}/plaatsingsbesluit",
                              {"person": str(cast.noor.pk)}).status_code == 404


def test_the_measure_form_refuses_a_placement_without_its_record(cast, login):
    start = TODAY() - timedelta(days=2)
    response = login("ruben").post(f"/huishoudens/{cast.household.pk}/maatregelen/nieuw", {
        "person": str(cast.noor.pk), "measure_key": "machtiging_uithuisplaatsing",
        "authority_kind": "Kinderrechter", "authority_name": "Rechtbank Noord-Holland",
        "case_number": "C/15/7", "status": "toegewezen", "status_on": start.isoformat(),
        "starts_on": start.isoformat(), "source_reference": "Beschikking C/15/7"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een uithuisplaatsing kan pas als toegewezen worden vastgelegd" in html
    assert "Besluiten en verzoekschriften" in html
    assert not Measure.objects.filter(case_number="C/15/7").exists()


@pytest.mark.parametrize("username,sees", [("lotte", True), ("ruben", True),
                                           ("gert", False)])
def test_who_sees_the_cases_records_on_the_case_page(
        cast, ctx_of, login, new_case, username, sees):  # noqa: F811
    """The owner and the vast duo of the other organisation read them; GGZ in the team
    reads the wijkteam's decisions only with the family's consent (none here)."""
    case = new_case("routebepaling")
    record = decision_records.for_route(ctx_of("lotte"), case)
    page = login(username).get(f"/trajecten/{case.pk}")
    assert page.status_code == 200
    assert (f"/besluitverslagen/{record.pk}" in page.content.decode()) is sees


def test_what_is_missing_never_quotes_a_record_the_decider_may_not_read(cast, ctx_of):
    """GGZ starts a placement record about Noor with a fact from its own file; Ruben may
    not read it. His grant is refused with the general sentence, not with GGZ's fact,
    and the record is not taken under his decision."""
    from netwerkdossier.access.api import READ, decide

    gert = ctx_of("gert", purpose="hulpverlening")
    secret = services.start(gert, cast.household, kind="plaatsing", person_id=cast.noor.pk,
                            question="Plaatsing van Noor")
    services.add_fact(gert, secret, services.FactIn(
        text="GEHEIM-GGZ: behandelnotitie over moeder", basis="gemeld",
        reported_by="moeder"))
    ruben = ctx_of("ruben")
    assert not decide(ruben, READ, secret).allowed
    message = _messages(lambda: _placement(ruben, cast))
    assert "GEHEIM-GGZ" not in message
    assert "Een uithuisplaatsing kan pas als toegewezen worden vastgelegd" in message
    # Ruben's own complete record is the one his grant takes.
    own = decision_records.for_placement(ruben, cast.household, cast.noor.pk)
    _placement(ruben, cast)
    own.refresh_from_db()
    secret.refresh_from_db()
    assert (own.status, secret.status) == ("genomen", "concept")
