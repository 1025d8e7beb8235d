"""The demo's collaboration data builds on the cast and shows in the counts and worklist."""

import pytest

from netwerkdossier.collaboration import metrics
from netwerkdossier.collaboration.models import Meeting, TeamChange
from netwerkdossier.collaboration.queries import open_actions_for

pytestmark = pytest.mark.django_db


def test_demo_build(cast):
    from netwerkdossier.synthetic.collaboration_demo import build

    session = build(cast)
    kinds = list(TeamChange.objects.filter(case=cast.case).values_list("kind", flat=True))
    assert kinds.count("rvt_gezamenlijk") == 1 and len(kinds) == 4
    meeting = Meeting.objects.get(session=session)
    assert meeting.agenda.count() == 3 and meeting.decisions.count() == 1
    assert meeting.present.count() == 3
    overdue = list(open_actions_for(cast.users["ruben"], overdue_only=True))
    assert [a.description for a in overdue] == ["Huisbezoek met moeder en de kinderen"]
    assert metrics.case_counts([cast.case.pk])[cast.case.pk]["handovers"] == 0
