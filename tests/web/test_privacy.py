"""The privacy officer's screens: emergency-access review queue and the access log."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access.models import BreakGlass
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic.sign_in import next_app_code, sign_in
from tests.audit.helpers import newest_log_id
from tests.conftest import state_purpose

REASON = "Moeder belt in paniek met de politie, het team is niet bereikbaar."
QUEUE = reverse("web:break_glass_queue")
LOG = reverse("web:access_log")


@pytest.fixture
def btg(cast, client):
    """Olga breaks the glass and opens the household once."""
    sign_in(client, cast.users["olga"])
    state_purpose(client, "hulpverlening")
    client.post(reverse("web:break_glass_start", args=[cast.household.pk]),
                {"reason": REASON, "purpose": "hulpverlening", "understood": "on",
                 "code": next_app_code(cast.users["olga"])})
    client.get(reverse("web:household", args=[cast.household.pk]))
    client.logout()
    return BreakGlass.objects.get()


def review_url(glass):
    return reverse("web:break_glass_review", args=[glass.pk])


def test_privacy_officer_sees_the_queue_without_family_names(login, cast, btg):
    response = login("priya").get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Olga Smit (Wijkteam Zuiderhaven)" in html
    assert REASON in html and str(cast.household.pk) in html and "Noorderveld" in html
    assert "Gezin Jansen" not in html
    assert "huishouden 1 keer geopend" in html
    [glass] = response.context["open_uses"]
    assert glass.activity["household_reads"] == 1
    record = AccessLogRecord.objects.filter(event_code="break_glass.queue").get()
    assert record.username == "priya" and record.object_ids == [str(btg.pk)]
    assert record.purpose == "toezicht"


def test_review_saves_logs_and_moves_to_reviewed(login, cast, btg):
    client = login("priya")
    prefix = str(btg.pk)
    response = client.post(review_url(btg), {f"{prefix}-outcome": "justified",
                                             f"{prefix}-note": "Acute situatie, terecht."})
    assert response.status_code == 302 and response["Location"] == QUEUE
    btg.refresh_from_db()
    assert btg.outcome == "justified" and btg.reviewed_by == cast.users["priya"]
    assert btg.reviewed_at is not None and btg.review_note == "Acute situatie, terecht."
    record = AccessLogRecord.objects.get(event_code="break_glass.review")
    assert (record.action, record.result, record.object_ids) == ("U", "granted", [str(btg.pk)])
    response = client.get(QUEUE)
    assert response.context["open_uses"] == [] and response.context["reviewed"] == [btg]
    assert "Beoordeling opgeslagen." in response.content.decode()


def test_unjustified_needs_a_note(login, cast, btg):
    client = login("priya")
    prefix = str(btg.pk)
    response = client.post(review_url(btg), {f"{prefix}-outcome": "unjustified"})
    assert response.status_code == 400
    assert "Schrijf op waarom de noodtoegang onterecht was." in response.content.decode()
    btg.refresh_from_db()
    assert btg.reviewed_at is None
    assert not AccessLogRecord.objects.filter(event_code="break_glass.review").exists()


@pytest.mark.parametrize("username", ["lotte", "olga", "tamara"])
def test_others_get_a_logged_404_on_every_privacy_url(login, cast, btg, username):
    client = login(username)
    for method, url, action in (("get", QUEUE, "R"), ("get", LOG, "R"),
                                ("post", review_url(btg), "U")):
        before = newest_log_id()
        response = getattr(client, method)(url, {f"{btg.pk}-outcome": "justified"})
        assert response.status_code == 404, url
        record = AccessLogRecord.objects.filter(pk__gt=before).get()
        assert (record.result, record.username, record.action) == ("refused", username, action)
    btg.refresh_from_db()
    assert btg.reviewed_at is None


def test_review_of_unknown_use_is_a_logged_404(login, cast):
    missing = uuid.uuid4()
    response = login("priya").post(reverse("web:break_glass_review", args=[missing]),
                                   {f"{missing}-outcome": "justified"})
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().object_ids == [str(missing)]


def test_log_screen_filters(login, cast, btg):
    lotte = login("lotte")
    lotte.get(reverse("web:household", args=[cast.household.pk]))
    login("olga").get(reverse("web:entry", args=[cast.entries["secrecy"].pk]))  # refused
    client = login("priya")

    def rows(**params):
        response = client.get(LOG, params)
        assert response.status_code == 200
        return response.context["rows"]

    everything = rows()
    assert {r.username for r in everything} >= {"lotte", "olga"}

    # By person (BSN): records with the mother among the subjects, and nothing else.
    by_bsn = rows(persoon=cast.mother.bsn)
    assert by_bsn and all(str(cast.mother.pk) in r.subject_ids for r in by_bsn)
    assert {"household.read", "break_glass.start"} <= {r.event_code for r in by_bsn}
    query = AccessLogRecord.objects.filter(event_code="audit.query").latest("pk")
    assert query.subject_ids == [str(cast.mother.pk)] and query.action == "R"
    by_id = rows(persoon=str(cast.father.pk))
    assert by_id and all(str(cast.father.pk) in r.subject_ids for r in by_id)
    assert len(by_id) < len(everything)

    by_user = rows(professional="olga")
    assert by_user and {r.username for r in by_user} == {"olga"}
    btg_only = rows(btg="on")
    assert btg_only and all(r.break_glass for r in btg_only)
    assert {r.username for r in btg_only} == {"olga"}
    refused = rows(resultaat="refused", professional="olga")
    assert [r.event_code for r in refused] == ["entry.read"]

    today = timezone.localdate()
    assert rows(van=today.isoformat(), tot=today.isoformat())
    assert not rows(van=(today - timedelta(days=10)).isoformat(),
                    tot=(today - timedelta(days=9)).isoformat())


def test_log_screen_rejects_bad_input_in_dutch(login, cast):
    client = login("priya")
    html = client.get(LOG, {"persoon": "123"}).content.decode()
    assert "Dit BSN klopt niet." in html
    html = client.get(LOG, {"persoon": "999999990"}).content.decode()
    assert "Geen persoon met dit BSN gevonden." in html


def test_log_screen_paginates(login, cast, ctx_of):
    ctx = ctx_of("lotte")
    append(ctx, [LogEvent(event_code="household.read", action="R", object_type="household",
                          object_ids=[cast.household.pk], rule="team") for _ in range(60)])
    client = login("priya")
    first = client.get(LOG, {"professional": "lotte"})
    assert len(first.context["rows"]) == 50
    assert "pagina=2" in first.content.decode()
    second = client.get(LOG, {"professional": "lotte", "pagina": 2})
    assert len(second.context["rows"]) == 10


def test_unusual_pattern_panel_flags_many_households_outside_the_team(login, cast, ctx_of):
    ctx = ctx_of("olga")
    append(ctx, [LogEvent(event_code="household.read", action="R", object_type="household",
                          object_ids=[uuid.uuid4()], rule="case_table") for _ in range(11)])
    response = login("priya").get(LOG)
    flagged = [p for p in response.context["patterns"] if p.kind == "outside_team"]
    assert [(p.username, p.count) for p in flagged] == [("olga", 11)]
    html = response.content.decode()
    assert "Veel huishoudens geopend buiten het eigen team" in html
    assert "via noodtoegang of als deelnemer aan een casustafel, bij meer dan 10" in html
    assert "Wijkteam Zuiderhaven" in html
    assert "?professional=olga&amp;resultaat=granted" in html


def test_every_use_is_logged_also_when_a_screen_is_empty(login, cast):
    client = login("priya")
    assert client.get(QUEUE).status_code == 200  # no emergency access yet
    queue = AccessLogRecord.objects.get(event_code="break_glass.queue")
    assert (queue.object_type, queue.object_ids) == ("screen", ["noodtoegang"])
    # A search by BSN that finds no records still names the person searched for.
    response = client.get(LOG, {"persoon": cast.lieke.bsn, "van": "2000-01-01",
                                "tot": "2000-01-02"})
    assert response.status_code == 200 and list(response.context["rows"]) == []
    query = AccessLogRecord.objects.filter(event_code="audit.query").latest("pk")
    assert query.subject_ids == [str(cast.lieke.pk)] and query.action == "R"
    assert query.rule == "privacy_officer"


def test_nobody_reviews_their_own_emergency_access(login, cast, btg):
    """One login may hold a professional and a privacy-officer membership; the use is
    still reviewed by another person (four eyes), whichever membership is active."""
    from netwerkdossier.organisations.models import Membership

    olga = cast.users["olga"]
    officer = Membership.objects.create(
        user=olga, organisation=btg.organisation, role=Membership.Role.PRIVACY_OFFICER,
        discipline="beleid", valid_from=timezone.localdate() - timedelta(days=1))
    client = login("olga", purpose=None)
    session = client.session
    session["membership_id"] = officer.pk
    session.save()
    prefix = str(btg.pk)
    response = client.post(review_url(btg), {f"{prefix}-outcome": "justified"})
    assert response.status_code == 400
    assert ("U gebruikte deze noodtoegang zelf. Een andere functionaris "
            "gegevensbescherming moet hem beoordelen.") in response.content.decode()
    btg.refresh_from_db()
    assert btg.reviewed_at is None and btg.outcome == ""
    assert not AccessLogRecord.objects.filter(event_code="break_glass.review").exists()
    # Another privacy officer can.
    response = login("priya").post(review_url(btg), {f"{prefix}-outcome": "justified"})
    assert response.status_code == 302
    btg.refresh_from_db()
    assert btg.reviewed_by == cast.users["priya"]
