"""The safety plan: bad input saves nothing, every change is a version with who and when."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.safety import services
from netwerkdossier.safety.models import Agreement, PlanVersion, SafetyPlan, Scaling

from .conftest import open_agreement


def rows():
    return (SafetyPlan.objects.count(), Agreement.objects.count(), Scaling.objects.count(),
            PlanVersion.objects.count())


@pytest.mark.parametrize(("owner", "due", "field"), [
    ("", "tomorrow", "owner"),
    ("   ", "tomorrow", "owner"),
    ("Sanne", None, "due_on"),
    ("Sanne", "yesterday", "due_on"),
])
def test_agreement_without_owner_or_date_saves_nothing(cast, ctx_of, owner, due, field):
    today = timezone.localdate()
    due_on = {"tomorrow": today + timedelta(days=1), "yesterday": today - timedelta(days=1),
              None: None}[due]
    before = rows()
    with pytest.raises(ValidationError) as info:
        services.add_agreement(ctx_of("lotte"), cast.case, member_id=cast.mother.pk,
                               action="Moeder belt oma", owner=owner, due_on=due_on)
    assert field in info.value.message_dict
    assert rows() == before


@pytest.mark.parametrize("bad", [11, -1, "7.5", "tien", True])
def test_scaling_outside_0_to_10_saves_nothing(cast, ctx_of, bad):
    before = rows()
    with pytest.raises(ValidationError) as info:
        services.add_scalings(ctx_of("lotte"), cast.case, scored_on=timezone.localdate(),
                              person_scores={cast.mother.pk: 6, cast.noor.pk: bad})
    assert info.value.message_dict[f"score_{cast.noor.pk}"] == [
        "Vul een heel getal van 0 tot en met 10 in."]
    assert rows() == before


def test_scaling_of_a_stranger_or_nothing_at_all_is_refused(cast, ctx_of):
    import uuid

    with pytest.raises(ValidationError):
        services.add_scalings(ctx_of("lotte"), cast.case, scored_on=timezone.localdate(),
                              person_scores={uuid.uuid4(): 5})
    with pytest.raises(ValidationError) as info:
        services.add_scalings(ctx_of("lotte"), cast.case, scored_on=timezone.localdate(),
                              person_scores={cast.mother.pk: ""})
    assert "minstens één score" in info.value.messages[0]
    assert rows() == (0, 0, 0, 0)


def test_every_change_is_a_version_with_who_and_when(cast, ctx_of, login):
    case = cast.case
    services.add_danger(ctx_of("lotte"), case, worried_by="School",
                        statement="Noor is bang als vader komt.",
                        safety_goal="Noor weet wie ze kan bellen.")
    agreement = open_agreement(ctx_of("ruben"), case, cast)
    services.set_agreement_status(ctx_of("lotte"), agreement, status="nagekomen",
                                  note="Oma bevestigt")
    services.add_scalings(ctx_of("ruben"), case, scored_on=timezone.localdate(),
                          person_scores={cast.mother.pk: 6}, own_score=4)
    versions = list(PlanVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert [v.created_by.username for v in versions] == ["lotte", "ruben", "lotte", "ruben"]
    assert versions[1].snapshot["agreements"][0]["status"] == "open"
    assert versions[2].snapshot["agreements"][0]["status"] == "nagekomen"
    assert [h.status for h in agreement.history.all()] == ["open", "nagekomen"]

    # GGZ in the team reads the plan only with everyone's consent (issue 10); the RVT
    # duo reads it on the 'kernteam' agreement.
    assert login("gert").get(reverse("safety:plan_history", args=[case.pk])).status_code == 404
    html = login("ruben").get(reverse("safety:plan_history", args=[case.pk])).content.decode()
    for v in versions:
        assert f"Versie {v.number}" in html
        assert timezone.localtime(v.created_at).strftime("%H:%M") in html
    main = html.split("<main", 1)[1]  # the header names the signed-in user
    assert main.count("Lotte Visser") == 2 and main.count("Ruben Bakker") == 2
    assert "Afspraak op ‘nagekomen’ gezet" in html
    record = AccessLogRecord.objects.filter(event_code="plan.history").latest("pk")
    assert str(versions[0].pk) in record.object_ids

    page = login("ruben").get(reverse("safety:plan_version", args=[versions[1].pk]))
    assert "Moeder belt oma bij ruzie" in page.content.decode()
    assert "Open" in page.content.decode()


def test_plan_page_shows_chart_with_the_same_numbers_as_the_table(cast, ctx_of, login):
    services.add_scalings(ctx_of("lotte"), cast.case, scored_on=timezone.localdate(),
                          person_scores={cast.mother.pk: 3, cast.noor.pk: 7}, own_score=5)
    html = login("lotte").get(reverse("safety:plan", args=[cast.case.pk])).content.decode()
    assert 'role="img"' in html and "<title" in html
    assert "Scores per datum" in html
    for name in ("Sanne Jansen", "Noor Jansen", "Lotte Visser"):
        assert html.count(name) >= 2  # chart label and table column


def test_web_form_errors_are_dutch_and_save_nothing(cast, login):
    before = rows()
    url = reverse("safety:agreement_add", args=[cast.case.pk])
    response = login("lotte").post(url, {"afspraak-member": str(cast.mother.pk),
                                         "afspraak-action": "Bellen", "afspraak-owner": "",
                                         "afspraak-due_on": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld. Er is niets opgeslagen." in html
    assert "zonder eigenaar is het geen afspraak" in html
    assert "Vul in wanneer dit uiterlijk gebeurt" in html
    response = login("lotte").post(reverse("safety:scaling_add", args=[cast.case.pk]), {
        "schaal-scored_on": timezone.localdate().isoformat(),
        f"schaal-score_{cast.noor.pk}": "12"})
    assert "Vul een heel getal van 0 tot en met 10 in." in response.content.decode()
    assert rows() == before


def test_a_change_is_logged_per_kind_in_one_append(cast, ctx_of, monkeypatch):
    from netwerkdossier.access import reads
    from netwerkdossier.cases.lifecycle import current_members

    appends = []
    real_append = reads.append
    monkeypatch.setattr(reads, "append", lambda ctx, events: (
        appends.append([e.event_code for e in events]), real_append(ctx, events)))
    agreement = open_agreement(ctx_of("lotte"), cast.case, cast)
    assert [a for a in appends if "plan.update" in a] == [["plan.update"] * 3]
    logged = {r.object_type: r for r in AccessLogRecord.objects.filter(event_code="plan.update")}
    assert {t: r.action for t, r in logged.items()} == {
        "safety_plan": "U", "safety_plan_version": "C", "agreement": "C"}
    assert logged["agreement"].object_ids == [str(agreement.pk)]
    assert logged["agreement"].subject_ids == [str(cast.mother.pk)]
    household = {str(p.pk) for p in current_members(cast.household.pk)}
    assert set(logged["safety_plan"].subject_ids) == household
    # The rule that let lotte write the plan, not a list filter.
    assert {r.rule for r in logged.values()} == {logged["safety_plan"].rule}
    assert logged["safety_plan"].rule.startswith("team")


def test_a_writer_the_access_module_refuses_changes_nothing(cast, ctx_of):
    from netwerkdossier.safety.models import NetworkMember

    open_agreement(ctx_of("lotte"), cast.case, cast)  # the local team's plan
    before = rows(), NetworkMember.objects.count()
    # GGZ in the team writes no plan of the local team (catalogue writer kinds).
    with pytest.raises(PermissionError):
        services.add_network_member(ctx_of("gert"), cast.case, name="Oma", role="oma")
    assert (rows(), NetworkMember.objects.count()) == before


def test_an_agreement_is_made_again_through_the_form(cast, ctx_of, login):
    old = open_agreement(ctx_of("lotte"), cast.case, cast)
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = login("lotte").post(reverse("safety:agreement_add", args=[cast.case.pk]), {
        "afspraak-member": str(cast.mother.pk), "afspraak-action": "Moeder belt oma elke dag",
        "afspraak-owner": "Sanne", "afspraak-due_on": due, "afspraak-replaces": str(old.pk)})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == "vervallen"
    assert Agreement.objects.get(replaces=old).action == "Moeder belt oma elke dag"
