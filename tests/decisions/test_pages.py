"""The pages of decision records and requests for every professional persona: who reads
the Raad's request for an OTS for Noor (the Raad, and the local team and the RVT under
'raad-naar-team'), the logged 404 for everyone else (outsider, police, GGZ, a case-table
seat, emergency access), who may write what, and bad input answered in Dutch."""

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.decisions.models import Dissent, Fact, MeasureRequest

pytestmark = pytest.mark.django_db

# persona -> (purpose, reads the request, writes facts)
PERSONAS = {
    "rianne": ("advies_rechter", True, True),  # the author's organisation
    "lotte": ("hulpverlening", True, False),  # wijkteam: 'raad-naar-team'
    "ruben": ("hulpverlening", True, False),  # RVT: 'raad-naar-team', the reviewer
    "piet": ("veiligheidsbeoordeling", False, False),  # police: no Raad decisions
    "gert": ("hulpverlening", False, False),  # GGZ: no agreement for the Raad's decisions
    "stella": ("veiligheidsbeoordeling", False, False),  # case-table seat
    "eva": ("hulpverlening", False, False),  # emergency access: never the deliberation
    "olga": ("hulpverlening", False, False),  # outsider
}


@pytest.fixture
def everyone(world, seat_and_emergency):
    return world


def _refused(event_code, username) -> bool:
    return AccessLogRecord.objects.filter(event_code=event_code, result="refused",
                                          username=username).exists()


@pytest.mark.parametrize("username", PERSONAS)
def test_who_reads_the_request(everyone, login, username):
    purpose, reads, _writes = PERSONAS[username]
    client = login(username, purpose)
    req, record = everyone.request, everyone.decision
    for url in (f"/verzoekschriften/{req.pk}", f"/besluitverslagen/{record.pk}"):
        page = client.get(url)
        assert page.status_code == (200 if reads else 404), (username, url)
    if reads:
        html = page.content.decode()
        assert "Feit 3 (" in html and 'data-flag="zonder-bron"' in html
        assert "Sanne" in html and "Er was één keer ruzie" in html  # her view, beside it
        logged = AccessLogRecord.objects.filter(event_code="decision.read",
                                                username=username)
        assert {r.object_type for r in logged} >= {"decision_record", "decision_fact",
                                                   "measure_request"}
    else:
        assert _refused("decision.read", username)
    listing = client.get(f"/huishoudens/{everyone.household.pk}/besluiten")
    if username in ("olga",):
        assert listing.status_code == 404
    elif listing.status_code == 200:
        assert (f"/verzoekschriften/{req.pk}" in listing.content.decode()) is reads


@pytest.mark.parametrize("username", PERSONAS)
def test_who_writes_facts_and_who_is_refused_with_a_logged_404(everyone, login, username):
    purpose, reads, writes = PERSONAS[username]
    client = login(username, purpose)
    record = everyone.decision
    # The request is under review: send it back first, so facts may change.
    MeasureRequest.objects.filter(pk=everyone.request.pk).update(status="teruggestuurd")
    before = Fact.objects.count()
    response = client.post(f"/besluitverslagen/{record.pk}/feit", {
        "text": "Noor is twee keer niet naar school gekomen.", "basis": "waargenomen",
        "source_entry": str(everyone.entries["report"].pk)})
    assert response.status_code == (302 if writes else 404), username
    assert Fact.objects.count() == before + (1 if writes else 0)
    if not writes:
        assert _refused("decision.feit", username)
    dissent = client.post(f"/besluitverslagen/{record.pk}/afwijkend",
                          {"afwijkend-reasons": "Eerst vrijwillige hulp."})
    assert dissent.status_code == (302 if reads else 404), username
    assert Dissent.objects.filter(user__username=username).exists() is reads


def test_bad_input_is_answered_in_dutch_and_saves_nothing(everyone, login):
    client = login("rianne", "advies_rechter")
    MeasureRequest.objects.filter(pk=everyone.request.pk).update(status="teruggestuurd")
    before = Fact.objects.count()
    response = client.post(f"/besluitverslagen/{everyone.decision.pk}/feit", {
        "text": "", "basis": "gemeld", "source_entry": "geen-id"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf het feit op." in html and "Noem wie het heeft gemeld." in html
    assert Fact.objects.count() == before
    unknown = client.post(f"/besluitverslagen/{everyone.decision.pk}/onbekend", {})
    assert unknown.status_code == 404


def test_the_author_is_told_why_she_cannot_review_and_the_reviewer_approves_only_sourced(
        everyone, login):
    author = login("rianne", "advies_rechter")
    html = author.get(f"/verzoekschriften/{everyone.request.pk}").content.decode()
    assert "U schreef dit verzoekschrift zelf" in html
    refused = author.post(f"/besluitverslagen/{everyone.decision.pk}/toetsantwoord",
                          {"toets-outcome": "goedgekeurd"})
    assert refused.status_code == 403
    reviewer = login("ruben")
    blocked = reviewer.post(f"/besluitverslagen/{everyone.decision.pk}/toetsantwoord",
                            {"toets-outcome": "goedgekeurd"})
    assert blocked.status_code == 400
    assert "Feit 3 (" in blocked.content.decode()
    back = reviewer.post(f"/besluitverslagen/{everyone.decision.pk}/toetsantwoord",
                         {"toets-outcome": "teruggestuurd",
                          "toets-reasons": "Feit 3 mist een bron."})
    assert back.status_code == 302
    everyone.request.refresh_from_db()
    assert everyone.request.status == "teruggestuurd"


def test_drafting_is_for_the_requester_only(everyone, login):
    url = f"/huishoudens/{everyone.household.pk}/verzoekschriften/nieuw"
    assert login("ruben").get(url).status_code == 404
    assert _refused("measure_request.draft", "ruben")
    client = login("rianne", "advies_rechter")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"person": str(everyone.daan.pk), "measure_key": "ots"})
    assert bad.status_code == 400 and "Noem de rechtbank" in bad.content.decode()
    made = client.post(url, {"person": str(everyone.daan.pk), "measure_key": "voorlopige_ots",
                             "court": "Rechtbank", "grounds": "Acuut onveilig."})
    assert made.status_code == 302
    assert MeasureRequest.objects.filter(person=everyone.daan).exists()
