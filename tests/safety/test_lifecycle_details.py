"""The criteria a phase decision still misses name agreements and scaling scores only to
a reader of them (issue 10 channel table): the police officer in the team, who may not
read the local team's safety plan, saw its agreements and scores on the case page and
in GET /cases/<id>/lifecycle."""

import json
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


def _both(login, cast, username, purpose="hulpverlening"):
    """The case page and GET /cases/<id>/lifecycle, as one text each."""
    page = login(username, purpose).get(f"/trajecten/{cast.case.pk}")
    api = login(username, purpose).get(
        f"/api/v1/cases/{cast.case.pk}/lifecycle", HTTP_X_PURPOSE=purpose,
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.users[username])}")
    assert page.status_code == api.status_code == 200
    return page.content.decode(), api.content.decode()


@pytest.mark.parametrize("username,reads", [("lotte", True), ("gert", False)])
def test_the_closing_criterion_never_names_an_outcome_the_reader_may_not_read(
        cast, login, username, reads):
    """GGZ without everyone's consent may not read the phase decisions: the API gives
    it no triage outcome, and the criteria must not spell it out either, nor may the
    answer differ with the outcome (four eyes after an unsafe outcome included)."""
    from netwerkdossier.cases.models import Case, Phase

    answers = {}
    for outcome in ("acuut_onveilig", "geen_zorgen"):
        Case.objects.filter(pk=cast.case.pk).update(phase=Phase.VEILIGHEIDSBEOORDELING,
                                                    triage_outcome=outcome)
        page, api = _both(login, cast, username)
        assert ("acuut onveilig" in (page + api).lower()) is (reads and outcome !=
                                                               "geen_zorgen")
        answers[outcome] = json.loads(api)["next"]
    assert (answers["acuut_onveilig"] == answers["geen_zorgen"]) is not reads
    if not reads:
        assert any("u mag de uitkomst van de veiligheidsbeoordeling niet inzien" in m
                   for o in answers["geen_zorgen"] for m in o["missing"])


def _incidents(api: str) -> list[str]:
    return [m for o in json.loads(api)["next"] for m in o["missing"] if "incident" in m]


@pytest.mark.parametrize("username,reads", [("ruben", True), ("lotte", False),
                                            ("olga", False)])
def test_the_incident_criterion_names_a_report_only_to_its_reader(
        cast, ctx_of, login, username, reads):
    """A new report with criminal data by the RVT: its author reads it by its date. The
    local team's casusregisseur (no criminal data) and someone with emergency access
    (never criminal data) learn only that there was an incident they may not read, not
    its kind or date; the criterion still holds the decision back for everyone."""
    from django.utils.formats import date_format

    from netwerkdossier.access.models import BreakGlass
    from netwerkdossier.cases.models import Case, Phase
    from netwerkdossier.dossier.models import Confidentiality, EntryKind
    from netwerkdossier.dossier.services import add_entry

    Case.objects.filter(pk=cast.case.pk).update(phase=Phase.DIRECTE_VEILIGHEID)
    now = timezone.now()
    add_entry(ctx_of("ruben"), cast.household, kind=EntryKind.REPORT,
              text="Nieuwe melding van de politie: aangifte mishandeling.",
              occurred_at=now - timedelta(days=3), subjects=[cast.father],
              confidentiality=Confidentiality.NETWERK, legal_basis="wmo_vt",
              case=cast.case, criminal_data=True)
    day = date_format(timezone.localtime(now - timedelta(days=3)).date(), "j F Y")
    olga = cast.users["olga"]
    BreakGlass.objects.create(user=olga, household=cast.household,
                              organisation=olga.memberships.first().organisation,
                              reason="Acute zorg, team onbereikbaar.", purpose="hulpverlening",
                              started_at=now - timedelta(minutes=5),
                              expires_at=now + timedelta(hours=8))
    page, api = _both(login, cast, username)
    incidents = [m for o in json.loads(api)["next"] for m in o["missing"] if "incident" in m]
    assert len(incidents) == 1  # the decision is held back for every reader
    assert (f"melding ({day})" in incidents[0]) is reads
    assert (f"melding ({day})" in page) is reads
    assert ("1 incident dat u niet mag inzien" in incidents[0]) is not reads


@pytest.mark.parametrize("username,reads", [("lotte", True), ("gert", False)])
def test_the_four_eyes_note_does_not_give_the_outcome_away(cast, login, username, reads):
    """Closing from phase 3 needs four eyes after an unsafe outcome only; GGZ without
    everyone's consent may not read the outcome, so its page does not follow it."""
    from netwerkdossier.cases.models import Case, Phase

    Case.objects.filter(pk=cast.case.pk).update(phase=Phase.HERSTEL,
                                                triage_outcome="acuut_onveilig")
    page, _api = _both(login, cast, username)
    assert ("Vier ogen:" in page) is reads
