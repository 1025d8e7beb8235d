from django.urls import reverse

from netwerkdossier.cases.models import TeamAssignment


def test_insider_sees_case_with_phase_and_deadline(login, cast, last_log):
    response = login("lotte").get(reverse("web:worklist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gezin Jansen" in html
    assert "Fase 1: directe veiligheid" in html
    assert "Voortgang in de fase bespreken" in html
    assert "Casusregisseur" in html
    record = last_log(event_code="case.list")
    assert record.result == "granted" and record.object_ids == [str(cast.case.pk)]


def test_outsider_has_empty_worklist(login, cast):
    html = login("olga").get(reverse("web:worklist")).content.decode()
    assert "Gezin Jansen" not in html
    assert "U zit nu in geen enkel team" in html


def test_ended_assignment_drops_off(login, cast):
    TeamAssignment.objects.filter(user=cast.users["ruben"]).update(
        valid_to=cast.case.opened_on)
    html = login("ruben").get(reverse("web:worklist")).content.decode()
    assert "Gezin Jansen" not in html


def test_a_role_handed_over_today_leaves_the_worklist(login, cast, ctx_of):
    from django.utils import timezone

    TeamAssignment.objects.filter(user=cast.users["ruben"]).update(
        valid_to=timezone.localdate())  # handed over today: still reads, no longer holds
    html = login("ruben").get(reverse("web:worklist")).content.decode()
    assert "Gezin Jansen" not in html
    page = login("ruben").get(reverse("web:household", args=[cast.household.pk]))
    assert page.status_code == 200  # read access lasts through the day
