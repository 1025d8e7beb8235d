"""The purpose of work on the web: asked when several are possible, implied when one is,
logged with every read and applied by the purpose-bound sharing rules."""

import re
import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from netwerkdossier.access.api import READ, context_for, decide
from netwerkdossier.audit.models import AccessLogRecord

pytestmark = pytest.mark.django_db

CHOOSER = reverse("web:purpose")
PLACEHOLDER = "die u niet kunt inzien"


def household_url(cast):
    return reverse("web:household", args=[cast.household.pk])


def asked_for(next_url: str) -> str:
    return f"{CHOOSER}?{urlencode({'next': next_url})}"


def radios(html: str) -> list[str]:
    return re.findall(r"<input[^>]*type=\"radio\"[^>]*>", html)


@pytest.fixture
def raad(team_member):
    return team_member("rosa", "rvdk", "raadsonderzoeker")


def test_raad_member_working_for_the_court_reads_what_the_raad_rule_opens(
        login, cast, raad):
    report = cast.entries["report"]  # RVT report: "raad-onderzoek" opens it to the Raad
    # The old silent default (hulpverlening) opens nothing of other organisations to the
    # Raad: that is what the Raad member saw in the browser, a row "niet inzien".
    assert not decide(context_for(raad, purpose="hulpverlening"), READ, report).allowed

    client = login("rosa", purpose=None)
    asked = client.get(household_url(cast))
    assert asked.status_code == 302 and asked["Location"] == asked_for(household_url(cast))
    chosen = client.post(CHOOSER, {"purpose": "advies_rechter",
                                   "next": household_url(cast)})
    assert chosen.status_code == 302 and chosen["Location"] == household_url(cast)
    choice = AccessLogRecord.objects.get(event_code="purpose.choose")
    assert (choice.username, choice.purpose, choice.result) == ("rosa", "advies_rechter",
                                                                "granted")

    html = client.get(household_url(cast)).content.decode()
    assert report.text in html
    assert "Doel: Advies aan de rechter" in re.sub(r"\s+", " ", html)
    listed = AccessLogRecord.objects.get(event_code="entry.list")
    assert str(report.pk) in listed.object_ids
    reads = AccessLogRecord.objects.filter(event_code__in=["household.read", "entry.list"])
    assert {r.purpose for r in reads} == {"advies_rechter"}
    # The GGZ's health entry and the RVT's criminal-law decision stay closed to the Raad.
    assert cast.entries["ggz_shared"].text not in html
    assert cast.entries["criminal"].text not in html

    detail = client.get(reverse("web:entry", args=[report.pk]))
    assert detail.status_code == 200
    assert AccessLogRecord.objects.filter(event_code="entry.read").latest("id").purpose == \
        "advies_rechter"


def test_raad_member_cannot_state_a_purpose_the_agreements_do_not_give(login, cast, raad):
    client = login("rosa", purpose=None)
    response = client.post(CHOOSER, {"purpose": "hulpverlening", "next": "/"})
    assert response.status_code == 200
    assert "Kies een van de doelen in de lijst." in response.content.decode()
    assert "purpose" not in client.session
    assert not AccessLogRecord.objects.exists()
    assert client.get(household_url(cast)).status_code == 302  # still asked


def test_professional_with_several_purposes_is_asked_before_the_household_opens(
        login, cast):
    client = login("lotte", purpose=None)
    response = client.get(household_url(cast))
    assert response.status_code == 302
    assert response["Location"] == asked_for(household_url(cast))
    assert not AccessLogRecord.objects.exists()  # nothing was read

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Waarvoor werkt u nu?" in html and "<legend" in html
    choices = radios(html)
    assert len(choices) == 2  # only the page's own form, not the header menu as well
    assert not any("checked" in r for r in choices), "no purpose may be preselected"
    for label in ("Hulpverlening", "Veiligheidsbeoordeling"):
        assert f">{label}</label>" in html
    assert "Advies aan de rechter" not in html  # not a purpose of a wijkteam
    assert f'name="next" value="{household_url(cast)}"' in html


