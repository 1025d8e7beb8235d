"""The analysis and instrument API: reads, new versions, responses, administrations,
problem+json on bad input, and the logged 404 for outsiders before any body check."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse, InstrumentResult
from netwerkdossier.analysis.services import respond
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import HouseholdMember, Person
from tests.audit.helpers import newest_log_id

from .conftest import first_hypotheses, first_items, problem

pytestmark = pytest.mark.django_db
DRAAG = {"geldzorgen": 4, "spanning": 5, "zorg_kinderen": 2, "steun": 3, "aankunnen": 4,
         "machteloos": 5}


def test_analysis_round_trip(cast, api_as):
    api = api_as("lotte")
    url = f"/api/v1/households/{cast.household.pk}/analysis"
    empty = api.get(url).json()
    assert empty == {"household": str(cast.household.pk), "current": None, "versions": []}
    response = api.post(url, {"based_on": None, "items": first_items(cast),
                              "hypotheses": first_hypotheses(), "family_view": "Eigen kijk"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["current"] is True
    assert response["Location"] == f"/api/v1/analysis-versions/{body['id']}"
    assert [i["n"] for i in body["items"]] == [1, 2, 3, 4]
    assert body["created_by"] == {"username": "lotte", "name": "Lotte Visser"}
    items = body["items"]
    items[0]["text"] = "Noor is minder bang."
    second = api.post(url, {"based_on": 1, "items": [
        {k: i[k] for k in ("n", "domain", "person", "kind", "text")} for i in items],
        "hypotheses": [{k: h[k] for k in ("n", "text", "factors", "worries")}
                       for h in body["hypotheses"]], "family_view": "Eigen kijk"})
    assert second.status_code == 201, second.content
    listing = api.get(url).json()
    assert [v["number"] for v in listing["versions"]] == [2, 1]
    assert listing["current"]["items"][0]["text"] == "Noor is minder bang."
    assert all(v["created_by"]["username"] == "lotte" and v["created_at"]
               for v in listing["versions"])
    old = api.get(f"/api/v1/analysis-versions/{body['id']}").json()
    assert old["current"] is False and old["items"][0]["text"] == "Noor is bang als er ruzie is."


def test_bad_analysis_is_a_problem_with_dutch_reasons(cast, api_as):
    api = api_as("lotte")
    url = f"/api/v1/households/{cast.household.pk}/analysis"
    items = first_items(cast)
    items[1]["kind"] = "twijfel"
    body = problem(api.post(url, {"based_on": None, "items": items}), 422)
    assert {"name": "items.2", "reason": "Kies wat dit punt is: zorg, wat gaat goed, "
            "risicofactor of beschermende factor."} in body["invalid_params"]
    body = problem(api.post(url, {"based_on": None, "items": "geen lijst"}), 422)
    assert body["invalid_params"][0]["name"] == "items"
    body = problem(api.post(url, raw="{kapot"), 422)
    assert body["invalid_params"][0]["reason"] == "Dit is geen geldige JSON."
    body = problem(api.post(url, {"based_on": None, "items": [], "extra": 1}), 422)
    assert body["invalid_params"] == [{"name": "extra", "reason": "Dit veld bestaat niet."}]
    api.post(url, {"based_on": None, "items": first_items(cast)})
    body = problem(api.post(url, {"based_on": None, "items": first_items(cast)}), 422)
    assert "versie 1 opgeslagen" in body["detail"]
    assert AnalysisVersion.objects.count() == 1


def test_family_response_through_the_api(cast, api_as, make_version):
    version = make_version()
    api = api_as("lotte")
    url = f"/api/v1/analysis-versions/{version.pk}/responses"
    body = problem(api.post(url, {"person": str(cast.mother.pk), "agrees": False}), 422)
    assert body["invalid_params"] == [{"name": "text", "reason": "Schrijf in de eigen woorden "
                                       "van het gezinslid wat niet klopt."}]
    response = api.post(url, {"person": str(cast.mother.pk), "agrees": False,
                              "text": "Dit klopt niet."})
    assert response.status_code == 201
    assert response.json()["person"]["name"] == "Sanne Jansen"
    current = api.get(f"/api/v1/households/{cast.household.pk}/analysis").json()["current"]
    assert current["responses"][0]["agrees"] is False
    assert current["responses"][0]["text"] == "Dit klopt niet."


def test_health_points_are_hidden_from_the_manager_in_the_api(cast, api_as, make_version):
    make_version()
    body = api_as("tamara").get(f"/api/v1/households/{cast.household.pk}/analysis").json()
    assert body["current"]["hidden_items"] == 1
    assert all(i["domain"] != "psychische_gezondheid" for i in body["current"]["items"])
    team = api_as("lotte").get(f"/api/v1/households/{cast.household.pk}/analysis").json()
    assert team["current"]["hidden_items"] == 0
    # Issue 10: the team's other organisations read what the agreements open to them. The
    # RVT reads the analysis on the 'kernteam' rule, which names no health data; GGZ
    # reads it only with everyone's consent (none here), whatever its team role.
    rvt = api_as("ruben").get(f"/api/v1/households/{cast.household.pk}/analysis").json()
    assert rvt["current"]["hidden_items"] == 1
    ggz = api_as("gert").get(f"/api/v1/households/{cast.household.pk}/analysis").json()
    assert ggz["current"] is None and ggz["versions"] == []


def test_instrument_definitions_and_administration(cast, api_as):
    api = api_as("lotte")
    definitions = api.get("/api/v1/instruments").json()
    assert {d["key"] for d in definitions} == {"veiligheidsscan", "draagkracht_draaglast"}
    scan = next(d for d in definitions if d["key"] == "veiligheidsscan")
    assert scan["illustrative"] is True and scan["items"][0]["type"] == "yes_no"
    url = f"/api/v1/households/{cast.household.pk}/instrument-results"
    today = timezone.localdate().isoformat()
    body = problem(api.post(url, {"instrument": "draagkracht_draaglast",
                                  "person": str(cast.mother.pk), "administered_on": today,
                                  "answers": {**DRAAG, "spanning": 9, "steun": None}}), 422)
    assert {p["name"] for p in body["invalid_params"]} == {"answers.spanning", "answers.steun"}
    body = problem(api.post(url, {"instrument": "arij", "person": str(cast.mother.pk),
                                  "administered_on": today, "answers": {}}), 422)
    assert body["invalid_params"] == [{"name": "instrument",
                                       "reason": "Kies een bestaand instrument."}]
    assert InstrumentResult.objects.count() == 0
    response = api.post(url, {"instrument": "draagkracht_draaglast",
                              "person": str(cast.mother.pk), "administered_on": today,
                              "answers": DRAAG})
    assert response.status_code == 201, response.content
    result = response.json()
    assert {s["key"]: s["value"] for s in result["scores"]} == {
        "draaglast": "3.67", "draagkracht": "2.67", "zware_punten": "2", "balans": "-1.00"}
    assert result["instrument_version"] == "2024.1"
    assert api.get(f"/api/v1/instrument-results/{result['id']}").json() == result
    assert [r["id"] for r in api.get(url).json()] == [result["id"]]


@pytest.mark.parametrize("kind", ["household", "version", "result"])
def test_outsider_gets_a_logged_404_before_the_body_is_read(cast, api_as, make_version,
                                                            ctx_of, kind):
    from netwerkdossier.analysis import instruments as engine
    from netwerkdossier.analysis.services import administer

    version = make_version()
    result = administer(ctx_of("lotte"), cast.household, engine.get("draagkracht_draaglast"),
                        cast.mother, DRAAG, timezone.localdate())
    api = api_as("olga")
    routes = {
        "household": [("get", f"/api/v1/households/{cast.household.pk}/analysis"),
                      ("post", f"/api/v1/households/{cast.household.pk}/analysis"),
                      ("get", f"/api/v1/households/{cast.household.pk}/instrument-results"),
                      ("post", f"/api/v1/households/{cast.household.pk}/instrument-results")],
        "version": [("get", f"/api/v1/analysis-versions/{version.pk}"),
                    ("post", f"/api/v1/analysis-versions/{version.pk}/responses")],
        "result": [("get", f"/api/v1/instrument-results/{result.pk}")],
    }[kind]
    for method, url in routes:
        before = newest_log_id()
        response = api.post(url, raw="{kapot") if method == "post" else api.get(url)
        problem(response, 404)
        assert AccessLogRecord.objects.filter(pk__gt=before, result="refused",
                                              channel="api").exists()
    assert FamilyResponse.objects.count() == 0


def test_openapi_documents_the_request_bodies_without_dangling_references(client):
    doc = client.get("/api/v1/openapi.json").json()
    post = doc["paths"]["/api/v1/households/{household_id}/analysis"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert "$defs" not in str(schema) and "#/$defs" not in str(schema)
    assert schema["properties"]["items"]["items"]["properties"]["kind"]["type"] == "string"
    for path in ("/api/v1/analysis-versions/{version_id}/responses",
                 "/api/v1/households/{household_id}/instrument-results"):
        assert {"201", "404", "422"} <= set(doc["paths"][path]["post"]["responses"])


def test_a_disagreement_names_whose_view_it_is_through_the_api(cast, api_as):
    api = api_as("lotte")
    url = f"/api/v1/households/{cast.household.pk}/analysis"
    row = {"about": "Of Lieke tussenbeide mag komen", "family": "Ze wil Noor beschermen.",
           "professionals": "Dat is aan een volwassene.", "person": str(cast.lieke.pk)}
    response = api.post(url, {"based_on": None, "items": first_items(cast),
                              "hypotheses": first_hypotheses(), "disagreements": [row]})
    assert response.status_code == 201, response.content
    assert response.json()["disagreements"] == [row]


def test_reading_the_analysis_is_logged_about_the_household_and_each_responder(
        cast, api_as, ctx_of, make_version):
    first = make_version()
    respond(ctx_of("lotte"), first, cast.lieke, True, "", rule="team")
    second = make_version(based_on=1, family_view="Het gaat nu beter.")
    left = HouseholdMember.objects.get(household=cast.household, person=cast.lieke)
    left.valid_to = timezone.localdate() - timedelta(days=1)
    left.save()
    body = api_as("lotte").get(f"/api/v1/households/{cast.household.pk}/analysis").json()
    # Lieke has left, but her response to version 1 is in the list of versions.
    assert body["versions"][1]["responses"][0]["person"]["id"] == str(cast.lieke.pk)
    record = AccessLogRecord.objects.get(event_code="api.analysis.read")
    assert record.object_type == "analysis_version" and record.rule.startswith("team")
    assert set(record.object_ids) == {str(first.pk), str(second.pk)}
    assert set(record.subject_ids) == {str(p.pk) for p in (
        cast.mother, cast.father, cast.noor, cast.daan, cast.lieke)}


def test_a_response_or_result_for_someone_outside_the_household_is_a_problem(
        cast, api_as, make_version):
    version = make_version()
    stranger = Person.objects.create(given_names="Sam", family_name="Elders",
                                     birth_date=timezone.localdate() - timedelta(days=9000))
    api = api_as("lotte")
    today = timezone.localdate().isoformat()
    for person in (str(stranger.pk), str(uuid.uuid4())):  # another family's, or nobody's
        body = problem(api.post(f"/api/v1/analysis-versions/{version.pk}/responses",
                                {"person": person, "agrees": True}), 422)
        assert body["invalid_params"] == [{"name": "person",
                                           "reason": "Kies een gezinslid van dit huishouden."}]
        body = problem(api.post(f"/api/v1/households/{cast.household.pk}/instrument-results",
                                {"instrument": "draagkracht_draaglast", "person": person,
                                 "administered_on": today, "answers": DRAAG}), 422)
        assert body["invalid_params"] == [{
            "name": "person", "reason": "Kies het gezinslid voor wie u het instrument invult."}]
    assert not FamilyResponse.objects.exists() and not InstrumentResult.objects.exists()


@pytest.fixture
def health_and_plain(cast, ctx_of, make_version):
    """Two results about the mother by Lotte, one on health, and version 1 naming both."""
    import dataclasses

    from netwerkdossier.analysis import instruments as engine
    from netwerkdossier.analysis.services import administer

    plain_instrument = engine.get("draagkracht_draaglast")
    health = dataclasses.replace(plain_instrument, health_data=True)
    results = [administer(ctx_of("lotte"), cast.household, instrument, cast.mother, DRAAG,
                          timezone.localdate()) for instrument in (health, plain_instrument)]
    make_version(instrument_results=[str(r.pk) for r in results])
    return results


@pytest.mark.parametrize("reader", ["tamara", "ruben"])
def test_a_version_lists_no_id_of_a_health_result_the_reader_may_not_open(
        cast, api_as, health_and_plain, reader):
    """The team manager, and a team member whose agreement leaves out health data, get a
    404 on a result on health and do not find it listed; a version that refers to it
    must not name its id either (the page links only the results the reader opens)."""
    result, plain = health_and_plain
    api = api_as(reader)
    assert api.get(f"/api/v1/instrument-results/{result.pk}").status_code == 404
    listed = api.get(f"/api/v1/households/{cast.household.pk}/instrument-results").json()
    assert str(result.pk) not in [r["id"] for r in listed]
    current = api.get(f"/api/v1/households/{cast.household.pk}/analysis").json()["current"]
    assert current["instrument_results"] == [str(plain.pk)]
    version = api.get(f"/api/v1/analysis-versions/{current['id']}").json()
    assert version["instrument_results"] == [str(plain.pk)]
    # The team member who may read health data gets both.
    lotte = api_as("lotte").get(f"/api/v1/analysis-versions/{current['id']}").json()
    assert lotte["instrument_results"] == [str(result.pk), str(plain.pk)]


def test_a_writer_chooses_only_readable_results_and_keeps_the_hidden_references(
        cast, make_version, health_and_plain):
    """Ruben (RVT: no health data) may not name a result on health in a new version, and
    is told so as for an id that does not exist (no way to test which ids exist). The
    current version's reference to it stays when he saves a new one, as hidden points do."""
    from django.core.exceptions import ValidationError

    from netwerkdossier.analysis.services import (
        current_version,
        is_sensitive_item,
        sensitive_hypothesis,
    )

    def as_ruben_sees_it():  # the points and hypotheses he may read
        content = current_version(cast.household.pk).content
        by_n = {i["n"]: i for i in content["items"]}
        return {"items": [i for i in content["items"] if not is_sensitive_item(i)],
                "hypotheses": [h for h in content["hypotheses"]
                               if not sensitive_hypothesis(h, by_n)]}

    hidden, plain = health_and_plain
    for wrong in (hidden.pk, uuid.uuid4()):
        with pytest.raises(ValidationError) as refused:
            make_version("ruben", based_on=1, instrument_results=[str(wrong)],
                         note="Nieuwe versie", **as_ruben_sees_it())
        assert refused.value.message_dict["instrument_results"] == [
            "Kies alleen uitkomsten van instrumenten bij dit huishouden."]
    make_version("ruben", based_on=1, instrument_results=[str(plain.pk)],
                 note="Alleen wat ik zie", family_view="Anders verwoord", **as_ruben_sees_it())
    assert current_version(cast.household.pk).content["instrument_results"] == [
        str(plain.pk), str(hidden.pk)]
