"""Professional side of the plan in the family's words: family versions of danger
statements and goals, the plan for children (words and pictures), its print page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access.models import CaseTableParticipant, CaseTableSession
from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.organisations.models import Membership
from netwerkdossier.safety import services
from netwerkdossier.safety.models import ChildVersion, PlanVersion

pytestmark = pytest.mark.django_db

JARGON = "Acute onveiligheid door escalerend partnergeweld met risico op letsel"
FAMILY_WORDS = "Papa en mama maken ruzie. Dan is het thuis niet veilig."


@pytest.fixture
def danger(cast, ctx_of):
    return services.add_danger(ctx_of("lotte"), cast.case, worried_by="School",
                               statement=JARGON, safety_goal="Geweldloze conflicthantering")


def _child(cast, ctx_of, **overrides):
    fields = {"worries": "Papa en mama maakten vaak ruzie.",
              "safe_plan": "Als er ruzie is, bel je oma.", "helpers": "Oma Ria en Lotte.",
              "chosen_pictograms": ["huis", "telefoon"], **overrides}
    return services.set_child_version(ctx_of("lotte"), cast.case, **fields)


def test_the_plan_page_says_which_statements_lack_family_words(cast, danger, login, ctx_of):
    client = login("lotte")
    url = reverse("safety:plan", args=[cast.case.pk])
    html = client.get(url).content.decode()
    assert "Gevarenverklaring 1 heeft nog geen woorden voor het gezin" in html
    assert "nog geen woorden voor het gezin" in html
    response = client.post(reverse("safety:family_words_set", args=[danger.pk]), {
        f"woorden-{danger.pk}-family_statement": FAMILY_WORDS,
        f"woorden-{danger.pk}-family_goal": "Iedereen is rustig, ook bij ruzie."})
    assert response.status_code == 302
    danger.refresh_from_db()
    assert danger.family_statement == FAMILY_WORDS and danger.statement == JARGON
    html = client.get(url).content.decode()
    assert "heeft nog geen woorden voor het gezin" not in html and FAMILY_WORDS in html
    version = PlanVersion.objects.filter(plan=danger.plan).first()  # newest first
    assert version.snapshot["dangers"][0]["family_statement"] == FAMILY_WORDS
    record = AccessLogRecord.objects.filter(event_code="plan.update",
                                            object_type="danger_statement").latest("pk")
    assert record.action == "U" and str(danger.pk) in record.object_ids


def test_family_words_need_both_parts_and_save_nothing_otherwise(cast, danger, login):
    response = login("lotte").post(reverse("safety:family_words_set", args=[danger.pk]), {
        f"woorden-{danger.pk}-family_statement": FAMILY_WORDS,
        f"woorden-{danger.pk}-family_goal": " "})
    html = response.content.decode()
    assert "Schrijf het doel in woorden voor het gezin" in html
    danger.refresh_from_db()
    assert danger.family_statement == ""


@pytest.mark.parametrize("username", ["olga", "gert"])
def test_who_may_not_write_the_plan_gets_the_logged_404(cast, danger, login, username):
    response = login(username).post(reverse("safety:family_words_set", args=[danger.pk]), {
        f"woorden-{danger.pk}-family_statement": "x", f"woorden-{danger.pk}-family_goal": "y"})
    assert response.status_code == 404
    assert AccessLogRecord.objects.filter(event_code="plan.update", result="refused").exists()
    response = login(username).post(
        reverse("safety:child_version_set", args=[cast.case.pk]),
        {"kind-worries": "w", "kind-safe_plan": "p", "kind-helpers": "h",
         "kind-pictograms": ["huis"]})
    assert response.status_code == 404
    assert not ChildVersion.objects.exists()
    danger.refresh_from_db()
    assert danger.family_statement == ""


def test_child_version_from_the_form_with_pictograms(cast, login):
    client = login("lotte")
    response = client.post(reverse("safety:child_version_set", args=[cast.case.pk]), {
        "kind-worries": "Papa en mama maakten vaak ruzie.",
        "kind-safe_plan": "Als er ruzie is, bel je oma.", "kind-helpers": "Oma Ria.",
        "kind-pictograms": ["huis", "telefoon"]})
    assert response.status_code == 302
    child = ChildVersion.objects.get()
    assert child.pictograms == ["huis", "telefoon"]
    html = client.get(reverse("safety:child_version_print", args=[cast.case.pk])).content \
        .decode()
    assert "Papa en mama maakten vaak ruzie." in html
    assert 'alt="Thuis"' in html and 'alt="Bellen"' in html
    # The crisis numbers from rules/crisis_lines.toml.
    assert "Bel 112<" in html and "Bel Veilig Thuis: 0800-2000" in html
    record = AccessLogRecord.objects.filter(event_code="plan.child_version.read").latest("pk")
    assert record.result == "granted" and str(child.pk) in record.object_ids


@pytest.mark.parametrize("picked,message", [
    ([], "Kies minstens één plaatje."),
    (["huis", "hart", "bed", "zon", "school"], "Kies hoogstens 4 plaatjes"),
    (["raket"], "Selecteer een geldige keuze"),  # the form's own choice check
])
def test_child_version_refuses_bad_pictures_in_dutch(cast, login, picked, message):
    response = login("lotte").post(reverse("safety:child_version_set", args=[cast.case.pk]), {
        "kind-worries": "w", "kind-safe_plan": "p", "kind-helpers": "h",
        "kind-pictograms": picked})
    assert message in response.content.decode()
    assert not ChildVersion.objects.exists()


def test_child_version_service_refuses_unknown_pictogram(cast, ctx_of):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        _child(cast, ctx_of, chosen_pictograms=["raket"])
    assert "Kies alleen plaatjes uit de lijst." in str(exc.value)
    assert not ChildVersion.objects.exists()


def _seat(cast):
    user = User.objects.create(username="seat", first_name="Sam", last_name="Seat")
    Membership.objects.create(user=user, organisation=cast.skeleton.regional["politie"],
                              role=Membership.Role.PROFESSIONAL, discipline="politie",
                              valid_from=timezone.localdate() - timedelta(days=30))
    start = timezone.now() - timedelta(minutes=30)
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=start,
        ends_at=start + timedelta(hours=2), chair=cast.users["lotte"])
    CaseTableParticipant.objects.create(session=session, user=user)
    cast.users["seat"] = user
    return user


@pytest.mark.parametrize("username", ["olga", "gert", "seat"])
def test_outsider_ggz_and_a_case_table_seat_see_no_child_version(cast, ctx_of, login,
                                                                 username):
    child = _child(cast, ctx_of)
    if username == "seat":
        _seat(cast)
    response = login(username).get(reverse("safety:child_version_print",
                                           args=[cast.case.pk]))
    assert response.status_code == 404
    assert child.worries not in response.content.decode()
    refused = AccessLogRecord.objects.filter(result="refused").latest("pk")
    assert refused.event_code in ("plan.child_version.read", "case.read") or \
        refused.event_code.startswith("plan.")


def test_the_team_reads_the_child_version_and_so_does_the_vast_duo(cast, ctx_of, login):
    _child(cast, ctx_of)
    for username in ("lotte", "ruben"):
        html = login(username).get(reverse("safety:child_version_print",
                                           args=[cast.case.pk])).content.decode()
        assert "Als er ruzie is, bel je oma." in html


def test_a_second_write_rewrites_and_keeps_the_first_in_the_versions(cast, ctx_of):
    _child(cast, ctx_of)
    _child(cast, ctx_of, helpers="Oom Kees.")
    assert ChildVersion.objects.get().helpers == "Oom Kees."
    snapshots = [v.snapshot["child_version"]["helpers"]
                 for v in PlanVersion.objects.order_by("number")]
    assert snapshots == ["Oma Ria en Lotte.", "Oom Kees."]



def test_the_api_gives_the_family_words_beside_the_statement(cast, danger, ctx_of, client):
    from tests.safety.test_web_and_api import _api

    services.set_family_words(ctx_of("lotte"), danger, family_statement=FAMILY_WORDS,
                              family_goal="Iedereen is rustig.")
    plan = client.get(f"/api/v1/cases/{cast.case.pk}/safety-plan", **_api(cast, "lotte"))
    row = plan.json()["dangers"][0]
    assert row["statement"] == JARGON and row["family_statement"] == FAMILY_WORDS
    assert row["family_goal"] == "Iedereen is rustig."
