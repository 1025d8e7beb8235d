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
