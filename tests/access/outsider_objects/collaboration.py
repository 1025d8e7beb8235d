"""Objects of the collaboration app for the outsider walk (see __init__.py)."""

from datetime import timedelta

from django.utils import timezone


def objects(cast, ctx_of) -> dict:
    from netwerkdossier.access.case_table_service import create_session
    from netwerkdossier.collaboration import meetings
    from netwerkdossier.collaboration.services import change_team

    lotte = ctx_of("lotte")
    now = timezone.now()
    # A running session without olga: she is an outsider to it.
    session = create_session(lotte, cast.household, title="MDA++", starts_at=now,
                             ends_at=now + timedelta(hours=1), usernames=["gert"],
                             entry_ids=[cast.entries["conversation"].pk],
                             basis="mda-veiligheid")
    action = meetings.add_action(lotte, session, description="Huisbezoek", owner="ruben",
                                 due_on=timezone.localdate() + timedelta(days=7))
    change = change_team(lotte, cast.case, kind="toewijzing", role="vast_gezicht",
                         username="lotte")
    return {"case_table_session": session.pk, "follow_up_action": action.pk,
            "meeting": action.meeting_id, "team_change": change.pk}
