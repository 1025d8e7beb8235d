"""Report, triage, route, skipping, closure and follow-up checks (services)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases import lifecycle
from netwerkdossier.cases.models import Case, FollowUpCheck, PhaseTransition, TeamAssignment
from netwerkdossier.dossier.models import Entry, ReporterIdentity
from netwerkdossier.safety.models import Agreement
from netwerkdossier.synthetic import decision_records

from .conftest import open_agreement, score_all

THURSDAY_BEFORE_EASTER = date(2026, 4, 2)


def counts():
    return (Case.objects.count(), PhaseTransition.objects.count(), Entry.objects.count(),
            TeamAssignment.objects.count(), FollowUpCheck.objects.count(),
            Agreement.objects.count())


def test_report_opens_a_case_with_triage_deadline_and_protected_reporter(cast, ctx_of):
    case = lifecycle.record_report(
        ctx_of("lotte"), cast.household, kind="melding", title="Zorgen school",
        concerns="Noor komt met blauwe plekken op school.", urgency="hoog",
        reported_on=THURSDAY_BEFORE_EASTER, subjects=[cast.noor, cast.mother],
        reporter={"name": "J. de Vries", "relation": "leerkracht", "is_professional": True},
        today=date(2026, 4, 3))
    assert case.phase == "melding" and case.urgency == "hoog"
    assert case.triage_due == date(2026, 4, 13)
    assert (case.next_deadline, case.next_deadline_label) == (
        date(2026, 4, 13), "Veiligheidsbeoordeling afronden")
    report = Entry.objects.get(case=case, kind="report")
    assert "blauwe plekken" in report.text
    assert ReporterIdentity.objects.get(entry=report).name == "J. de Vries"
    assert TeamAssignment.objects.get(case=case).role == "casusregisseur"
    assert PhaseTransition.objects.get(case=case).to_phase == "melding"


def test_bad_report_saves_nothing(cast, ctx_of):
    before = counts()
    with pytest.raises(ValidationError) as info:
        lifecycle.record_report(ctx_of("lotte"), cast.household, kind="melding", title="",
                                concerns=" ", urgency="zeer", reported_on=date(2099, 1, 1),
                                subjects=[], reporter={})
    errors = info.value.message_dict
    assert {"title", "concerns", "urgency", "reported_on", "reporter_name",
            "subjects"} <= set(errors)
    assert counts() == before


def test_triage_and_route_are_recorded_on_the_timeline(cast, ctx_of, new_case):
    case = new_case("veiligheidsbeoordeling", reported_on=date(2026, 4, 2),
                    triage_due=date(2026, 4, 13))
    lifecycle.record_triage(ctx_of("lotte"), case, outcome="structureel_onveilig",
                            rationale="Herhaald geweld tussen ouders.", today=date(2026, 4, 9))
    case.refresh_from_db()
    assert case.triage_outcome == "structureel_onveilig" and case.triage_on == date(2026, 4, 9)
    entry = Entry.objects.filter(case=case, kind="assessment").get()
    assert "Binnen de termijn" in entry.text
    with pytest.raises(ValidationError):  # route only in the phase routebepaling
        lifecycle.record_route(ctx_of("lotte"), case, route="rvt_gezamenlijk",
                               rationale="Samen met het RVT.")
    with pytest.raises(PermissionDenied):
        lifecycle.record_triage(ctx_of("gert"), case, outcome="zorgen",
                                rationale="Consulent probeert het.")


def test_skipping_a_phase_is_refused_with_a_reason(cast, ctx_of):
    before = counts()
    with pytest.raises(ValidationError) as info:
        lifecycle.decide_transition(ctx_of("lotte"), cast.case, to_phase="herstel",
                                    rationale="We willen door.", family_agrees="ja")
    message = info.value.message_dict["to_phase"][0]
    assert "U kunt geen fase overslaan" in message
    assert "Fase 2: duurzame veiligheid" in message
    assert counts() == before


def test_unknown_phase_and_missing_rationale(cast, ctx_of):
    with pytest.raises(ValidationError) as info:
        lifecycle.decide_transition(ctx_of("lotte"), cast.case, to_phase="hemel",
                                    rationale="x", family_agrees="ja")
    assert "to_phase" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        lifecycle.decide_transition(ctx_of("lotte"), cast.case,
                                    to_phase="duurzame_veiligheid", rationale="kort",
                                    family_agrees="misschien")
    assert {"rationale", "family_agrees"} <= set(info.value.message_dict)


def test_closure_with_open_agreements_is_refused_and_saves_nothing(cast, ctx_of, new_case):
    ctx = ctx_of("lotte")
    case = new_case("herstel")
    open_agreement(ctx, case, cast, action="Vader belt voor bezoek")
    score_all(ctx, case, cast, 9)
    decision_records.for_phase(ctx, case, "afgesloten")
    before = counts()
    with pytest.raises(ValidationError) as info:
        lifecycle.decide_transition(ctx, case, to_phase="afgesloten",
                                    rationale="Het gaat goed, afsluiten.", family_agrees="ja")
    [message] = info.value.message_dict["__all__"]
    assert "Er staan nog afspraken open" in message and "Vader belt voor bezoek" in message
    assert counts() == before
    case.refresh_from_db()
    assert case.closed_on is None and case.phase == "herstel"


def test_closure_plans_follow_ups_and_keeps_only_the_casusregisseur(cast, ctx_of, new_case):
    ctx = ctx_of("lotte")
    case = new_case("herstel")
    score_all(ctx, case, cast, 9)
    decision_records.for_phase(ctx, case, "afgesloten")
    closed = date(2026, 8, 31)
    lifecycle.decide_transition(ctx, case, to_phase="afgesloten", rationale="Veilig genoeg.",
                                family_agrees="ja", today=closed)
    case.refresh_from_db()
    assert case.closed_on == closed
    assert [(f.months, f.due_on) for f in case.follow_ups.order_by("due_on")] == [
        (3, date(2026, 11, 30)), (6, date(2027, 2, 28)), (12, date(2027, 8, 31))]
    # A closed case has no deadline of its own: the follow-up checks are household work
    # with their own readers, which the worklist shows to those who may read them.
    assert (case.next_deadline, case.next_deadline_label) == (None, "")
    ends = dict(TeamAssignment.objects.filter(case=case).values_list("user__username",
                                                                     "valid_to"))
    assert ends["lotte"] == date(2027, 8, 31) + timedelta(days=42)
    assert ends["ruben"] == ends["gert"] == max(closed, case.opened_on)


def test_follow_up_check_is_done_once_and_not_early(cast, ctx_of, new_case, monkeypatch):
    ctx = ctx_of("lotte")
    case = new_case("herstel")
    score_all(ctx, case, cast, 9)
    decision_records.for_phase(ctx, case, "afgesloten")
    today = timezone.localdate()
    lifecycle.decide_transition(ctx, case, to_phase="afgesloten", rationale="Veilig genoeg.",
                                family_agrees="ja", today=today)
    check = case.follow_ups.order_by("due_on").first()
    with pytest.raises(ValidationError):
        lifecycle.complete_follow_up(ctx, check, still_safe=True, outcome="Gebeld met moeder.")
    later = check.due_on
    lifecycle.complete_follow_up(ctx, check, still_safe=True,
                                 outcome="Gebeld met moeder, alles rustig.", today=later)
    check.refresh_from_db()
    assert check.done_on == later and check.entry.kind == "assessment"
    with pytest.raises(ValidationError):
        lifecycle.complete_follow_up(ctx, check, still_safe=True, outcome="Nog een keer.",
                                     today=later)


def test_lifecycle_steps_are_logged_on_the_case_with_the_team_relation(cast, ctx_of, new_case):
    ctx = ctx_of("lotte")
    household = {str(p.pk) for p in (cast.mother, cast.father, cast.noor, cast.daan,
                                     cast.lieke)}
    case = lifecycle.record_report(
        ctx, cast.household, kind="hulpvraag", title="Hulpvraag moeder",
        concerns="Moeder vraagt hulp bij de opvoeding.", urgency="normaal",
        reported_on=timezone.localdate(), subjects=[cast.mother], rule="team")
    created = AccessLogRecord.objects.get(event_code="case.create")
    assert (created.object_type, created.action, created.rule) == ("case", "C", "team")
    assert created.object_ids == [str(case.pk)] and set(created.subject_ids) == household
    case = new_case("herstel")
    score_all(ctx, case, cast, 9)
    decision_records.for_phase(ctx, case, "afgesloten")
    lifecycle.decide_transition(ctx, case, to_phase="afgesloten", rationale="Veilig genoeg.",
                                family_agrees="ja")
    # One record on the case: require_role() found lotte in its team.
    moved = AccessLogRecord.objects.get(event_code="case.transition")
    assert (moved.object_type, moved.action, moved.rule) == ("case", "U", "team")
    assert moved.object_ids == [str(case.pk)] and set(moved.subject_ids) == household
    check = case.follow_ups.order_by("due_on").first()
    lifecycle.complete_follow_up(ctx, check, still_safe=True,
                                 outcome="Gebeld met moeder, alles rustig.", today=check.due_on)
    done = AccessLogRecord.objects.get(event_code="case.follow_up")
    assert (done.object_type, done.action, done.rule) == ("follow_up_check", "U", "team")
    assert done.object_ids == [str(check.pk)] and set(done.subject_ids) == household
