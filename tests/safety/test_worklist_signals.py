"""Signals on 'mijn werkvoorraad': text badges, computed without a query per case."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from netwerkdossier.cases import lifecycle
from netwerkdossier.cases.models import Case
from netwerkdossier.safety import services
from netwerkdossier.safety.models import Agreement
from netwerkdossier.synthetic import decision_records

from .conftest import score_all


def _html(login, user="lotte"):
    return login(user).get(reverse("web:worklist")).content.decode()


def test_signals_show_as_text(cast, ctx_of, login, new_case):
    ctx = ctx_of("lotte")
    today = timezone.localdate()
    new_case("veiligheidsbeoordeling", reported_on=today - timedelta(days=20),
             triage_due=today - timedelta(days=10))
    services.record_check(ctx, cast.case, next_check_on=today + timedelta(days=1))
    agreement = services.add_agreement(ctx, cast.case, member_id=cast.mother.pk,
                                       action="Moeder belt oma", owner="Sanne",
                                       due_on=today + timedelta(days=1))
    Agreement.objects.filter(pk=agreement.pk).update(due_on=today - timedelta(days=1))
    from netwerkdossier.safety.models import SafetyPlan
    SafetyPlan.objects.filter(case=cast.case).update(next_check_on=today)
    Case.objects.filter(pk=cast.case.pk).update(phase_since=today - timedelta(weeks=7))
    html = _html(login)
    assert "Triage te laat" in html
    assert "Controle veiligheidsplan nodig" in html
    assert "1 afspraak niet nagekomen" in html
    assert "Geen voortgang: al 7 weken in deze fase" in html
    assert 'class="nd-badge"' in html


def test_closed_case_appears_with_its_follow_up_for_the_casusregisseur(
        cast, ctx_of, login, new_case, monkeypatch):
    ctx = ctx_of("lotte")
    case = new_case("herstel")
    score_all(ctx, case, cast, 9)
    decision_records.for_phase(ctx, case, "afgesloten")
    lifecycle.decide_transition(ctx, case, to_phase="afgesloten", rationale="Veilig genoeg.",
                                family_agrees="ja")
    assert "Nacontrole" not in _html(login)
    later = case.follow_ups.order_by("due_on").first().due_on
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    html = _html(login)
    assert "Nacontrole na 3 maanden" in html and "Nieuw traject" in html
    assert "Nacontrole na 3 maanden" not in _html(login, "ruben")  # left at closure


def test_worklist_queries_do_not_grow_with_cases(cast, login, new_case,
                                                 django_assert_max_num_queries):
    client = login("lotte")
    client.get(reverse("web:worklist"))
    for _ in range(6):
        case = new_case("directe_veiligheid")
        Case.objects.filter(pk=case.pk).update(phase_since=date(2020, 1, 1))
    # 12 for the cases and their signals, one for the user's case-table actions, one
    # for the members of the listed households: the subjects of the access-log record,
    # derived from the catalogue (decision 0026; once per page, not per case). Six for
    # the news of the page's households (access/signals.news: three kinds of candidates,
    # the entry gate once over them, disputes, emergency access; decision 0038). One for
    # the measures' deadlines of the page's households (measures/deadlines.py, 0044).
    with django_assert_max_num_queries(21):
        html = client.get(reverse("web:worklist")).content.decode()
    # The six new cases, and the cast's case (60 days in phase 1, more than 6 weeks).
    assert html.count("Geen voortgang") == 7


def _plan_work(cast, ctx, member):
    """Lotte's plan with a check due today, an overdue agreement for `member`, and her
    four-eyes proposal to leave direct safety."""
    from netwerkdossier.cases.models import PhaseProposal
    from netwerkdossier.safety.models import SafetyPlan

    today = timezone.localdate()
    services.record_check(ctx, cast.case, next_check_on=today + timedelta(days=1))
    agreement = services.add_agreement(ctx, cast.case, member_id=member.pk,
                                       action="Moeder belt oma", owner="Sanne",
                                       due_on=today + timedelta(days=1))
    Agreement.objects.filter(pk=agreement.pk).update(due_on=today - timedelta(days=2))
    SafetyPlan.objects.filter(case=cast.case).update(next_check_on=today)
    PhaseProposal.objects.create(
        case=cast.case, from_phase=cast.case.phase, to_phase="duurzame_veiligheid",
        rationale="Vader mag weer thuis komen", family_agrees="ja",
        proposed_by=cast.users["lotte"], proposed_role="casusregisseur",
        proposed_organisation=cast.case.lead_organisation)
    return agreement


PLAN_SIGNALS = ("Controle veiligheidsplan", "afspraak niet nagekomen",
                "Afspraak uit het veiligheidsplan", "Fasebesluit wacht op bevestiging")


def test_plan_signals_only_for_those_who_may_read_the_plan(cast, ctx_of, login,
                                                           team_member):
    """A police officer in the team reads the case but not the plan, its agreements or
    the phase proposal (the sharing rules): the worklist, its download and the case's
    deadline in the API say nothing of them. Ruben (RVT, vast duo) reads them all."""
    from django.test import Client

    from netwerkdossier.accounts.tokens import ApiToken

    _plan_work(cast, ctx_of("lotte"), cast.mother)
    team_member("piet", "politie", "politie")
    police = login("piet", "veiligheidsbeoordeling")
    assert police.get(reverse("safety:plan", args=[cast.case.pk])).status_code == 404
    html = police.get(reverse("web:worklist")).content.decode()
    assert "Zorgen om veiligheid thuis" in html  # the case itself is on the list
    download = police.get(reverse("web:worklist") + "?formaat=csv").content.decode()
    for words in PLAN_SIGNALS:
        assert words not in html and words not in download, words
    api = Client().get(f"/api/v1/cases/{cast.case.pk}", HTTP_X_PURPOSE="veiligheidsbeoordeling",
                       HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.users['piet'])}")
    assert api.status_code == 200
    assert api.json()["next_deadline_label"] not in PLAN_SIGNALS
    ruben = _html(login, "ruben")
    assert "Controle veiligheidsplan nodig" in ruben and "1 afspraak niet nagekomen" in ruben
    assert "Fasebesluit wacht op bevestiging (vier ogen)" in ruben


def test_ggz_sees_no_plan_signal_about_a_member_without_consent(cast, ctx_of, login):
    """Daan (14) did not consent to sharing with GGZ: Gert reads neither the plan nor
    the agreement about Daan, so no signal, deadline or proposal of them reaches him."""
    from netwerkdossier.access.api import READ, decide

    agreement = _plan_work(cast, ctx_of("lotte"), cast.daan)
    assert not decide(ctx_of("gert"), READ, agreement).allowed
    html = _html(login, "gert")
    assert "Zorgen om veiligheid thuis" in html
    for words in PLAN_SIGNALS:
        assert words not in html, words


def test_stale_plan_deadlines_on_cases_are_recomputed_by_the_migration(cast):
    """cases/0006: a case whose stored deadline came from the plan gets its own."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "netwerkdossier.cases.migrations.0006_case_deadline_without_plan_dates")
    Case.objects.filter(pk=cast.case.pk).update(
        next_deadline=date(2026, 1, 1), next_deadline_label="Afspraak uit het veiligheidsplan",
        phase_since=date(2026, 1, 1))
    migration.recompute(apps, None)
    case = Case.objects.get(pk=cast.case.pk)
    assert case.next_deadline_label == "Voortgang in de fase bespreken"
    assert case.next_deadline == lifecycle.deadline_candidates(case)[0][0]
