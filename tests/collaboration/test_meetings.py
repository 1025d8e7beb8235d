"""Case-table (MDA++) meeting records: the team sees and edits them; a participant who is
not on the team sees them only while the session runs; bad input saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    decide_session_work,
    visible_session_work,
)
from netwerkdossier.access.case_table_service import create_session
from netwerkdossier.access.models import CaseTableSession
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.collaboration import meetings
from netwerkdossier.collaboration.models import (
    AgendaItem,
    FollowUpAction,
    Meeting,
    MeetingDecision,
)
from netwerkdossier.collaboration.queries import open_actions_for
from netwerkdossier.dossier.models import Entry
from tests.api.conftest import assert_problem, assert_refused_404
from tests.audit.helpers import newest_log_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast, ctx_of):
    now = timezone.now()
    return create_session(ctx_of("lotte"), cast.household, title="MDA++ Jansen",
                          starts_at=now - timedelta(minutes=30),
                          ends_at=now + timedelta(hours=2), usernames=["olga", "ruben"],
                          entry_ids=[cast.entries["conversation"].pk],
                          basis="mda-veiligheid")


def url(session):
    return reverse("collaboration:meeting", args=[session.pk])


def _move(session, *, hours):
    """Shift the session so it starts `hours` from now (negative: in the past)."""
    start = timezone.now() + timedelta(hours=hours)
    CaseTableSession.objects.filter(pk=session.pk).update(starts_at=start,
                                                          ends_at=start + timedelta(hours=2))


def _fill(ctx, session):
    meetings.add_agenda_item(ctx, session, text="Veiligheid van Noor")
    meetings.add_decision(ctx, session, text="Het RVT en het wijkteam werken samen.")
    meetings.add_action(ctx, session, description="Huisbezoek plannen", owner="lotte",
                        due_on=timezone.localdate() + timedelta(days=7))


def test_team_records_the_meeting_and_the_decision_reaches_the_timeline(
        login, cast, session):
    client = login("lotte")
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    for data in ({"onderdeel": "agenda", "agenda-text": "Veiligheid van Noor"},
                 {"onderdeel": "aanwezig", "aanwezig-present": ["lotte", "olga"]},
                 {"onderdeel": "besluit", "besluit-text": "RVT en wijkteam werken samen."},
                 {"onderdeel": "actie", "actie-description": "Huisbezoek plannen",
                  "actie-owner": "ruben", "actie-due_on": due}):
        response = client.post(url(session), data)
        assert response.status_code == 302, (data, response.content.decode()[:2000])
    meeting = Meeting.objects.get(session=session)
    assert [a.text for a in meeting.agenda.all()] == ["Veiligheid van Noor"]
    assert {a.user.username for a in meeting.present.all()} == {"lotte", "olga"}
    action = meeting.actions.get()
    assert (action.owner.username, action.status) == ("ruben", "open")
    # The timeline says that a decision was taken; its words, and the title the chair
    # typed, stay with the meeting record (a Raad member of the team reads the timeline).
    entry = Entry.objects.get(kind="decision", household=cast.household,
                              text__contains="besluit genomen")
    assert session.starts_at.astimezone(timezone.get_current_timezone()).strftime(
        "%d-%m-%Y") in entry.text
    assert "RVT en wijkteam werken samen" not in entry.text
    assert session.title not in entry.text

    html = client.get(url(session)).content.decode()
    assert "Veiligheid van Noor" in html and "Huisbezoek plannen" in html
    assert cast.entries["conversation"].text in html  # the minimal picture
    response = client.post(url(session), {"onderdeel": "status", "status-action": action.pk,
                                          "status-status": "gedaan"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "gedaan"
    assert AccessLogRecord.objects.filter(event_code="meeting.update").count() == 5


def test_participant_outside_the_team_reads_only_while_the_session_runs(
        login, cast, ctx_of, session):
    _fill(ctx_of("lotte"), session)
    olga = login("olga")

    # During the session: she reads the record and the minimal picture, nothing else.
    response = olga.get(url(session))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het RVT en het wijkteam werken samen." in html
    assert cast.entries["conversation"].text in html
    assert cast.entries["report"].text not in html
    assert "Besluit vastleggen</button>" not in html  # reads only
    assert AccessLogRecord.objects.filter(event_code="meeting.read", username="olga",
                                          result="granted").exists()
    # ... and may not write.
    response = olga.post(url(session), {"onderdeel": "besluit", "besluit-text": "Poging"})
    assert response.status_code == 404
    assert MeetingDecision.objects.count() == 1

    for hours, when in ((3, "before"), (-5, "after")):
        _move(session, hours=hours)
        before = newest_log_id()
        response = olga.get(url(session))
        assert response.status_code == 404, when
        refused = AccessLogRecord.objects.filter(pk__gt=before, result="refused").get()
        assert str(session.pk) in refused.object_ids and refused.username == "olga"
        # The team still reads it.
        assert login("lotte").get(url(session)).status_code == 200
        olga = login("olga")


def test_a_seat_at_another_session_opens_nothing_here(cast, ctx_of, session):
    now = timezone.now()
    other = create_session(ctx_of("lotte"), cast.household, title="Ander overleg",
                           starts_at=now - timedelta(minutes=5),
                           ends_at=now + timedelta(hours=1), usernames=["tamara"],
                           entry_ids=[cast.entries["conversation"].pk],
                           basis="mda-veiligheid")
    olga = ctx_of("olga")
    assert decide_session_work(olga, READ, other).allowed is False
    assert decide_session_work(olga, READ, session).rule == "case_table"
    assert decide_session_work(olga, UPDATE, session).allowed is False
    _fill(ctx_of("lotte"), session)
    action = FollowUpAction.objects.get()
    assert decide_session_work(olga, READ, action).allowed
    assert list(visible_session_work(olga, READ, CaseTableSession.objects.all())) == [session]
    assert list(visible_session_work(olga, UPDATE, FollowUpAction.objects.all())) == []
    assert list(visible_session_work(ctx_of("lotte"), UPDATE,
                                     FollowUpAction.objects.all())) == [action]
    assert decide_session_work(ctx_of("priya"), READ, session).allowed is False


def test_each_write_and_read_is_logged_per_kind_about_the_household(
        login, cast, ctx_of, session):
    from netwerkdossier.cases.lifecycle import current_members

    household = {str(p.pk) for p in current_members(cast.household.pk)}
    _fill(ctx_of("lotte"), session)
    writes = list(AccessLogRecord.objects.filter(event_code="meeting.update").order_by("pk"))
    assert [(r.object_type, r.action) for r in writes] == [
        ("agenda_item", "C"), ("meeting_decision", "C"), ("follow_up_action", "C")]
    assert all(set(r.subject_ids) == household for r in writes)
    assert login("lotte").get(url(session)).status_code == 200
    reads = {r.object_type: r for r in AccessLogRecord.objects.filter(
        event_code__in=["meeting.read", "entry.list"], username="lotte")}
    assert set(reads) == {"case_table", "case_table_meeting", "meeting_decision",
                          "follow_up_action", "entry"}
    assert reads["case_table"].object_ids == [str(session.pk)]
    assert reads["entry"].object_ids == [str(cast.entries["conversation"].pk)]
    assert set(reads["case_table_meeting"].subject_ids) == household


def test_a_status_for_an_action_of_another_session_is_refused_in_dutch(
        login, cast, ctx_of, session):
    now = timezone.now()
    other = create_session(ctx_of("lotte"), cast.household, title="Ander overleg",
                           starts_at=now - timedelta(minutes=5),
                           ends_at=now + timedelta(hours=1), usernames=["ruben"],
                           entry_ids=[cast.entries["conversation"].pk],
                           basis="mda-veiligheid")
    elsewhere = meetings.add_action(ctx_of("lotte"), other, description="Bellen",
                                    owner="lotte",
                                    due_on=timezone.localdate() + timedelta(days=2))
    response = login("lotte").post(url(session), {"onderdeel": "status",
                                                  "status-action": elsewhere.pk,
                                                  "status-status": "gedaan"})
    assert response.status_code == 200
    assert "Deze actie hoort niet bij dit verslag." in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.status == "open"


@pytest.mark.parametrize("kwargs,field,message", [
    ({"owner": "", "due_on": "+7"}, "owner", "Een actie zonder eigenaar wordt niet opgeslagen."),
    ({"owner": "lotte", "due_on": None}, "due_on",
     "Een actie zonder datum wordt niet opgeslagen."),
    ({"owner": "niemand", "due_on": "+7"}, "owner",
     "Geen professional met deze gebruikersnaam: niemand."),
    ({"owner": "priya", "due_on": "+7"}, "owner", "geen rol waarmee hij of zij dossiers"),
    ({"owner": "tamara", "due_on": "+7"}, "owner", "neemt niet deel aan deze casustafel"),
    ({"owner": "lotte", "due_on": "-3"}, "due_on", "niet vóór de casustafel"),
    ({"owner": "lotte", "due_on": "+7", "description": " "}, "description",
     "Beschrijf wat er moet gebeuren."),
])
def test_bad_actions_are_refused_in_dutch_and_nothing_is_saved(
        cast, ctx_of, session, kwargs, field, message):
    kwargs = {"description": "Huisbezoek", **kwargs}
    if kwargs["due_on"]:
        kwargs["due_on"] = timezone.localdate() + timedelta(days=int(kwargs["due_on"]))
    with pytest.raises(ValidationError) as caught:
        meetings.add_action(ctx_of("lotte"), session, **kwargs)
    assert message in " ".join(caught.value.message_dict[field])
    assert not FollowUpAction.objects.exists()
    assert not Meeting.objects.exists()


def test_bad_input_on_the_page_shows_the_error_summary(login, cast, session):
    response = login("lotte").post(url(session), {"onderdeel": "actie",
                                                  "actie-description": "Huisbezoek",
                                                  "actie-owner": "", "actie-due_on": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld" in html
    assert escape("Een actie zonder eigenaar wordt niet opgeslagen.") in html
    assert escape("Een actie zonder datum wordt niet opgeslagen.") in html
    assert not FollowUpAction.objects.exists()
    response = login("lotte").post(url(session), {"onderdeel": "agenda", "agenda-text": ""})
    assert "Schrijf het agendapunt op." in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_open_actions_for_a_user_with_overdue_first(cast, ctx_of, session):
    today = timezone.localdate()
    ctx = ctx_of("lotte")
    meetings.add_action(ctx, session, description="Later", owner="ruben",
                        due_on=today + timedelta(days=5))
    meetings.add_action(ctx, session, description="Vandaag", owner="ruben", due_on=today)
    done = meetings.add_action(ctx, session, description="Klaar", owner="ruben",
                               due_on=today)
    meetings.set_action_status(ctx, done, status="gedaan")
    meetings.add_action(ctx, session, description="Van Lotte", owner="lotte", due_on=today)
    later = today + timedelta(days=2)
    rows = list(open_actions_for(cast.users["ruben"], today=later))
    assert [(a.description, a.overdue) for a in rows] == [("Vandaag", True), ("Later", False)]
    overdue = open_actions_for(cast.users["ruben"], today=later, overdue_only=True)
    assert [a.description for a in overdue] == ["Vandaag"]
    # olga owns nothing; and an action of a session she only sat at disappears with it.
    assert list(open_actions_for(cast.users["olga"])) == []


def test_planned_session_can_be_prepared_by_the_team(login, cast, ctx_of, session):
    _move(session, hours=24)
    response = login("lotte").post(url(session), {"onderdeel": "agenda",
                                                  "agenda-text": "Terugblik"})
    assert response.status_code == 302
    assert login("olga").get(url(session)).status_code == 404


# --- API -----------------------------------------------------------------------------

def api(session, tail=""):
    return f"/api/v1/case-tables/{session.pk}/meeting{tail}"


def test_api_meeting_record(api_as, cast, session):
    lotte = api_as("lotte")
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert lotte.post(api(session, "/agenda-items"), {"text": "Opening"}).status_code == 201
    assert lotte.post(api(session, "/decisions"), {"text": "Samen verder"}).status_code == 201
    assert lotte.post(api(session, "/attendance"),
                      {"present": ["lotte", "ruben"]}).status_code == 201
    response = lotte.post(api(session, "/actions"), {"description": "Bellen met school",
                                                     "owner": "ruben", "due_on": due})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["agenda"] == ["Opening"]
    assert [a["owner"]["username"] for a in body["actions"]] == ["ruben"]
    assert {p["username"] for p in body["present"]} == {"lotte", "ruben"}
    assert [e["id"] for e in body["minimal_picture"]] == [str(cast.entries["conversation"].pk)]

    problem = assert_problem(lotte.post(api(session, "/actions"),
                                        {"description": "x", "owner": None}), 422)
    assert {p["name"] for p in problem["invalid_params"]} == {"owner", "due_on"}
    assert FollowUpAction.objects.count() == 1

    action_id = body["actions"][0]["id"]
    response = lotte.post(f"/api/v1/follow-up-actions/{action_id}/status",
                          {"status": "vervallen"})
    assert response.status_code == 200 and response.json()["status"] == "vervallen"
    assert_problem(lotte.post(f"/api/v1/follow-up-actions/{action_id}/status",
                              {"status": "weg"}), 422)

    olga = api_as("olga")
    assert olga.get(api(session)).status_code == 200  # participant, session running
    assert_refused_404(olga.post(api(session, "/decisions"), {"text": "x"}), session.pk)
    assert_refused_404(olga.post(f"/api/v1/follow-up-actions/{action_id}/status",
                                 {"status": "open"}), action_id)
    _move(session, hours=-5)
    assert_refused_404(olga.get(api(session)), session.pk)


def test_the_decision_does_not_reach_a_team_member_without_a_seat_through_the_timeline(
        login, cast, ctx_of, team_member, session, client):
    """The Raad has no seat at an mda-veiligheid table (decision 0024): it reads neither
    the meeting record nor, through the timeline, the decision's words or the table's
    title; only that a decision was taken."""
    words = "Vader mag de kinderen voorlopig alleen onder begeleiding zien."
    meetings.add_decision(ctx_of("lotte"), session, text=words)
    team_member("rianne", "rvdk", "raadsonderzoeker")
    raad = login("rianne", purpose="advies_rechter")
    assert raad.get(url(session)).status_code == 404
    household = raad.get(reverse("web:household", args=[cast.household.pk]))
    assert household.status_code == 200
    html = household.content.decode()
    assert "is een besluit genomen" in html
    assert words not in html and session.title not in html
    client.logout()
    assert words in login("lotte").get(url(session)).content.decode()


def _criminal_table(cast, ctx_of):
    now = timezone.now()
    return create_session(ctx_of("ruben"), cast.household, title="ZVH Jansen",
                          starts_at=now - timedelta(minutes=30),
                          ends_at=now + timedelta(hours=2), usernames=["lotte"],
                          entry_ids=[cast.entries["criminal"].pk],
                          basis="zorg-en-veiligheidshuis")


def _emergency(cast, username="olga"):
    from netwerkdossier.access.models import BreakGlass

    user = cast.users[username]
    BreakGlass.objects.create(
        user=user, household=cast.household,
        organisation=user.memberships.first().organisation,
        reason="Spoed: melding politie over onveilige situatie vannacht.",
        started_at=timezone.now(), expires_at=timezone.now() + timedelta(hours=4))


def test_emergency_access_reads_no_record_of_a_table_on_criminal_data(
        login, cast, ctx_of, session):
    criminal = _criminal_table(cast, ctx_of)
    meetings.add_decision(ctx_of("ruben"), criminal, text="Het OM vervolgt vader.")
    meetings.add_decision(ctx_of("lotte"), session, text="Wijkteam en RVT werken samen.")
    _emergency(cast)
    olga = ctx_of("olga")
    assert not decide_session_work(olga, READ, criminal).allowed
    assert not decide_session_work(olga, READ, MeetingDecision.objects.get(
        meeting__session=criminal)).allowed
    assert set(visible_session_work(olga, READ, MeetingDecision.objects.all())
               .values_list("text", flat=True)) == {"Wijkteam en RVT werken samen."}
    client = login("olga")
    assert client.get(url(criminal)).status_code == 404
    # A table without health or criminal data is read under emergency access, as before.
    assert decide_session_work(olga, READ, session).allowed
    assert "Wijkteam en RVT werken samen." in client.get(url(session)).content.decode()


def test_the_not_shared_count_follows_the_placeholder_rule(cast, ctx_of):
    """How many entries of the picture one may not read is itself a sign that they
    exist: only for those who may know that (team-type relations; not health or
    criminal data)."""
    from netwerkdossier.access.api import KNOW_EXISTS, decide
    from netwerkdossier.collaboration.read import minimal_picture

    criminal = _criminal_table(cast, ctx_of)
    entry = cast.entries["criminal"]
    _emergency(cast)
    for username in ("olga", "lotte", "ruben"):
        ctx = ctx_of(username)
        shown, not_shared = minimal_picture(ctx, criminal)
        readable = decide(ctx, READ, entry).allowed
        may_know = decide(ctx, KNOW_EXISTS, entry).allowed
        assert [e.pk for e in shown] == ([entry.pk] if readable else []), username
        assert not_shared == (0 if readable or not may_know else 1), username
    assert minimal_picture(ctx_of("olga"), criminal)[1] == 0
