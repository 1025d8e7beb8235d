"""/api/v1 decision records and requests for a measure (decision 0051): the Raad's request
for an OTS for Noor (tests/decisions/conftest.py) read per persona - the Raad (owner) and
the RVT reviewer read it, police, GGZ, a case-table seat and emergency access see nothing,
an outsider gets the logged 404; a fact and a family view added by the owner; the asked
reviewer answers the review, nobody else; bad input as problem+json with nothing saved."""

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.decisions.models import DecisionRecord, Fact, FamilyView, Review
from tests.api.conftest import api_as, assert_problem, assert_refused_404  # noqa: F401
from tests.safety.conftest import new_case  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

# persona -> (purpose, reads the record and the request)
PERSONAS = {
    "rianne": ("advies_rechter", True),  # the owner organisation
    "ruben": ("hulpverlening", True),  # RVT: 'raad-naar-team', the asked reviewer
    "piet": ("veiligheidsbeoordeling", False),  # police
    "gert": ("hulpverlening", False),  # GGZ in the team
    "stella": ("veiligheidsbeoordeling", False),  # case-table seat
    "eva": ("hulpverlening", False),  # emergency access
    "olga": ("hulpverlening", False),  # outsider
}


@pytest.fixture
def everyone(world, seat_and_emergency):
    return world


@pytest.mark.parametrize("username", PERSONAS)
def test_who_reads_records_and_requests(everyone, api_as, username):  # noqa: F811
    purpose, reads = PERSONAS[username]
    client = api_as(username, purpose)
    record, req = everyone.decision, everyone.request
    detail = client.get(f"/api/v1/decision-records/{record.pk}")
    request_detail = client.get(f"/api/v1/measure-requests/{req.pk}")
    listing = client.get(f"/api/v1/households/{everyone.household.pk}/decision-records")
    if reads:
        body = detail.json()
        assert detail.status_code == 200 and body["kind"] == "verzoek_maatregel"
        assert [f["has_source"] for f in body["facts"]] == [True, True, False]
        assert any("Feit 3" in m and "geen bron" in m for m in body["missing"])
        assert {v["answer"] for v in body["facts"][0]["views"]} == {"oneens", "niet_gehoord"}
        assert request_detail.status_code == 200
        assert request_detail.json()["reviews"][0]["outcome"] == ""
        assert str(record.pk) in {r["id"] for r in listing.json()}
        logged = AccessLogRecord.objects.filter(event_code="api.decision.read",
                                                username=username)
        assert {r.object_type for r in logged} >= {"decision_record", "decision_fact"}
    else:
        assert_refused_404(detail, record.pk, username=username)
        assert_refused_404(request_detail, req.pk, username=username)
        # The household list: the logged 404, or (a relation to the household without
        # one to its decisions) nothing in it.
        assert listing.status_code in (200, 404)
        if listing.status_code == 200:
            assert listing.json() == []


def test_an_id_that_is_no_id_is_the_logged_404(everyone, api_as):  # noqa: F811
    assert_problem(api_as("rianne", "advies_rechter").get("/api/v1/decision-records/x-1"),
                   404)
    assert_problem(api_as("ruben").post("/api/v1/measure-requests/12/review", {}), 404)
    assert AccessLogRecord.objects.filter(event_code="api.measure_request.review",
                                          result="refused").exists()


def test_the_owner_adds_a_fact_and_a_family_view(everyone, api_as):  # noqa: F811
    from netwerkdossier.decisions.models import MeasureRequest

    MeasureRequest.objects.filter(pk=everyone.request.pk).update(status="teruggestuurd")
    client = api_as("rianne", "advies_rechter")
    url = f"/api/v1/decision-records/{everyone.decision.pk}"
    response = client.post(f"{url}/facts", {
        "text": "Noor is twee keer niet naar school gekomen.", "basis": "waargenomen",
        "source_entry": str(everyone.entries["report"].pk)})
    assert response.status_code == 201, response.content
    fact = response.json()["facts"][-1]
    assert fact["number"] == 4 and fact["has_source"]
    response = client.post(f"{url}/family-views", {
        "fact": fact["id"], "person": str(everyone.mother.pk), "answer": "niet_gehoord"})
    body = assert_problem(response, 422)
    assert "nog niet gehoord" in body["invalid_params"][0]["reason"]
    response = client.post(f"{url}/family-views", {
        "fact": fact["id"], "person": str(everyone.mother.pk), "answer": "niet_gehoord",
        "words": "Moeder is op vakantie; gesprek volgende week."})
    assert response.status_code == 201
    assert response.json()["facts"][-1]["views"][0]["answer"] == "niet_gehoord"
    # A fact without a source gets one.
    third = Fact.objects.get(decision=everyone.decision, number=3)
    response = client.post(f"{url}/facts/{third.pk}/source", {
        "source_entry": str(everyone.entries["report"].pk)})
    assert response.status_code == 201
    assert not any("geen bron" in m for m in response.json()["missing"])


