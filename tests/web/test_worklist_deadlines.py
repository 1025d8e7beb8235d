"""Deadlines on the worklist: "te laat" and "binnen 7 dagen" in words, and those cases
first (after urgent reports), from every kind of deadline (cases/worklist_signals.py)."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from netwerkdossier.cases.models import Case, FollowUpCheck, TeamAssignment
from netwerkdossier.safety.models import Agreement, SafetyPlan


def case(cast, title, **fields):
    today = timezone.localdate()
    made = Case.objects.create(household=cast.household, region=cast.household.region,
                               lead_organisation=cast.case.lead_organisation, title=title,
                               opened_on=today - timedelta(days=3),
                               phase_since=today - timedelta(days=3), **fields)
    TeamAssignment.objects.create(case=made, user=cast.users["lotte"], role="casusregisseur",
                                  organisation=cast.case.lead_organisation,
                                  valid_from=made.opened_on)
    return made


def rows(login) -> list[tuple[str, str]]:
    """(case title, deadline cell) per row, in the order shown."""
    html = login("lotte").get(reverse("web:worklist")).content.decode()
    body = html.split('<tbody class="utrecht-table__body">', 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in body.split('<tr class="utrecht-table__row">')[1:]:
        title = re.search(r'href="/trajecten/[^"]+">([^<]+)</a>', row).group(1)
        cells = re.findall(r'<td class="utrecht-table__cell"[^>]*>(.*?)</td>', row, re.S)
        found.append((title, cells[2]))
    return found


def by_title(found, title):
    return next(cell for t, cell in found if t == title)


def test_overdue_and_this_week_marked_in_words_and_sorted_first(login, cast):
    today = timezone.localdate()
    Case.objects.filter(pk=cast.case.pk).update(next_deadline=today + timedelta(days=30))
    case(cast, "Later", next_deadline=today + timedelta(days=9))
    case(cast, "Zonder termijn")
    case(cast, "Deze week", next_deadline=today + timedelta(days=6))
    case(cast, "Triage te laat", phase="veiligheidsbeoordeling",
         triage_due=today - timedelta(days=2))
    case(cast, "Spoed", respond_by=timezone.now() + timedelta(hours=3),
         next_deadline=today)
    found = rows(login)
    assert [t for t, _c in found] == ["Spoed", "Triage te laat", "Deze week", "Later",
                                      "Zorgen om veiligheid thuis", "Zonder termijn"]
    late = by_title(found, "Triage te laat")
    assert "te laat" in late and "Veiligheidsbeoordeling afronden" in late
    assert "binnen 7 dagen" in by_title(found, "Deze week")
    assert "te laat" not in by_title(found, "Later")
    assert "binnen 7 dagen" not in by_title(found, "Later")


def test_overdue_agreement_and_plan_check_count_even_when_the_stored_deadline_is_later(
        login, cast):
    today = timezone.localdate()
    Case.objects.filter(pk=cast.case.pk).update(next_deadline=today + timedelta(days=30))
    plan = SafetyPlan.objects.create(case=cast.case, household=cast.household,
                                     updated_by=cast.users["lotte"],
                                     owner_organisation=cast.case.lead_organisation,
                                     next_check_on=today + timedelta(days=20))
    Agreement.objects.create(plan=plan, member=cast.mother, action="Moeder belt oma",
                             owner="Sanne", due_on=today - timedelta(days=1), status="open",
                             created_by=cast.users["lotte"])
    cell = by_title(rows(login), "Zorgen om veiligheid thuis")
    assert "te laat" in cell and "Afspraak uit het veiligheidsplan" in cell
    Agreement.objects.update(status="nagekomen")
    SafetyPlan.objects.filter(pk=plan.pk).update(next_check_on=today + timedelta(days=2))
    cell = by_title(rows(login), "Zorgen om veiligheid thuis")
    assert "binnen 7 dagen" in cell and "Controle veiligheidsplan" in cell


def test_overdue_follow_up_check_of_a_closed_case(login, cast):
    today = timezone.localdate()
    closed = case(cast, "Afgesloten", phase="afgesloten", closed_on=today - timedelta(days=100))
    FollowUpCheck.objects.create(case=closed, months=3, due_on=today - timedelta(days=5))
    found = rows(login)
    assert found[0][0] == "Afgesloten"
    assert "te laat" in found[0][1] and "Nacontrole" in found[0][1]


def test_no_marking_for_a_deadline_further_away(login, cast):
    Case.objects.filter(pk=cast.case.pk).update(
        next_deadline=timezone.localdate() + timedelta(days=7))
    cell = by_title(rows(login), "Zorgen om veiligheid thuis")
    assert "te laat" not in cell and "binnen 7 dagen" not in cell
