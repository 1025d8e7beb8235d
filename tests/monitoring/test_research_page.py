"""The research-export page (monitoring/exchange/views.py): the programme team asks, a
privacy officer approves with the key and gets the CSV, or is told in Dutch why not;
everyone else (professionals of every kind, a case-table seat, emergency access, team
managers, municipal and regional policy makers, family members, the outsider) gets the
logged 404; the key is never stored."""

import pytest
from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.monitoring.exchange.models import ResearchRequest
from netwerkdossier.monitoring.rebuild import rebuild

URL = reverse("monitoring_exchange:research")
KEY = "een-lange-onderzoekssleutel-voor-deze-test-0123456789"
REFUSED = ["lotte", "ruben", "gert", "olga", "piet", "rianne", "stella", "eva", "tamara",
           "bas", "renske"]


@pytest.mark.parametrize("username", REFUSED)
def test_everyone_else_gets_the_logged_404(login, everyone, username):
    client = login(username, purpose=None if username in ("bas", "renske") else "hulpverlening")
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"actie": "aanvragen", "project": "p1",
                             "kolom": ["regio"]}).status_code == 404
    record = AccessLogRecord.objects.filter(username=username, result="refused").latest("id")
    assert (record.event_code, record.rule) == ("monitoring.research_export",
                                                "not_research_role")
    assert not ResearchRequest.objects.exists()


def test_family_members_and_the_outsider_are_kept_out(client, everyone):
    """Family accounts (the mother, the father without gezag, Daan 14, Lieke 9) are sent
    to the professionals' login, as on every staff page; so is someone not logged in."""
    from netwerkdossier.synthetic.sign_in import sign_in

    for username in ("sanne", "mark", "daan", "lieke"):
        sign_in(client, everyone.family_users[username])
        for response in (client.get(URL), client.post(URL, {"actie": "aanvragen",
                                                            "project": "p1",
                                                            "kolom": ["regio"]})):
            assert response.status_code == 302
            assert response["Location"].startswith("/inloggen")
    client.logout()
    assert client.get(URL)["Location"].startswith("/inloggen")
    assert not ResearchRequest.objects.exists()


def test_the_programme_team_asks_and_the_privacy_officer_approves(login, everyone):
    rebuild()  # the cast's work as events: one case, so k = 1 on any column
    page = login("nadia", purpose=None).get(URL).content.decode()
    assert "Nieuwe aanvraag" in page and "Goedkeuren" not in page
    assert 'checked' not in page.split("Kenmerken")[1].split("</fieldset>")[0]
    response = login("nadia", purpose=None).post(URL, {"actie": "aanvragen",
                                                      "project": "p1", "kolom": ["regio"]})
    assert response.status_code == 302
    found = ResearchRequest.objects.get()
    assert found.columns == ["huishouden", "traject", "regio"]

    officer = login("priya")
    assert f"Aanvraag {found.pk}: p1" in officer.get(URL).content.decode()
    refused = officer.post(URL, {"actie": "goedkeuren", "aanvraag": found.pk,
                                 "sleutel": KEY})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "De export voldoet niet aan k-anonimiteit: k = 1" in html
    assert "Er is niets geëxporteerd." in html
    found.refresh_from_db()
    assert found.status == ResearchRequest.Status.REFUSED_K
    assert KEY not in str(list(ResearchRequest.objects.values()))
    assert not AccessLogRecord.objects.filter(object_ids__icontains=KEY[:20]).exists()


def test_a_passing_export_downloads_as_csv(login, everyone, monkeypatch):
    from netwerkdossier.monitoring.exchange import kanon

    rebuild()
    login("nadia", purpose=None).post(URL, {"actie": "aanvragen", "project": "p1",
                                           "kolom": ["regio"]})
    found = ResearchRequest.objects.get()
    # The cast has one case; the check itself is tested on ten cases
    # (test_research_export.py), here the page's download.
    monkeypatch.setattr(kanon, "K", 1)
    response = login("priya").post(URL, {"actie": "goedkeuren", "aanvraag": found.pk,
                                         "sleutel": KEY})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="onderzoeksexport-p1-{found.pk}.csv"')
    assert response["Cache-Control"] == "private, no-store"
    lines = response.content.decode().splitlines()
    assert lines[0] == "huishouden;traject;regio" and len(lines) >= 2
    record = AccessLogRecord.objects.filter(event_code="monitoring.research_export",
                                            result="granted").get()
    assert (record.username, record.purpose) == ("priya", "onderzoek")


@pytest.mark.parametrize(("post", "message"), [
    ({"actie": "aanvragen", "project": "Mijn Project!", "kolom": ["regio"]},
     "Geef het project een naam van kleine letters"),
    ({"actie": "aanvragen", "project": "p1"}, "Kies minstens één kenmerk"),
    ({"actie": "aanvragen", "project": "p1", "kolom": ["bsn"]}, "Onbekende kolom: bsn"),
    ({"actie": "goedkeuren", "aanvraag": "x"}, "Kies een aanvraag uit de lijst."),
])
def test_bad_input_gives_a_dutch_message_and_nothing_is_saved(login, everyone, post, message):
    response = login("nadia", purpose=None).post(URL, post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ResearchRequest.objects.exists()


def test_the_programme_team_cannot_approve_and_the_officer_not_her_own(login, everyone):
    login("nadia", purpose=None).post(URL, {"actie": "aanvragen", "project": "p1",
                                           "kolom": ["regio"]})
    found = ResearchRequest.objects.get()
    response = login("nadia", purpose=None).post(URL, {"actie": "goedkeuren",
                                                      "aanvraag": found.pk, "sleutel": KEY})
    assert response.status_code == 400
    assert "Alleen een functionaris gegevensbescherming" in response.content.decode()
    found.refresh_from_db()
    assert found.status == ResearchRequest.Status.REQUESTED