def test_every_page_that_opens_a_dossier_asks_first(login, cast):
    client = login("lotte", purpose=None)
    entry = cast.entries["conversation"]
    for url in (reverse("web:entry", args=[entry.pk]),
                reverse("web:timeline", args=[cast.household.pk]),
                reverse("safety:case", args=[cast.case.pk]),
                reverse("web:worklist"), reverse("web:search")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == asked_for(url), url
    assert not AccessLogRecord.objects.exists()


def test_outsider_without_a_purpose_is_asked_alike_for_any_id(login, cast):
    client = login("olga", purpose=None)
    missing = reverse("web:household", args=[uuid.uuid4()])
    for url in (household_url(cast), missing):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, asked_for(url))
    assert not AccessLogRecord.objects.exists()


def test_htmx_request_without_a_purpose_reloads_the_page_to_the_choice(login, cast):
    client = login("lotte", purpose=None)
    current = f"http://testserver{household_url(cast)}"
    response = client.get(reverse("web:timeline", args=[cast.household.pk]),
                          HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=current)
    assert response["HX-Redirect"] == asked_for(household_url(cast))


def test_professional_whose_kind_has_one_purpose_is_not_asked(login, cast):
    client = login("gert", purpose=None)  # GGZ: hulpverlening only
    response = client.get(household_url(cast))
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "Doel: Hulpverlening" in html
    assert not radios(html)  # nothing to choose, so no form in the header
    record = AccessLogRecord.objects.get(event_code="household.read")
    assert record.purpose == "hulpverlening"
    chooser = client.get(CHOOSER).content.decode()
    assert "u hoeft niets te kiezen" in chooser and not radios(chooser)


def test_police_team_member_works_for_the_implied_safety_assessment(
        login, cast, team_member):
    team_member("piet", "politie", "politie")
    client = login("piet", purpose=None)
    assert client.get(household_url(cast)).status_code == 200
    assert AccessLogRecord.objects.get(event_code="household.read").purpose == \
        "veiligheidsbeoordeling"


def test_header_shows_the_purpose_and_lets_it_change(login, cast, raad):
    client = login("rosa", purpose="advies_rechter")
    html = client.get(household_url(cast)).content.decode()
    header = html.split("</header>")[0]
    assert "Doel: Advies aan de rechter" in re.sub(r"\s+", " ", header)
    assert "<details" in header and "(wijzigen)" in header
    choices = radios(header)
    assert len(choices) == 2 and not any("checked" in r for r in choices)
    assert f'name="next" value="{household_url(cast)}"' in header

    response = client.post(CHOOSER, {"purpose": "veiligheidsbeoordeling",
                                     "next": household_url(cast)})
    assert response["Location"] == household_url(cast)
    assert client.session["purpose"] == "veiligheidsbeoordeling"
    client.get(household_url(cast))
    assert AccessLogRecord.objects.filter(event_code="household.read").latest("id") \
        .purpose == "veiligheidsbeoordeling"
    choices = AccessLogRecord.objects.filter(event_code="purpose.choose")
    assert [c.purpose for c in choices] == ["veiligheidsbeoordeling"]


def test_choice_without_an_answer_gets_a_dutch_error(login, cast):
    client = login("lotte", purpose=None)
    response = client.post(CHOOSER, {"next": "/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies het doel van uw werk." in html
    assert not any("checked" in r for r in radios(html))
    assert "purpose" not in client.session


def test_choice_never_redirects_off_site(login, cast):
    client = login("lotte", purpose=None)
    response = client.post(CHOOSER, {"purpose": "hulpverlening",
                                     "next": "https://elders.example/"})
    assert response["Location"] == "/"


def test_roles_without_dossier_content_are_not_asked(login, cast):
    client = login("priya", purpose=None)  # privacy officer
    assert client.get(reverse("web:access_log")).status_code == 200
