"""Who reads which kind of household work: every household-work kind of the catalogue
against every persona, with the expected answer written in the table (issue 10).

The objects are built in Gezin Jansen (synthetic/personas.py): case led by wijkteam
Noorderveld in phase directe_veiligheid; every object is the local team's. Consent
'delen_netwerk': Sanne for herself, Noor and Daan; Daan (14) not himself, so a share
that needs everyone's consent (an analysis or plan is about the whole household) does
not hold, while one about Sanne alone does.

Both forms of the rule are asked for every cell: decide() on the object and visible() on
its model; they must agree. A new household-work kind in the catalogue fails
test_every_kind_has_a_row until it is given a column here.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    context_for,
    decide,
    visible,
    visible_in_households,
)
from netwerkdossier.access.catalogue import HOUSEHOLD_WORK, KINDS
from netwerkdossier.access.models import BreakGlass, CaseTableParticipant, CaseTableSession
from netwerkdossier.accounts.models import User
from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse, InstrumentResult
from netwerkdossier.cases.models import (
    FollowUpCheck,
    PhaseProposal,
    PhaseTransition,
    TeamAssignment,
)
from netwerkdossier.collaboration.models import TeamChange
from netwerkdossier.households.models import RegistrationChange
from netwerkdossier.measures.models import Measure, MeasureCondition, MeasureStatus
from netwerkdossier.organisations.models import Membership
from netwerkdossier.safety.models import (
    Agreement,
    AgreementStatusChange,
    ChildVersion,
    DangerStatement,
    NetworkMember,
    PlanVersion,
    SafetyPlan,
    Scaling,
)

pytestmark = pytest.mark.django_db

EVERYTHING = {"analyse", "analyse_reactie", "instrument", "instrument_gezondheid",
              "veiligheidsplan", "gevarenverklaring", "veiligheidsafspraak", "afspraakstatus",
              "netwerklid", "schaalvraag", "planversie", "fasebesluit", "fasevoorstel",
              "nacontrole", "teamwijziging", "registratiewijziging", "kindversie",
              "maatregel", "maatregel_status", "maatregel_voorwaarde", "maatregel_straf",
              *(DECISION := {"besluitverslag", "besluitverslag_niet_gedeeld", "besluit_feit",
                             "besluit_visie_gezin", "besluit_afwijkende_mening",
                             "verzoekschrift", "verzoekschrift_toets"})}
# No health data, and no criminal data: the criminal-law measure is criminal data.
NO_HEALTH = EVERYTHING - {"instrument_gezondheid", "maatregel_straf"}

TABLE = [
    # persona, purpose, readable objects, why
    ("lotte", "hulpverlening", EVERYTHING, "the owner organisation's team member"),
    ("tamara", "hulpverlening", EVERYTHING, "team manager of the owner organisation"),
    ("ruben", "hulpverlening", NO_HEALTH, "RVT: agreement 'kernteam', no health data"),
    ("gert", "hulpverlening",
     {"veiligheidsafspraak", "teamwijziging", "registratiewijziging", "besluit_visie_gezin"},
     "GGZ: 'team-naar-ggz' needs everyone's consent; only the agreement and Sanne's own "
     "view of a fact are about Sanne alone (the request is about Daan, who has not "
     "consented)"),
    ("gert", "veiligheidsbeoordeling", {"teamwijziging", "registratiewijziging"},
     "GGZ has no rule for this purpose"),
    ("piet", "veiligheidsbeoordeling", {"teamwijziging", "registratiewijziging"},
     "police: decisions of VT/RVT only, and this case is led by the local team"),
    ("piet", "hulpverlening", {"teamwijziging", "registratiewijziging"},
     "police: no rule for this purpose"),
    ("rianne", "advies_rechter", NO_HEALTH, "Raad: 'raad-onderzoek', no health data"),
    ("rianne", "hulpverlening", {"teamwijziging", "registratiewijziging"},
     "Raad: no rule for help"),
    ("olga", "hulpverlening", set(), "outsider"),
    ("priya", "hulpverlening", set(), "privacy officer: logs, not dossiers"),
    ("seat", "hulpverlening", set(), "case-table seat: the minimal picture, no work"),
    ("emergency", "hulpverlening", NO_HEALTH - DECISION,
     "emergency access: network level, no health; never the deliberation of a decision"),
]

# Family members read no household work through these rules, except the legal measures
# the family gate gives (access/measure_family.py): one's own, and a child's under 16
# with gezag unless criminal. Daan (14) is the civil measure's subject, the father the
# criminal one's; Sanne has gezag over Daan; Lieke (17) and the father read no other.
# Decision records and requests (access/decision_family.py): the shared request about
# Daan, its record and facts to Daan and to Sanne (gezag, Daan under 16), never the
# unshared one; a family view only to its own member (Sanne's); dissent and the review to
# nobody in the family.
MEASURE = {"maatregel", "maatregel_status", "maatregel_voorwaarde"}
SHARED = {"besluitverslag", "besluit_feit", "verzoekschrift"}
FAMILY = {"mother": MEASURE | SHARED | {"besluit_visie_gezin"},
          "father": {"maatregel_straf"}, "daan": MEASURE | SHARED, "lieke": set()}


def _member(cast, username, org_key, discipline):
    user = User.objects.create(username=username, first_name=username.title(),
                               last_name="Test")
    membership = Membership.objects.create(
        user=user, organisation=cast.skeleton.regional[org_key],
        role=Membership.Role.PROFESSIONAL, discipline=discipline,
        valid_from=timezone.localdate() - timedelta(days=30))
    TeamAssignment.objects.create(case=cast.case, user=user, role="consultant",
                                  organisation=membership.organisation)
    return user


def _personas(cast) -> dict:
    users = dict(cast.users)
    users["piet"] = _member(cast, "piet", "politie", "politie")
    users["rianne"] = _member(cast, "rianne", "rvdk", "raadsonderzoeker")
    seat_user = User.objects.create(username="seat", first_name="Sam", last_name="Seat")
    Membership.objects.create(user=seat_user, organisation=cast.skeleton.regional["politie"],
                              role=Membership.Role.PROFESSIONAL, discipline="politie",
                              valid_from=timezone.localdate() - timedelta(days=30))
    start = timezone.now() - timedelta(minutes=30)
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=start,
        ends_at=start + timedelta(hours=2), chair=cast.users["lotte"])
    CaseTableParticipant.objects.create(session=session, user=seat_user)
    users["seat"] = seat_user
    emergency = User.objects.create(username="emergency", first_name="Eva", last_name="Nood")
    membership = Membership.objects.create(
        user=emergency, organisation=cast.skeleton.wijkteams["Zuiderhaven"],
        role=Membership.Role.PROFESSIONAL, discipline="maatschappelijk_werker",
        valid_from=timezone.localdate() - timedelta(days=30))
    BreakGlass.objects.create(user=emergency, household=cast.household,
                              organisation=membership.organisation,
                              reason="Spoed: melding vannacht, gezin onbekend bij mij.",
                              started_at=timezone.now() - timedelta(minutes=5),
                              expires_at=timezone.now() + timedelta(hours=1))
    users["emergency"] = emergency
    return users


def _work(cast) -> dict:
    lotte, org, case, home = (cast.users["lotte"], cast.case.lead_organisation, cast.case,
                              cast.household)
    version = AnalysisVersion.objects.create(
        household=home, case=case, number=1, health_data=True, created_by=lotte,
        owner_organisation=org, content={"items": []})

    def instrument(person, health):
        return InstrumentResult.objects.create(
            household=home, case=case, person=person, instrument_key="x",
            instrument_version="1", instrument_title="X", definition={}, answers={},
            scores=[], administered_on=timezone.localdate(), health_data=health,
            recorded_by=lotte, owner_organisation=org)

    plan = SafetyPlan.objects.create(case=case, household=home, updated_by=lotte,
                                     owner_organisation=org)

    def measure(key, person, criminal):
        return Measure.objects.create(
            household=home, person=person, case=case, measure_key=key,
            law="strafrechtelijk" if criminal else "civiel", criminal_data=criminal,
            authority_kind="Rechter", authority_name="Rechtbank", status="toegewezen",
            starts_on=timezone.localdate(), owner_organisation=org, recorded_by=lotte)

    civil = measure("ots", cast.daan, False)
    agreement = Agreement.objects.create(plan=plan, member=cast.mother, action="Bellen",
                                         owner="Sanne", due_on=timezone.localdate(),
                                         created_by=lotte)
    return {
        "analyse": version,
        "analyse_reactie": FamilyResponse.objects.create(
            version=version, household=home, person=cast.mother, agrees=True,
            channel="professional", recorded_by=lotte),
        "instrument": instrument(cast.daan, False),
        "instrument_gezondheid": instrument(cast.mother, True),
        "veiligheidsplan": plan,
        "gevarenverklaring": DangerStatement.objects.create(
            plan=plan, worried_by="School", statement="s", safety_goal="g", created_by=lotte),
        "veiligheidsafspraak": agreement,
        "afspraakstatus": AgreementStatusChange.objects.create(
            agreement=agreement, status="open", changed_by=lotte),
        "netwerklid": NetworkMember.objects.create(plan=plan, name="Oma", role="opvang"),
        "schaalvraag": Scaling.objects.create(plan=plan, scored_on=timezone.localdate(),
                                              score=5, scorer_user=lotte, recorded_by=lotte),
        "planversie": PlanVersion.objects.create(plan=plan, number=1, created_by=lotte,
                                                 change="start", snapshot={}),
        "kindversie": ChildVersion.objects.create(plan=plan, worries="w", safe_plan="p",
                                                  helpers="h", pictograms=["huis"],
                                                  updated_by=lotte),
        "fasebesluit": PhaseTransition.objects.create(case=case, to_phase="melding",
                                                      decided_by=lotte, rationale="r"),
        "fasevoorstel": PhaseProposal.objects.create(
            case=case, from_phase="directe_veiligheid", to_phase="duurzame_veiligheid",
            rationale="r", family_agrees="ja", proposed_by=lotte,
            proposed_role="casusregisseur", proposed_organisation=org),
        "nacontrole": FollowUpCheck.objects.create(case=case, months=3,
                                                   due_on=timezone.localdate()),
        "teamwijziging": TeamChange.objects.create(
            case=case, kind="toewijzing", role="vast_duo", decided_by=lotte,
            decided_by_organisation=org, effective_on=timezone.localdate()),
        "registratiewijziging": RegistrationChange.objects.create(
            household=home, target="gezag", target_id="1", version=2, what="gezag_changed",
            person=cast.noor, before={}, after={}, source_kind="beschikking",
            reason="r", changed_by=lotte, changed_by_organisation=org),
        # A civil measure about Daan (no consent of his own), and a criminal one.
        "maatregel": civil,
        "maatregel_status": MeasureStatus.objects.create(
            measure=civil, person=cast.daan, number=1, status="toegewezen",
            status_on=timezone.localdate(), source_reference="r", recorded_by=lotte),
        "maatregel_voorwaarde": MeasureCondition.objects.create(
            measure=civil, person=cast.daan, kind="contactverbod", named_person=cast.father),
        "maatregel_straf": measure("vrijheidsbeperkende_maatregel", cast.father, True),
        **_decision_work(cast, lotte, org),
    }


def _decision_work(cast, lotte, org) -> dict:
    """A request about Daan, shared with the family, and an unshared record about him."""
    from netwerkdossier.decisions.models import (
        DecisionRecord,
        Dissent,
        Fact,
        FamilyView,
        MeasureRequest,
        Review,
    )

    def record(shared):
        return DecisionRecord.objects.create(
            household=cast.household, case=cast.case, person=cast.daan,
            kind="verzoek_maatregel", question="q", shared_with_family=shared,
            owner_organisation=org, created_by=lotte)

    shared = record(True)
    fact = Fact.objects.create(decision=shared, household=cast.household, person=cast.daan,
                               number=1, text="t", basis="waargenomen", created_by=lotte)
    request = MeasureRequest.objects.create(
        decision=shared, household=cast.household, person=cast.daan, measure_key="ots",
        requester="r", court="c", grounds="g", owner_organisation=org, created_by=lotte)
    return {
        "besluitverslag": shared, "besluitverslag_niet_gedeeld": record(False),
        "besluit_feit": fact,
        "besluit_visie_gezin": FamilyView.objects.create(
            decision=shared, fact=fact, household=cast.household, person=cast.mother,
            answer="eens", via="professional", recorded_by=lotte),
        "besluit_afwijkende_mening": Dissent.objects.create(
            decision=shared, household=cast.household, person=cast.daan, user=lotte,
            organisation=org, reasons="r"),
        "verzoekschrift": request,
        "verzoekschrift_toets": Review.objects.create(
            request=request, household=cast.household, person=cast.daan, request_version=1,
            reviewer=cast.users["ruben"], reviewer_organisation=org, asked_by=lotte),
    }


def readable(ctx, work) -> set:
    by_decide = {key for key, obj in work.items() if decide(ctx, READ, obj).allowed}
    by_visible = {key for key, obj in work.items()
                  if visible(ctx, READ, type(obj).objects.filter(pk=obj.pk)).exists()}
    assert by_decide == by_visible, "decide() and visible() disagree"
    # The one-household form (relations decided once, consent as an id list) agrees too.
    by_household = {key for key, obj in work.items() if visible(
        ctx, READ, type(obj).objects.filter(pk=obj.pk),
        household_id=cast_household(obj)).exists()}
    assert by_household == by_decide, "visible(household_id=...) disagrees"
    # The several-households form (the worklist's) agrees too.
    by_several = {key for key, obj in work.items() if visible_in_households(
        ctx, READ, [cast_household(obj)], type(obj).objects.filter(pk=obj.pk)).exists()}
    assert by_several == by_decide, "visible_in_households disagrees"
    return by_decide


def cast_household(obj):
    from netwerkdossier.access.catalogue import kind_for

    return kind_for(type(obj)).household_id_of(obj)


def test_every_kind_has_a_row(cast):
    models = {type(obj)._meta.label for obj in _work(cast).values()}
    work_kinds = {k.model_label for k in KINDS if k.governed_by == HOUSEHOLD_WORK}
    assert work_kinds == models


@pytest.mark.parametrize("username,purpose,expected,why", TABLE,
                         ids=[f"{u}-{p}" for u, p, _e, _w in TABLE])
def test_professional_table(cast, username, purpose, expected, why):
    users = _personas(cast)
    work = _work(cast)
    ctx = context_for(users[username], purpose=purpose)
    assert readable(ctx, work) == expected, why


@pytest.mark.parametrize("member,expected", FAMILY.items())
def test_family_members_reach_no_work_but_their_measures(cast, member, expected):
    from netwerkdossier.accounts.models import User as Account

    person = getattr(cast, member)
    account = Account.objects.create(username=f"fam-{member}", kind="gezinslid",
                                     person=person)
    assert readable(context_for(account), _work(cast)) == expected


@pytest.mark.parametrize("username,writes", [
    ("lotte", True), ("ruben", True), ("tamara", True),
    ("gert", False), ("piet", False), ("rianne", False),
    ("olga", False), ("seat", False), ("emergency", False)])
def test_who_writes_the_analysis_and_the_plan(cast, username, writes):
    """The police (or GGZ, or the Raad) in the team cannot edit the local team's work."""
    users = _personas(cast)
    work = _work(cast)
    ctx = context_for(users[username], purpose="advies_rechter" if username == "rianne"
                      else "hulpverlening")
    for key in ("veiligheidsplan", "analyse", "registratiewijziging"):
        assert decide(ctx, UPDATE, work[key]).allowed is writes, key
    assert decide(ctx, UPDATE, AnalysisVersion(household=cast.household)).allowed is writes
    # A change to the registration (households/registration.py: may_edit) is written by
    # the same people: the Raad, GGZ and police read its history, they do not edit it.
    assert decide(ctx, UPDATE, RegistrationChange(household=cast.household)).allowed is writes
    listed = visible(ctx, UPDATE, SafetyPlan.objects.filter(pk=work["veiligheidsplan"].pk))
    assert listed.exists() is writes
