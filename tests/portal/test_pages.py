"""Every portal page answers for a family member and logs the read."""

import json

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from tests.audit.helpers import newest_log_id

pytestmark = pytest.mark.django_db

PAGES = ["/portaal/", "/portaal/aantekeningen", "/portaal/besluiten", "/portaal/verzoeken",
         "/portaal/wie-keek", "/portaal/vragenlijst", "/portaal/toestemming",
         "/portaal/mijn-gegevens"]


@pytest.mark.parametrize("username", ["sanne", "mark", "daan", "lieke"])
def test_every_page_answers_for_each_family_login(cast, portal_login, username):
    client = portal_login(username)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert b'lang="nl"' in response.content


def test_reads_of_personal_data_are_logged_with_the_family_channel(cast, portal_login):
    client = portal_login("sanne")
    before = newest_log_id()
    client.get("/portaal/")
    client.get("/portaal/aantekeningen")
    records = list(AccessLogRecord.objects.filter(pk__gt=before).order_by("pk"))
    assert [r.event_code for r in records] == ["portal.household.read", "portal.entry.list"]
    assert all(r.channel == "portaal" and r.role == "gezinslid" for r in records)
    assert records[0].rule == "member"


def test_home_shows_team_and_phase_in_plain_words(cast, portal_login):
    from netwerkdossier.cases.models import TeamAssignment

    lotte = cast.users["lotte"]
    TeamAssignment.objects.create(case=cast.case, user=lotte, role="vast_gezicht",
                                  organisation=lotte.memberships.get().organisation)
    html = portal_login("sanne").get("/portaal/").content.decode()
    assert "Lotte Visser" in html and "Ruben Bakker" in html
    assert "Uw vaste contactpersoon (regie)" in html
    # Lotte is casusregisseur and vast gezicht: one card with both roles.
    assert html.count("<strong>Lotte Visser</strong>") == 1
    assert "Uw vaste contactpersoon<br>" in html
    assert "Fase 1: eerst moet het nu veilig zijn" in html
    assert "Veiligheidsplan en afspraken" in html and "Maatregelen" in html


def test_export_json_and_pdf(cast, portal_login):
    client = portal_login("sanne")
    response = client.get("/portaal/mijn-gegevens.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    texts = {e["tekst"] for e in data["aantekeningen"]}
    assert cast.entries["conversation"].text in texts
    assert cast.entries["secrecy"].text not in texts
    assert {p["naam"] for p in data["personen"]} == {"Sanne Jansen", "Noor Jansen",
                                                    "Daan Jansen"}
    assert AccessLogRecord.objects.filter(event_code="portal.export").exists()
    pdf = client.get("/portaal/mijn-gegevens.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_download_is_logged_per_kind_of_data_it_holds(cast, portal_login):
    portal_login("sanne").get("/portaal/mijn-gegevens.json")
    logged = {r.object_type: r for r in AccessLogRecord.objects.filter(event_code="portal.export")}
    assert {"person", "household", "case", "entry"} <= set(logged)
    assert set(logged["person"].object_ids) == {
        str(p.pk) for p in (cast.mother, cast.noor, cast.daan)}
    assert logged["household"].object_ids == [str(cast.household.pk)]
    assert str(cast.entries["conversation"].pk) in logged["entry"].object_ids
    assert str(cast.entries["secrecy"].pk) not in logged["entry"].object_ids
    assert all(r.rule == "member" and r.channel == "portaal" for r in logged.values())