def test_bad_input_is_a_problem_and_saves_nothing(everyone, api_as):  # noqa: F811
    from netwerkdossier.decisions.models import MeasureRequest

    MeasureRequest.objects.filter(pk=everyone.request.pk).update(status="teruggestuurd")
    client = api_as("rianne", "advies_rechter")
    url = f"/api/v1/decision-records/{everyone.decision.pk}"
    before = (Fact.objects.count(), FamilyView.objects.count())
    body = assert_problem(client.post(f"{url}/facts", {"text": "", "basis": "geraden"}), 422)
    assert {p["name"] for p in body["invalid_params"]} >= {"text", "basis"}
    assert_problem(client.post(f"{url}/facts", {"text": "x", "unknown": 1}), 422)
    assert_problem(client.post(f"{url}/family-views", {"answer": "eens"}), 422)
    assert (Fact.objects.count(), FamilyView.objects.count()) == before


@pytest.mark.parametrize("username", ["lotte", "ruben", "piet"])
def test_only_the_owner_writes_facts(everyone, api_as, username):  # noqa: F811
    purpose = "veiligheidsbeoordeling" if username == "piet" else "hulpverlening"
    before = Fact.objects.count()
    response = api_as(username, purpose).post(
        f"/api/v1/decision-records/{everyone.decision.pk}/facts",
        {"text": "Iets.", "basis": "waargenomen"})
    assert response.status_code in (403, 404)
    if username == "piet":  # cannot read it: the logged 404
        assert response.status_code == 404
    assert Fact.objects.count() == before


def test_only_the_asked_reviewer_answers(everyone, api_as):  # noqa: F811
    url = f"/api/v1/measure-requests/{everyone.request.pk}/review"
    # The author (and anyone else who reads it) is refused with the reason.
    body = assert_problem(api_as("rianne", "advies_rechter").post(
        url, {"outcome": "goedgekeurd"}), 403)
    assert body["detail"]
    assert_refused_404(api_as("olga").post(url, {"outcome": "goedgekeurd"}),
                       everyone.request.pk)
    # Approving is blocked by the fact without a source; sending back needs reasons.
    ruben = api_as("ruben")
    body = assert_problem(ruben.post(url, {"outcome": "goedgekeurd"}), 422)
    assert "Feit 3" in str(body)
    assert_problem(ruben.post(url, {"outcome": "teruggestuurd"}), 422)
    response = ruben.post(url, {"outcome": "teruggestuurd",
                                "reasons": "Feit 3 heeft geen bron."})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "teruggestuurd"
    assert body["reviews"][0]["outcome"] == "teruggestuurd"
    assert Review.objects.get(request=everyone.request).outcome == "teruggestuurd"
    assert_problem(ruben.post(url, {"outcome": "goedgekeurd"}), 422)  # nothing pending


def test_a_team_member_starts_a_route_record_and_the_api_refuses_the_route(
        cast, api_as, new_case):  # noqa: F811
    case = new_case("routebepaling")
    client = api_as("lotte")
    response = client.post(f"/api/v1/households/{cast.household.pk}/decision-records", {
        "kind": "route", "question": "Welke route?", "case": str(case.pk)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "concept" and body["missing"]
    assert DecisionRecord.objects.filter(case=case, kind="route").count() == 1
    assert_problem(client.post(f"/api/v1/households/{cast.household.pk}/decision-records",
                               {"kind": "route", "question": "Welke route?"}), 422)
    assert_refused_404(api_as("olga").post(
        f"/api/v1/households/{cast.household.pk}/decision-records",
        {"kind": "route", "question": "x", "case": str(case.pk)}), cast.household.pk)


def test_a_fact_names_only_a_source_the_reader_may_open(
        everyone, api_as, ctx_of, raad):  # noqa: F811
    """As the page links only a readable source (decisions/reading.py), the API gives
    the id of a source only to who may open it; has_source says there is one. The Raad
    sources a fact on its own internal note: Ruben (RVT) reads the record, not the note."""
    from django.utils import timezone

    from netwerkdossier.access.api import READ, decide
    from netwerkdossier.dossier.services import add_entry

    note = add_entry(raad, everyone.household, kind="note", text="Interne notitie Raad.",
                     occurred_at=timezone.now(), subjects=[everyone.noor],
                     confidentiality=20, legal_basis="jeugdwet_taak")
    # The request is with its reviewer, so facts are frozen: fact 3 (without a source)
    # is given the note as if the Raad had sourced it before asking for the review.
    fact = Fact.objects.get(decision=everyone.decision, number=3)
    Fact.objects.filter(pk=fact.pk).update(source_entry=note)
    assert not decide(ctx_of("ruben"), READ, note).allowed
    for username, expected in (("rianne", str(note.pk)), ("ruben", None)):
        body = api_as(username, PERSONAS[username][0]).get(
            f"/api/v1/decision-records/{everyone.decision.pk}").json()
        row = next(f for f in body["facts"] if f["id"] == str(fact.pk))
        assert (row["source_entry"], row["has_source"]) == (expected, True), username
