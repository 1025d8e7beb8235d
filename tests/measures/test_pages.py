"""The measure pages and the household page's "Maatregelen" for every professional
persona: what each reads (criminal measures only where criminal data is shared), who may
register and change a measure, and the logged 404 for everyone else.

The world (conftest.py): Daan's OTS and uithuisplaatsing and Mark's tijdelijk huisverbod,
recorded by the RVT; Mark's gedragsaanwijzing (criminal data), recorded by the police.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.measures.models import Measure

pytestmark = pytest.mark.django_db

CIVIL = {"ots", "uithuisplaatsing", "huisverbod"}
ALL = CIVIL | {"gedragsaanwijzing"}
# persona -> (purpose, measures read, may register, may change the huisverbod's status)
PERSONAS = {
    "lotte": ("hulpverlening", CIVIL, False, False),  # wijkteam records no measure
    "ruben": ("hulpverlening", CIVIL, True, True),  # RVT: civil, administrative, care
    "piet": ("veiligheidsbeoordeling", ALL, True, True),  # acute phases + own criminal
    "rianne": ("advies_rechter", CIVIL, True, False),  # Raad: civil only
    "gert": ("hulpverlening", set(), True, False),  # GGZ: consent of Daan/Mark missing
    "stella": ("veiligheidsbeoordeling", set(), False, False),  # case-table seat
    "eva": ("hulpverlening", CIVIL, False, False),  # emergency access: no criminal data
    "olga": ("hulpverlening", set(), False, False),  # outsider
}


@pytest.fixture
def everyone(world, seat_and_emergency):
    return world


def _refused(event_code, username):
    return AccessLogRecord.objects.filter(event_code=event_code, result="refused",
                                          username=username).exists()


@pytest.mark.parametrize("username", PERSONAS)
def test_household_page_and_detail_show_what_the_persona_may_read(everyone, login,
                                                                 username):
    purpose, reads, _register, _change = PERSONAS[username]
    client = login(username, purpose)
    page = client.get(f"/huishoudens/{everyone.household.pk}")
    if username == "olga":
        assert page.status_code == 404 and _refused("household.read", "olga")
    else:
        html = page.content.decode()
        shown = {key for key, m in everyone.measures.items() if f"/maatregelen/{m.pk}" in html}
        assert shown == reads, username
        if username != "stella":  # a seat sees the minimal picture, without the section
            assert 'id="maatregelen"' in html
    for key, measure in everyone.measures.items():
        response = client.get(f"/maatregelen/{measure.pk}")
        assert response.status_code == (200 if key in reads else 404), (username, key)
        if key not in reads:
            assert _refused("measure.read", username)
    if reads:
        read = AccessLogRecord.objects.filter(event_code="household.measures.read",
                                              username=username, object_type="measure")
        assert read.exists()
        if username == "eva":
            assert all(r.break_glass for r in read)


@pytest.mark.parametrize("username", PERSONAS)
def test_who_registers_and_who_changes_a_status(everyone, login, username):
    purpose, _reads, register, change = PERSONAS[username]
    client = login(username, purpose)
    response = client.get(f"/huishoudens/{everyone.household.pk}/maatregelen/nieuw")
    assert response.status_code == (200 if register else 404)
    if not register:
        assert _refused("measure.register", username)
    huisverbod = everyone.measures["huisverbod"]
    response = client.get(f"/maatregelen/{huisverbod.pk}/status")
    assert response.status_code == (200 if change else 404)
    posted = client.post(f"/maatregelen/{huisverbod.pk}/status", {
        "status": "verlengd", "status_on": timezone.localdate().isoformat(),
        "source_reference": "Verlenging THV-0001", "version": 1})
    assert posted.status_code == (302 if change else 404)
    huisverbod.refresh_from_db()
    assert huisverbod.extensions == (1 if change else 0)


def test_only_the_police_change_the_criminal_measure(everyone, login):
    criminal = everyone.measures["gedragsaanwijzing"]
    assert login("ruben").get(f"/maatregelen/{criminal.pk}/status").status_code == 404
    assert login("piet", "veiligheidsbeoordeling").get(
        f"/maatregelen/{criminal.pk}/status").status_code == 200


def test_register_a_measure_through_the_form(everyone, login):
    client = login("ruben")
    start = timezone.localdate() - timedelta(days=2)
    response = client.post(f"/huishoudens/{everyone.household.pk}/maatregelen/nieuw", {
        "person": str(everyone.lieke.pk), "measure_key": "voorlopige_ots",
        "authority_kind": "Kinderrechter", "authority_name": "Rechtbank Noord-Holland",
        "case_number": "C/15/9", "status": "toegewezen", "status_on": start.isoformat(),
        "starts_on": start.isoformat(), "source_reference": "Beschikking C/15/9",
        "c1_kind": "contactverbod", "c1_person": str(everyone.father.pk)})
    assert response.status_code == 302
    measure = Measure.objects.get(case_number="C/15/9")
    assert measure.hearing_on == start + timedelta(weeks=2)
    assert measure.conditions.get().named_person == everyone.father
    html = client.get(response["Location"]).content.decode()
    assert "Voorlopige ondertoezichtstelling" in html and "Horen uiterlijk" in html
    assert "onbevestigd" in html.lower()


def test_a_bad_form_is_answered_in_dutch_and_saves_nothing(everyone, login):
    client = login("rianne", "advies_rechter")
    before = Measure.objects.count()
    response = client.post(f"/huishoudens/{everyone.household.pk}/maatregelen/nieuw", {
        "person": str(everyone.daan.pk), "measure_key": "ots",
        "authority_kind": "Burgemeester", "status": "toegewezen"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Burgemeester kan geen ondertoezichtstelling" in html
    assert "Noem de bron" in html and "Vul in wanneer de maatregel begint" in html
    assert Measure.objects.count() == before


def test_the_form_preselects_nothing_with_legal_weight(everyone, login):
    html = login("ruben").get(
        f"/huishoudens/{everyone.household.pk}/maatregelen/nieuw").content.decode()
    assert ' checked' not in html  # no status chosen
    assert "<option value=\"\" selected>" in html or 'value="" selected' in html
    # The RVT records no criminal-law measure: not offered.
    assert "gedragsaanwijzing" not in html


def test_nobody_changes_a_measure_they_may_not_read(world, login, ctx_of, client):
    """Writing a measure needs reading it too (access.policy): GGZ without Daan's consent
    may record Wvggz measures, but not end one it may not open, on the web or the API;
    the answer is the logged 404, not its current status or version."""
    import json

    from netwerkdossier.access.api import READ, UPDATE, context_for, decide
    from netwerkdossier.accounts.tokens import ApiToken
    from netwerkdossier.measures import services
    from netwerkdossier.measures.services import StatusIn

    today = timezone.localdate()
    crisis = services.register(
        context_for(world.users["ruben"]), world.household, person_id=world.daan.pk,
        measure_key="crisismaatregel_wvggz", authority_kind="Burgemeester",
        authority_name="Burgemeester van Noorderveld (synthetisch)",
        first=StatusIn(status="toegewezen", status_on=today, starts_on=today,
                       source_reference="Beschikking crisismaatregel (synthetisch)"))
    gert = ctx_of("gert", purpose="hulpverlening")
    assert not decide(gert, READ, crisis).allowed
    assert not decide(gert, UPDATE, crisis).allowed
    web = login("gert").post(f"/maatregelen/{crisis.pk}/status", {
        "status": "beeindigd", "status_on": today.isoformat(),
        "source_reference": "Einde", "version": crisis.version})
    assert web.status_code == 404
    client.logout()
    api = client.post(f"/api/v1/measures/{crisis.pk}/status-changes", data=json.dumps(
        {"status": "beeindigd", "status_on": today.isoformat(), "source_reference": "Einde",
         "version": 99}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users['gert'])}",
        HTTP_X_PURPOSE="hulpverlening")
    assert api.status_code == 404 and api["Content-Type"] == "application/problem+json"
    crisis.refresh_from_db()
    assert crisis.status == "toegewezen"
    assert _refused("measure.status", "gert")
