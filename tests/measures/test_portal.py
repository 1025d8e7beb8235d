"""The portal's "Maatregelen" for every family member by age and gezag (decision 0044):
one's own measures; a parent with gezag a child's under 16; never a criminal measure of
someone else - a criminal measure against a parent never shows to the child or the other
parent; the way to object with its last day; "je" for 12-17 and "u" for adults."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.measures import services
from netwerkdossier.measures.services import StatusIn
from netwerkdossier.synthetic.personas import DEMO_PASSWORD
from tests.portal.conftest import current_code

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LABELS = {"ots": "Ondertoezichtstelling (OTS)", "uithuisplaatsing": "Machtiging uithuisplaatsing",
          "huisverbod": "Tijdelijk huisverbod", "gedragsaanwijzing": "Gedragsaanwijzing",
          "lieke_ots": "Voorlopige ondertoezichtstelling",
          "daan_straf": "Vrijheidsbeperkende maatregel (gebieds- of contactverbod)"}


@pytest.fixture
def family(world):
    """The world plus Lieke's own (civil) measure and a criminal measure about Daan."""
    ruben = context_for(world.users["ruben"], purpose="hulpverlening")
    piet = context_for(world.users["piet"], purpose="veiligheidsbeoordeling")
    start = TODAY() - timedelta(days=3)
    world.measures["lieke_ots"] = services.register(
        ruben, world.household, person_id=world.lieke.pk, measure_key="voorlopige_ots",
        authority_kind="Kinderrechter", authority_name="Rechtbank",
        first=StatusIn(status="toegewezen", status_on=start, starts_on=start,
                       source_reference="C/15/5"))
    world.measures["daan_straf"] = services.register(
        piet, world.household, person_id=world.daan.pk,
        measure_key="vrijheidsbeperkende_maatregel", authority_kind="Strafrechter",
        authority_name="Rechtbank, kinderrechter in strafzaken",
        first=StatusIn(status="toegewezen", status_on=start, starts_on=start,
                       source_reference="Vonnis 00/000001-26"))
    return world


def _portal(client, username):
    client.logout()
    client.post("/portaal/inloggen", {"username": username, "password": DEMO_PASSWORD})
    response = client.post("/portaal/inloggen/code", {"code": current_code(username)})
    assert response.status_code == 302
    return client


def _shown(html) -> set:
    return {key for key, label in LABELS.items() if f">{label}</h3>" in html}


@pytest.mark.parametrize("username,expected,je,why", [
    ("daan", {"ots", "uithuisplaatsing", "daan_straf"}, True,
     "14: his own measures, also his criminal one; not his father's"),
    ("lieke", {"lieke_ots"}, True, "17: her own only; not her father's criminal measure"),
    ("sanne", {"ots", "uithuisplaatsing"}, False,
     "adult with gezag: Daan's civil measures (under 16); not Lieke's (17), not Daan's "
     "criminal one, not Mark's, not even the contact ban that names her"),
    ("mark", {"huisverbod", "gedragsaanwijzing"}, False,
     "the other parent, without gezag: his own measures, none of the children's"),
])
def test_each_family_member_reads_what_the_rule_gives(family, client, username, expected,
                                                      je, why):
    client = _portal(client, username)
    html = client.get("/portaal/besluiten").content.decode()
    assert _shown(html) == expected, why
    assert ("Niet mee eens? Dit kun je doen:" in html) is je
    if expected:
        assert ("Niet mee eens? Dit kunt u doen:" in html) is not je
    home = client.get("/portaal/").content.decode()
    for key in expected:
        assert f"<th scope=\"row\">{LABELS[key]}</th>" in home
    logged = AccessLogRecord.objects.filter(event_code="portal.measure.read",
                                            object_type="measure")
    logged_ids = {i for r in logged for i in r.object_ids}
    assert logged_ids == {str(family.measures[k].pk) for k in expected}


def test_a_criminal_measure_against_the_father_never_reaches_the_others(family, client):
    criminal = family.measures["gedragsaanwijzing"]
    for username in ("sanne", "daan", "lieke"):
        client = _portal(client, username)
        html = client.get("/portaal/besluiten").content.decode()
        assert "PARKET-00-000001" not in html and "Gedragsaanwijzing" not in html
        assert "Gedragsaanwijzing" not in client.get("/portaal/").content.decode()
    # "Wie keek er?" shows the records about a member: no record of the criminal measure,
    # its status or the contact ban that protects Sanne names anyone but the father.
    ids = {("measure", str(criminal.pk)),
           *(("measure_condition", str(c.pk)) for c in criminal.conditions.all()),
           *(("measure_status", str(s.pk)) for s in criminal.history.all())}
    about = AccessLogRecord.objects.filter(
        object_type__in=("measure", "measure_condition", "measure_status"))
    touching = [r for r in about if ids & {(r.object_type, i) for i in r.object_ids}]
    assert touching  # recorded, read by the police on its registration at least
    assert all(r.subject_ids == [str(family.father.pk)] for r in touching)


