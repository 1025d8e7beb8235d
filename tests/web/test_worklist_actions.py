"""The worklist lists the user's open follow-up actions from case-table meetings."""

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.collaboration.models import FollowUpAction
from netwerkdossier.synthetic import collaboration_demo


def test_owner_sees_open_actions_with_overdue_marked_and_logged(login, cast):
    collaboration_demo.build(cast)
    action = FollowUpAction.objects.filter(owner=cast.users["ruben"]).first()
    assert action is not None
    html = login("ruben").get("/").content.decode()
    assert "Uw acties uit casustafels" in html
    assert action.description in html
    assert 'data-signal="actie_te_laat"' in html
    record = AccessLogRecord.objects.get(event_code="meeting.action.list")
    assert str(action.pk) in record.object_ids


def test_actions_of_others_are_not_listed(login, cast):
    collaboration_demo.build(cast)
    html = login("olga").get("/").content.decode()
    assert "Uw acties uit casustafels" not in html
    assert not AccessLogRecord.objects.filter(event_code="meeting.action.list").exists()
