"""The work writes monitoring events in its own transaction: report, triage, route, phase
decisions and closure, team changes, agreements (support per member), scaling, follow-up
checks, emergency access and the family's experience. The household and case appear only
as keyed pseudonyms."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier.access.break_glass import start_break_glass
from netwerkdossier.cases import lifecycle
from netwerkdossier.collaboration.services import change_team
from netwerkdossier.monitoring.models import Event
from netwerkdossier.monitoring.pseudonyms import pseudonym
from netwerkdossier.safety import services
from netwerkdossier.synthetic import decision_records

pytestmark = pytest.mark.django_db


def kinds():
    return list(Event.objects.order_by("pk").values_list("kind", "code"))


def report(ctx, cast, reported_on=None):
    return lifecycle.record_report(
        ctx, cast.household, kind="melding", title="Melding school",
        concerns="Noor vertelt over ruzie.", urgency="normaal",
        reported_on=reported_on or timezone.localdate(), subjects=[cast.noor],
        reporter={"name": "Juf Ans"}, rule="team")


def test_a_report_writes_a_report_and_the_first_team_member(cast, ctx_of):
    case = report(ctx_of("lotte"), cast, timezone.localdate() - timedelta(days=3))
    event = Event.objects.get(kind="report")
    assert (event.code, event.members, event.children) == ("melding", 5, 3)
    assert event.occurred_on == case.reported_on
    assert event.area.municipality == "Noorderveld"
    assert event.organisation_id == case.lead_organisation_id
    assert event.household_key == pseudonym("household", cast.household.pk)
    assert event.household_key != cast.household.pk and event.case_key != case.pk
    assert kinds() == [("report", "melding"), ("team", "toewijzing")]


def test_a_refused_report_writes_no_event(cast, ctx_of):
    with pytest.raises(ValidationError):
        lifecycle.record_report(ctx_of("lotte"), cast.household, kind="melding", title="",
                                concerns="", urgency="normaal",
                                reported_on=timezone.localdate(), subjects=[cast.noor])
    assert not Event.objects.exists()


def test_triage_route_phases_and_closure(cast, ctx_of, monkeypatch):
    ctx = ctx_of("lotte")
    case = report(ctx, cast)
    today = timezone.localdate()
    lifecycle.apply_transition(ctx, case, to_phase="veiligheidsbeoordeling",
                               rationale="Start beoordeling.", family_agrees="ja",
                               role="casusregisseur", today=today)
    case.refresh_from_db()
    lifecycle.record_triage(ctx, case, outcome="zorgen", rationale="Zorgen, niet acuut.")
    triage = Event.objects.get(kind="triage")
    assert (triage.code, triage.value) == ("zorgen", 0)
    lifecycle.apply_transition(ctx, case, to_phase="routebepaling", rationale="Verder.",
                               family_agrees="ja", role="casusregisseur",
                               today=today + timedelta(days=4))
    case.refresh_from_db()
    decision_records.for_route(ctx, case)
    lifecycle.record_route(ctx, case, route="lokaal_vrijwillig", rationale="Lokaal verder.")
    assert Event.objects.get(kind="route").code == "lokaal_vrijwillig"
    left = Event.objects.filter(kind="phase_left").order_by("pk")
    assert [(e.code, e.value) for e in left] == [("melding", 0),
                                                ("veiligheidsbeoordeling", 4)]


def test_closure_and_follow_up(cast, ctx_of):
    ctx = ctx_of("lotte")
    case = cast.case
    opened = case.opened_on
    from netwerkdossier.cases.models import Case

    Case.objects.filter(pk=case.pk).update(phase="herstel", phase_since=opened)
    case.refresh_from_db()
    today = timezone.localdate()
    lifecycle.apply_transition(ctx, case, to_phase="afgesloten", rationale="Veilig genoeg.",
                               family_agrees="ja", role="casusregisseur", today=today)
    closed = Event.objects.get(kind="closed")
    assert closed.value == (today - opened).days
    check = case.follow_ups.order_by("due_on").first()
    lifecycle.complete_follow_up(ctx, check, still_safe=False, outcome="Nieuwe zorgen gemeld.",
                                 today=check.due_on)
    follow = Event.objects.get(kind="follow_up")
    assert (follow.code, follow.value, follow.occurred_on) == ("niet_veilig", 3, check.due_on)


def test_team_change_counts_a_new_organisation(cast, ctx_of):
    change_team(ctx_of("lotte"), cast.case, kind="toewijzing", role="vast_gezicht",
                username="olga")
    event = Event.objects.get(kind="team")
    assert (event.code, event.value) == ("toewijzing", 1)
    assert event.organisation_id == cast.skeleton.wijkteams["Zuiderhaven"].pk


def test_agreements_and_scaling(cast, ctx_of):
    ctx = ctx_of("lotte")
    services.add_agreement(ctx, cast.case, member_id=cast.mother.pk, action="Moeder belt oma",
                           owner="Sanne", due_on=timezone.localdate() + timedelta(days=7))
    support = Event.objects.get(kind="support")
    assert (support.members, support.children, support.value) == (5, 3, 1)
    services.add_scalings(ctx, cast.case, scored_on=timezone.localdate(),
                          person_scores={cast.mother.pk: 6, cast.daan.pk: 4}, own_score=5)
    scores = sorted(Event.objects.filter(kind="scaling").values_list("code", "value"))
    assert scores == [("gezinslid", 4), ("gezinslid", 6), ("professional", 5)]


def test_break_glass(cast, ctx_of):
    start_break_glass(ctx_of("olga"), cast.household,
                      "Politie meldt acute zorgen; team niet bereikbaar vannacht.")
    event = Event.objects.get(kind="break_glass")
    assert event.organisation_id == cast.skeleton.wijkteams["Zuiderhaven"].pk
    assert event.case_key is None and event.household_key == pseudonym(
        "household", cast.household.pk)


def test_family_experience_stays_unlinked(cast, ctx_of):
    from netwerkdossier.access.api import context_for
    from netwerkdossier.portal.services import save_questionnaire
    from netwerkdossier.synthetic.personas import add_family_logins

    sanne = add_family_logins(cast)["sanne"]
    save_questionnaire(context_for(sanne), cast.household,
                       {"seen": 5, "heard": 4, "supported": 2, "safer": 3})
    rows = sorted(Event.objects.filter(kind="experience").values_list(
        "code", "value", "household_key", "case_key", "area"))
    assert rows == [("gehoord", 4, None, None, None), ("gesteund", 2, None, None, None),
                    ("gezien", 5, None, None, None), ("veiliger", 3, None, None, None)]