def test_the_way_to_object_names_its_last_day(family, client):
    html = _portal(client, "mark").get("/portaal/besluiten").content.decode()
    assert "Naar de rechter tegen het huisverbod" in html
    imposed = family.measures["huisverbod"].decided_on
    last = imposed + timedelta(weeks=6)
    from django.utils.formats import date_format
    assert f"Dat is uiterlijk {date_format(last, 'j F Y')}." in html
    assert "Bezwaar tegen de gedragsaanwijzing" in html


def test_a_parent_without_gezag_and_the_children_see_no_one_elses_measure(family, client):
    """Mark has no gezag: Daan's measures are not his; Lieke is 17: her measure is not
    her mother's to read."""
    html = _portal(client, "mark").get("/portaal/besluiten").content.decode()
    assert "C/15/300001" not in html
    html = _portal(client, "sanne").get("/portaal/besluiten").content.decode()
    assert "C/15/5" not in html and "C/15/300001" in html


@pytest.mark.parametrize("username,expected", [
    ("daan", {"ots", "uithuisplaatsing", "daan_straf"}),
    ("lieke", {"lieke_ots"}),
    ("sanne", {"ots", "uithuisplaatsing"}),
    ("mark", {"huisverbod", "gedragsaanwijzing"}),
])
def test_the_data_download_holds_the_measures_the_portal_shows(family, client, username,
                                                               expected):
    """AVG art. 15: "Mijn gegevens" (JSON and PDF) lists exactly the measures of the
    member's "Maatregelen", with status, conditions, history and the way to object, and
    the download's access-log records name them."""
    import json

    from tests.portal.pdf import document_text

    client = _portal(client, username)
    before = AccessLogRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
    doc = json.loads(client.get("/portaal/mijn-gegevens.json").content)
    ids = {str(family.measures[k].pk) for k in expected}
    assert {m["id"] for m in doc["maatregelen"]} == ids
    assert {m["maatregel"] for m in doc["maatregelen"]} == {LABELS[k] for k in expected}
    assert all(m["bezwaar"] and m["geschiedenis"] for m in doc["maatregelen"])
    logged = AccessLogRecord.objects.filter(pk__gt=before, event_code="portal.export",
                                            object_type="measure")
    assert {i for r in logged for i in r.object_ids} == ids
    text = document_text(client.get("/portaal/mijn-gegevens.pdf").content)
    assert "Maatregelen van de rechter of de burgemeester" in text
    if username in ("daan", "lieke"):  # 14 and 17: "je", never "u"
        from tests.portal.test_forms_of_address import FORMAL

        assert not FORMAL.findall(text), [text[m.start() - 60:m.end() + 30]
                                          for m in FORMAL.finditer(text)]
    for key, label in LABELS.items():
        assert (label in text) == (key in expected), (username, key)


def test_the_download_names_the_conditions_and_the_last_day_to_object(family, client):
    import json

    doc = json.loads(_portal(client, "mark").get("/portaal/mijn-gegevens.json").content)
    order = {m["maatregel"]: m for m in doc["maatregelen"]}
    ban = order[LABELS["huisverbod"]]
    imposed = family.measures["huisverbod"].decided_on
    assert [r["uiterlijk"] for r in ban["bezwaar"]] == [
        (imposed + timedelta(weeks=6)).isoformat()]
    assert ban["voorwaarden"] == ["Contactverbod: Sanne"]
    assert order[LABELS["gedragsaanwijzing"]]["zaaknummer"] == "PARKET-00-000001"
    assert order[LABELS["gedragsaanwijzing"]]["geschiedenis"][0]["status"] == "Toegewezen"



def test_who_looked_shows_a_parent_no_read_of_a_childs_measure_she_may_not_read(family):
    """Sanne does not see Daan's criminal measure, so neither who read it; Daan does.
    Reads of Daan's civil OTS, which she reads herself, she sees."""
    from netwerkdossier.access.api import READ, decide, record
    from netwerkdossier.portal.family import member_context
    from netwerkdossier.portal.looked import records_about

    criminal, civil = family.measures["daan_straf"], family.measures["ots"]
    piet = context_for(family.users["piet"], purpose="veiligheidsbeoordeling")
    for measure in (criminal, civil):
        decision = decide(piet, READ, measure)
        assert decision.allowed
        record(piet, "measure.read", [measure], decision=decision)
    sanne, daan = member_context(family.mother), member_context(family.daan)
    assert not decide(sanne, READ, criminal).allowed and decide(sanne, READ, civil).allowed

    def read_measures(ctx, persons):
        return {oid for r in records_about(ctx, [p.pk for p in persons]).filter(
            object_type="measure", event_code="measure.read") for oid in r.object_ids}

    assert read_measures(sanne, [family.mother, family.noor, family.daan]) == {str(civil.pk)}
    assert read_measures(daan, [family.daan]) == {str(criminal.pk), str(civil.pk)}
