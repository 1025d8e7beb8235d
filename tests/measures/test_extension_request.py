"""'Verlenging aangevraagd': the request to extend a measure is with the court. The measure
stays in force with its end; the worklist asks to record the court's decision instead of
the red "loopt af zonder besluit over verlenging", red again once the end has passed; the
family reads the status in plain words; the court's decision follows the request."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.measures import deadlines, services
from netwerkdossier.measures.models import Measure, in_force
from netwerkdossier.measures.services import StatusIn
from tests.api.conftest import api_as, assert_problem  # noqa: F401
from tests.measures.test_portal import _portal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
ASKED = "verlenging_aangevraagd"


def _ruben(world):
    return context_for(world.users["ruben"], purpose="hulpverlening")


def _ask(world, key="ots", on=None, **extra):
    measure = world.measures[key]
    services.change_status(_ruben(world), measure, StatusIn(
        status=ASKED, status_on=on or TODAY() - timedelta(days=1),
        source_reference="Verzoekschrift verlenging C/15/300001", **extra))
    measure.refresh_from_db()
    return measure


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_asked_in_time_the_measure_stays_in_force_with_its_end(world):
    before = Measure.objects.get(pk=world.measures["ots"].pk)
    ots = _ask(world)
    assert ots.status == ASKED and ots.is_in_force
    assert (ots.ends_on, ots.remind_on, ots.decided_on, ots.extensions) == (
        before.ends_on, before.remind_on, before.decided_on, 0)
    assert Measure.objects.filter(in_force(), pk=ots.pk).exists()
    row = ots.history.order_by("-number").first()
    assert (row.status, row.status_on) == (ASKED, TODAY() - timedelta(days=1))
    logged = AccessLogRecord.objects.filter(event_code=f"measure.{ASKED}")
    assert {r.object_type for r in logged} == {"measure", "measure_status"}


def test_the_court_decides_after_the_request(world):
    ots = _ask(world, on=TODAY() - timedelta(days=3))
    errors = _errors(lambda: services.change_status(_ruben(world), ots, StatusIn(
        status="toegewezen", status_on=TODAY(), source_reference="x")))
    assert errors["status"] == ["Na 'Verlenging aangevraagd' kan de status alleen worden: "
                                "verlengd, beëindigd."]
    errors = _errors(lambda: services.change_status(_ruben(world), ots, StatusIn(
        status="verlengd", status_on=TODAY() - timedelta(days=4), source_reference="x")))
    assert errors["status_on"] == [
        f"Deze datum ligt vóór de vorige status ({(TODAY() - timedelta(days=3)):%d-%m-%Y})."]
    old_end = ots.ends_on
    services.change_status(_ruben(world), ots, StatusIn(
        status="verlengd", status_on=TODAY(), source_reference="Beschikking verlenging"))
    ots.refresh_from_db()
    assert ots.status == "verlengd" and ots.extensions == 1
    assert ots.ends_on == old_end.replace(year=old_end.year + 1)
    assert [s.status for s in ots.history.all()] == ["toegewezen", ASKED, "verlengd"]


@pytest.mark.parametrize("key,extra,field,words", [
    ("ots", {"status_on": None}, "status_on", "Vul de datum van het verzoek in."),
    ("huisverbod", {"status_on": "after_end"}, "status_on",
     "Een verlenging moet worden aangevraagd vóór het einde van de maatregel"),
    ("ots", {"ends_on": "later", "end_reason": "langer"}, "ends_on",
     "Bij een aanvraag blijft de einddatum staan."),
    ("voorlopige_ots", {}, "status", "kan niet worden verlengd"),
])
def test_a_request_that_cannot_be_is_refused_in_dutch_and_saves_nothing(world, key, extra,
                                                                         field, words):
    if key == "voorlopige_ots":  # three months, never extended (rules/measures.toml)
        start = TODAY() - timedelta(days=10)
        world.measures[key] = services.register(
            _ruben(world), world.household, person_id=world.lieke.pk, measure_key=key,
            authority_kind="Kinderrechter", authority_name="Rechtbank",
            first=StatusIn(status="toegewezen", status_on=start, starts_on=start,
                           source_reference="C/15/5"))
    measure = world.measures[key]
    values = {"status_on": TODAY() - timedelta(days=1), **extra}
    if values["status_on"] == "after_end":
        values["status_on"] = measure.ends_on + timedelta(days=1)
    if values.get("ends_on") == "later":
        values["ends_on"] = measure.ends_on + timedelta(days=30)
    rows = measure.history.count()
    errors = _errors(lambda: services.change_status(_ruben(world), measure, StatusIn(
        status=ASKED, source_reference="Verzoek", **values)))
    assert words in " ".join(errors[field])
    measure.refresh_from_db()
    assert measure.status == "toegewezen" and measure.history.count() == rows


def _signals(world, username, purpose, day):
    ctx = context_for(world.users[username], purpose=purpose)
    return deadlines.for_households(ctx, [world.household.pk], day).get(
        world.household.pk, [])


def test_the_worklist_asks_for_the_decision_then_red_after_the_end(world, login):
    huisverbod = _ask(world, "huisverbod", on=TODAY())  # within its reminder lead time
    end = huisverbod.ends_on.strftime("%d-%m-%Y")
    html = login("lotte").get("/").content.decode()
    assert 'data-signal="maatregel_loopt_af"' not in html
    assert ('data-signal="maatregel_verlenging_aangevraagd"' in html
            and "Tijdelijk huisverbod van Mark: verlenging aangevraagd; leg het besluit van "
                f"de rechter vast (einde {end})" in html)
    on_the_end = _signals(world, "lotte", "hulpverlening", huisverbod.ends_on)
    assert [code for code, _t, _u in on_the_end] == [deadlines.EXTENSION_ASKED]
    (code, text, _url), = _signals(world, "lotte", "hulpverlening",
                                   huisverbod.ends_on + timedelta(days=1))
    assert code == deadlines.ENDING
    assert text == (f"Tijdelijk huisverbod van Mark: het einde ({end}) is voorbij en het "
                    "besluit over de gevraagde verlenging is niet vastgelegd")
    assert [(d.code, d.urgent) for d in deadlines.of_measure(huisverbod, TODAY())] == [
        ("einde", False)]
    assert deadlines.of_measure(huisverbod, huisverbod.ends_on + timedelta(days=1))[0].urgent


@pytest.mark.parametrize("username,purpose,sees", [
    ("piet", "veiligheidsbeoordeling", True), ("rianne", "advies_rechter", True),
    ("gert", "hulpverlening", False),  # may not read Mark's huisverbod (no consent)
])
def test_the_signal_reaches_only_who_may_read_the_measure(world, username, purpose, sees):
    _ask(world, "huisverbod", on=TODAY())
    codes = [code for code, _t, _u in _signals(world, username, purpose, TODAY())]
    assert codes == ([deadlines.EXTENSION_ASKED] if sees else [])


def test_the_family_reads_it_in_plain_words(world, client):
    _ask(world)
    html = _portal(client, "daan").get("/portaal/besluiten").content.decode()
    assert "Verlenging aangevraagd. Er is aan de rechter gevraagd" in html
    for other in ("mark", "lieke"):  # no gezag / another child: not Daan's OTS at all
        html = _portal(client, other).get("/portaal/besluiten").content.decode()
        assert "Ondertoezichtstelling (OTS)" not in html
        assert "Verlenging aangevraagd" not in html


def test_through_the_api_with_the_deadline_not_red(world, api_as, seat_and_emergency):  # noqa: F811
    ots = world.measures["ots"]
    response = api_as("ruben").post(f"/api/v1/measures/{ots.pk}/status-changes", {
        "status": ASKED, "status_on": TODAY(), "source_reference": "Verzoekschrift",
        "version": 1})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == ASKED
    assert [(d["code"], d["urgent"]) for d in body["deadlines"]][0] == ("einde", False)
    response = api_as("ruben").post(f"/api/v1/measures/{ots.pk}/status-changes", {
        "status": "verlengd", "status_on": TODAY() - timedelta(days=1),
        "source_reference": "x", "version": 2})
    assert_problem(response, 422)
    assert Measure.objects.get(pk=ots.pk).status == ASKED
    assert api_as("stella").post(f"/api/v1/measures/{ots.pk}/status-changes", {
        "status": ASKED}).status_code == 404  # a case-table seat never writes a measure


def test_recorded_through_the_status_form_and_shown_on_the_measure(world, login):
    ots = world.measures["ots"]
    client = login("ruben")
    form = client.get(f"/maatregelen/{ots.pk}/status").content.decode()
    assert 'value="verlenging_aangevraagd"' in form and "Verlenging aangevraagd" in form
    radios = re.findall(r'<input type="radio"[^>]*name="status"[^>]*>', form)
    assert len(radios) == 3 and not [r for r in radios if " checked" in r]  # none chosen
    missing = client.post(f"/maatregelen/{ots.pk}/status", {
        "status": ASKED, "source_reference": "Verzoekschrift", "version": 1})
    assert "Vul de datum van het verzoek in." in missing.content.decode()
    posted = client.post(f"/maatregelen/{ots.pk}/status", {
        "status": ASKED, "status_on": TODAY().isoformat(),
        "source_reference": "Verzoekschrift", "version": 1})
    assert posted.status_code == 302
    page = client.get(f"/maatregelen/{ots.pk}").content.decode()
    assert "Verlenging aangevraagd" in page
    assert "Einde (verlenging aangevraagd, besluit van de rechter nog niet vastgelegd)" in page
    # GGZ may not read Daan's OTS (no consent): the logged 404, as for every measure page.
    assert login("gert").get(f"/maatregelen/{ots.pk}/status").status_code == 404
