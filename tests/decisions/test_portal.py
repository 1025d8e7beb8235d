"""The portal's draft of a request for an OTS for Noor (9) for every family member by age
and gezag: nothing before it is shared; then Sanne (gezag over Noor, under 16) reads it
and answers per fact; Mark (no gezag), Daan (14) and Lieke (17) get the logged 404, and
Noor has no login (under 12). A professional asking the portal page gets the 404 too."""

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.decisions import requests
from netwerkdossier.decisions.models import FamilyView
from netwerkdossier.synthetic.personas import DEMO_PASSWORD
from tests.portal.conftest import current_code

pytestmark = pytest.mark.django_db


def _portal(client, username):
    client.logout()
    client.post("/portaal/inloggen", {"username": username, "password": DEMO_PASSWORD})
    response = client.post("/portaal/inloggen/code", {"code": current_code(username)})
    assert response.status_code == 302
    return client


@pytest.fixture
def shared(world, raad, ruben):
    requests.answer_review(ruben, world.review, outcome="teruggestuurd", reasons="Bron?")
    from netwerkdossier.decisions import services

    services.add_source(raad, world.decision.facts.get(number=3),
                        source_entry_id=world.entries["report"].pk)
    requests.share_with_family(raad, world.request)
    return world


def _refused(username) -> bool:
    return AccessLogRecord.objects.filter(event_code="portal.measure_request.read",
                                          result="refused", username=username).exists()


def test_nothing_before_the_draft_is_shared(world, client):
    client = _portal(client, "sanne")
    assert client.get(f"/portaal/verzoekschriften/{world.request.pk}").status_code == 404
    assert _refused("sanne")
    assert f"/portaal/verzoekschriften/{world.request.pk}" not in \
        client.get("/portaal/verzoekschriften").content.decode()


@pytest.mark.parametrize("username,reads,why", [
    ("sanne", True, "parent with gezag over Noor, who is under 16"),
    ("mark", False, "parent without gezag"),
    ("daan", False, "a brother (14): not about him"),
    ("lieke", False, "a sister (17): not about her"),
])
def test_each_family_member_by_age_and_gezag(shared, client, username, reads, why):
    client = _portal(client, username)
    page = client.get(f"/portaal/verzoekschriften/{shared.request.pk}")
    assert page.status_code == (200 if reads else 404), why
    listing = client.get("/portaal/verzoekschriften").content.decode()
    assert (f"/portaal/verzoekschriften/{shared.request.pk}" in listing) is reads
    if reads:
        html = page.content.decode()
        assert "Ondertoezichtstelling" in html and "U kunt reageren tot en met" in html
        assert "Er was één keer ruzie" in html  # her own view of fact 1
        assert "Dit klopt niet" in html and 'checked' not in html  # nothing preselected
    else:
        assert _refused(username)


def test_a_professional_gets_the_logged_404_on_the_portal_page(shared, login):
    client = login("rianne", "advies_rechter")
    assert client.get(f"/portaal/verzoekschriften/{shared.request.pk}").status_code == 404


def test_the_parent_responds_beside_the_draft(shared, client, login):
    client = _portal(client, "sanne")
    url = f"/portaal/verzoekschriften/{shared.request.pk}"
    facts = {f.number: f for f in shared.decision.facts.all()}
    bad = client.post(url, {"answer_2": "oneens", "words_2": ""})
    assert bad.status_code == 400 and "Feit 2: schrijf op wat er niet klopt." in \
        bad.content.decode()
    assert not FamilyView.objects.filter(via="portaal").exists()
    done = client.post(url, {"answer_2": "oneens", "words_2": "Het huisverbod is voorbij.",
                             "words": "Ik wil zelf met de rechter praten."})
    assert done.status_code == 302
    own = FamilyView.objects.filter(via="portaal", person=shared.mother)
    assert {(v.fact_id, v.answer) for v in own} == {(facts[2].pk, "oneens"), (None, "")}
    html = login("rianne", "advies_rechter").get(
        f"/verzoekschriften/{shared.request.pk}").content.decode()
    assert "Het huisverbod is voorbij." in html and "Ik wil zelf met de rechter praten." in html


def test_a_young_person_reads_their_own_request_as_je(world, raad, client):
    made = requests.draft(raad, world.household, person_id=world.daan.pk,
                          measure_key="ots", court="Rechtbank", grounds="Gronden.")
    from netwerkdossier.decisions import services

    services.add_fact(raad, made.decision, services.FactIn(
        text="Daan verzuimt school.", basis="waargenomen",
        source_entry_id=world.entries["report"].pk))
    requests.share_with_family(raad, made)
    for username, reads in (("daan", True), ("sanne", True), ("lieke", False)):
        client = _portal(client, username)
        page = client.get(f"/portaal/verzoekschriften/{made.pk}")
        assert page.status_code == (200 if reads else 404), username
        if username == "daan":
            assert "Je kunt reageren tot en met" in page.content.decode()


def _download(client):
    import json

    from tests.portal.pdf import document_text

    doc = json.loads(client.get("/portaal/mijn-gegevens.json").content)
    return doc, document_text(client.get("/portaal/mijn-gegevens.pdf").content)


@pytest.mark.parametrize("username,reads", [
    ("sanne", True), ("mark", False), ("daan", False), ("lieke", False)])
def test_the_data_download_holds_the_shared_draft_and_only_ones_own_answers(
        shared, client, username, reads):
    """AVG art. 15: "Mijn gegevens" holds the drafts the portal shows, with their facts
    and the member's own answers - never a review, dissent or another member's answer."""
    from netwerkdossier.decisions.models import Dissent

    Dissent.objects.create(decision=shared.decision, household=shared.household,
                           person=shared.request.person, user=shared.users["ruben"],
                           organisation=shared.users["ruben"].memberships.first().organisation,
                           reasons="Interne twijfel van het team.")
    client = _portal(client, username)
    doc, text = _download(client)
    assert [r["id"] for r in doc["verzoekschriften"]] == (
        [str(shared.request.pk)] if reads else [])
    assert ("Verzoek om Ondertoezichtstelling" in text) is reads
    assert "Interne twijfel van het team." not in text and "Bron?" not in text
    assert "Noor is nog niet gesproken" not in text  # Noor's answer is Noor's
    if reads:
        request = doc["verzoekschriften"][0]
        numbers = [f["nummer"] for f in request["feiten"]]
        assert numbers == sorted(numbers) and numbers
        assert {a["door"] for a in request["reacties"]} <= {"Sanne Jansen"}
        assert "Er was één keer ruzie" in text  # her own view of fact 1


def test_the_download_before_sharing_holds_no_draft(world, client):
    doc, _text = _download(_portal(client, "sanne"))
    assert doc["verzoekschriften"] == []
