"""The criteria a phase decision still misses name agreements and scaling scores only to
a reader of them (issue 10 channel table): the police officer in the team, who may not
read the local team's safety plan, saw its agreements and scores on the case page and
in GET /cases/<id>/lifecycle."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.safety import services

from .conftest import open_agreement

pytestmark = pytest.mark.django_db

ACTION = "Moeder belt oma bij ruzie"


@pytest.mark.parametrize("username,purpose,reads", [
    ("lotte", "hulpverlening", True),
    ("piet", "veiligheidsbeoordeling", False)])
def test_missing_criteria_show_what_the_reader_may_read(cast, ctx_of, login, team_member,
                                                        username, purpose, reads):
    team_member("piet", "politie", "politie")
    lotte = ctx_of("lotte")
    open_agreement(lotte, cast.case, cast, days=0, action=ACTION)
    services.add_scalings(lotte, cast.case, scored_on=timezone.localdate() - timedelta(days=1),
                          person_scores={cast.noor.pk: 3})
    page = login(username, purpose).get(f"/trajecten/{cast.case.pk}")
    api = login(username, purpose).get(
        f"/api/v1/cases/{cast.case.pk}/lifecycle", HTTP_X_PURPOSE=purpose,
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.users[username])}")
    for response in (page, api):
        assert response.status_code == 200
        body = response.content.decode()
        assert (ACTION in body) is reads
        assert ("Noor Jansen (3)" in body) is reads
        assert ("een afspraak die u niet mag inzien" in body) is not reads
        assert ("de scores mag u niet inzien" in body) is not reads
