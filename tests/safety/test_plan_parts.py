"""The plan page, its history and the plan API show exactly the parts decide() lets the
reader read: per part, not only the plan as a whole (safety/plan_parts.py)."""

import pytest
from django.urls import reverse

from netwerkdossier.access.api import READ, decide
from netwerkdossier.access.models import Consent
from netwerkdossier.safety.models import DangerStatement, NetworkMember, SafetyPlan, Scaling
from tests.safety.test_web_and_api import _api

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast):
    from netwerkdossier.synthetic import safety_demo

    safety_demo.build(cast)
    return SafetyPlan.objects.get(case=cast.case)


@pytest.fixture
def everyone_consents(cast):
    """Mark, Daan (14, besides his mother) and Lieke (17) consent too: with the cast's
    consents of Sanne and Noor, every member has consented to sharing with the network."""
    for person in (cast.father, cast.daan, cast.lieke):
        Consent.objects.create(person=person, scope=Consent.Scope.DELEN_NETWERK,
                               decision=Consent.Decision.GIVEN, given_by=person,
                               recorded_by=cast.users["lotte"])


def _readable(ctx, rows):
    return {str(r.pk) for r in rows if decide(ctx, READ, r).allowed}


def test_ggz_with_everyones_consent_reads_the_plan_and_its_household_parts(
        cast, client, ctx_of, plan, everyone_consents):
    gert = ctx_of("gert", purpose="hulpverlening")
    assert decide(gert, READ, plan).allowed
    # The dangers and the network are about the household, as the plan is: the same
    # consent opens them.
    assert all(decide(gert, READ, d).allowed for d in plan.dangers.all())
    assert all(decide(gert, READ, n).allowed for n in plan.network.all())
    body = client.get(f"/api/v1/cases/{cast.case.pk}/safety-plan", **_api(cast, "gert"))
    assert body.status_code == 200
    answer = body.json()
    assert {d["id"] for d in answer["dangers"]} == {str(d.pk) for d in plan.dangers.all()}
    assert len(answer["network"]) == plan.network.count() > 0


def test_every_score_is_about_the_household_and_read_with_the_plan(
        cast, client, ctx_of, plan, everyone_consents):
    """A professional's score names no member: read by consent, it is still the
    household's, like the plan. Before, GGZ read the plan but not those scores."""
    gert = ctx_of("gert", purpose="hulpverlening")
    scores = list(plan.scalings.all())
    assert any(s.scorer_person_id is None for s in scores)
    assert all(decide(gert, READ, s).allowed for s in scores)
    answer = client.get(f"/api/v1/cases/{cast.case.pk}/safety-plan",
                        **_api(cast, "gert")).json()
    assert {s["id"] for s in answer["scalings"]} == {str(s.pk) for s in scores}


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert", "rianne"])
def test_the_api_shows_what_decide_allows_part_by_part(
        cast, client, ctx_of, team_member, plan, everyone_consents, username):
    if username == "rianne":
        team_member("rianne", "rvdk", "raadsonderzoeker")
    purpose = "advies_rechter" if username == "rianne" else "hulpverlening"
    ctx = ctx_of(username, purpose=purpose)
    headers = _api(cast, username)
    headers["HTTP_X_PURPOSE"] = purpose
    answer = client.get(f"/api/v1/cases/{cast.case.pk}/safety-plan", **headers).json()
    assert {d["id"] for d in answer["dangers"]} == _readable(ctx, DangerStatement.objects.all())
    assert {a["id"] for a in answer["agreements"]} == _readable(ctx, plan.agreements.all())
    assert {s["id"] for s in answer["scalings"]} == _readable(ctx, Scaling.objects.all())
    assert len(answer["network"]) == len(_readable(ctx, NetworkMember.objects.all()))


def test_ggz_without_every_members_consent_gets_the_logged_404(cast, login, ctx_of, plan):
    """Without Daan's consent GGZ reads neither the plan nor a part of it: a logged 404."""
    from netwerkdossier.audit.models import AccessLogRecord

    response = login("gert").get(reverse("safety:plan", args=[cast.case.pk]))
    assert response.status_code == 404
    assert AccessLogRecord.objects.filter(result="refused", event_code="plan.read").exists()


def test_the_history_lists_the_versions_for_a_reader_of_the_plan(
        cast, login, plan, everyone_consents):
    html = login("gert").get(reverse("safety:plan_history", args=[cast.case.pk]))
    assert html.status_code == 200
    page = html.content.decode()
    assert plan.versions.count() > 1
    for version in plan.versions.all():
        assert reverse("safety:plan_version", args=[version.pk]) in page
