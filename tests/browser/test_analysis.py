"""The integral analysis and an instrument in a real browser, with axe checks."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import follow
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def fill_point(page, row: int, domain: str, person: str, kind: str, text: str):
    group = page.get_by_role("group", name=f"Nieuw punt (rij {row})")
    group.get_by_label("Leefgebied").select_option(label=domain)
    group.get_by_label("Over wie").select_option(label=person)
    group.get_by_label("Soort punt").select_option(label=kind)
    group.get_by_label("Tekst").fill(text)


def test_analysis_versions_history_and_family_dispute(log_in, live_server, live_cast):
    page = log_in("lotte")
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}")
    page.get_by_role("link", name="Integrale analyse van het gezin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integrale analyse: Gezin Jansen")
    assert_accessible(page, "analyse leeg")
    follow(page.get_by_role("link", name="Analyse beginnen"))
    assert_accessible(page, "analyse bewerken")

    fill_point(page, 1, "Veiligheid", "Noor Jansen", "Zorg", "Noor is bang bij ruzie.")
    fill_point(page, 2, "Financiën", "Sanne Jansen", "Risicofactor", "Schulden geven spanning.")
    fill_point(page, 3, "Sociaal netwerk", "Het hele gezin", "Beschermende factor",
               "Oma woont dichtbij.")
    hypothesis = page.get_by_role("group", name="Nieuwe hypothese (rij 1)")
    hypothesis.get_by_label("Hypothese").fill("Geldzorgen geven ruzie; oma geeft rust.")
    hypothesis.get_by_label("Gebruikt deze factoren (puntnummers)").fill("2, 3")
    hypothesis.get_by_label("Verklaart deze zorgen (puntnummers)").fill("1")
    page.get_by_label("De kijk van het gezin").fill("Moeder: we redden het samen.")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integrale analyse, versie 1: Gezin Jansen")
    expect(page.get_by_role("table", name="Financiën")).to_contain_text(
        "Schulden geven spanning.")
    assert_accessible(page, "analyseversie")

    page.get_by_role("link", name="Terug naar alle versies").click()
    page.get_by_role("link", name="Terug naar de integrale analyse").click()
    page.get_by_role("link", name="Analyse bijwerken (nieuwe versie)").click()
    page.get_by_role("group", name="Punt 2").get_by_label("Tekst").fill(
        "Schulden zijn nu in een regeling.")
    page.get_by_label("Toelichting bij deze versie (niet verplicht)").fill("Na huisbezoek.")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integrale analyse, versie 2: Gezin Jansen")

    page.get_by_role("link", name="Terug naar alle versies").click()
    history = page.get_by_role("table", name="Alle versies, nieuwste eerst")
    rows = history.locator("tbody tr")
    expect(rows).to_have_count(2)
    today = timezone.localdate().strftime("%-d")
    for row, number in zip((rows.nth(0), rows.nth(1)), (2, 1), strict=True):
        expect(row).to_contain_text(f"Versie {number}")
        expect(row).to_contain_text("Lotte Visser")
        expect(row.locator("td").first).to_have_text(re.compile(rf"^{today} .* \d\d:\d\d$"))
    expect(rows.nth(0)).to_contain_text("1 punt gewijzigd")
    assert_accessible(page, "versiegeschiedenis")

    page.get_by_role("link", name="Versie 2").click()
    page.get_by_label("Gezinslid", exact=True).select_option(label="Sanne Jansen")
    page.get_by_label("Betwist: het gezinslid is het niet eens met deze versie").check()
    page.get_by_role("button", name="Reactie opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Schrijf in de eigen woorden van het gezinslid wat niet klopt.")
    assert_accessible(page, "reactie met fouten")
    page.get_by_label("In de eigen woorden van het gezinslid").fill(
        "De schulden zijn niet de oorzaak van de ruzies.")
    page.get_by_role("button", name="Reactie opslaan").click()
    expect(page.get_by_text("Sanne Jansen: betwist")).to_be_visible()
    expect(page.get_by_text("De schulden zijn niet de oorzaak van de ruzies.")).to_be_visible()


def test_administer_an_instrument_and_see_the_score(log_in, live_server, live_cast):
    page = log_in("lotte")
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}/instrumenten")
    assert_accessible(page, "instrumenten")
    page.get_by_role("link", name=re.compile(r"^Afnemen\s*: Veiligheidsscan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Veiligheidsscan (voorbeeld, niet gevalideerd)")
    assert_accessible(page, "instrument afnemen")
    page.get_by_role("button", name="Opslaan en score berekenen").click()
    expect(page.get_by_role("alert")).to_contain_text("Beantwoord deze vraag.")
    assert_accessible(page, "instrument met fouten")

    page.get_by_label("Voor welk gezinslid").select_option(label="Noor Jansen")
    page.get_by_label("Afgenomen op").fill(timezone.localdate().isoformat())
    answers = {"Is er in de afgelopen maand geweld geweest": "Ja",
               "Is het kind in de afgelopen maand geslagen": "Nee",
               "Zegt het kind dat het zich thuis niet veilig voelt": "Ja",
               "Is er een volwassene in het netwerk": "Ja",
               "Houden de volwassenen zich aan de afspraken": "Gedeeltelijk"}
    for question, answer in answers.items():
        page.get_by_role("group", name=re.compile(f"^{question}")).get_by_label(
            answer, exact=True).check()
    page.get_by_label(re.compile("^Welk cijfer geeft het kind")).fill("6")
    page.get_by_role("button", name="Opslaan en score berekenen").click()

    scores = page.get_by_role("table", name="Scores")
    expect(scores.get_by_role("row", name=re.compile("^Totaalscore"))).to_contain_text(
        "4Zorgelijk: bespreek dit vandaag in het team")
    expect(scores.get_by_role("row", name=re.compile("^Aantal zorgsignalen"))).to_contain_text(
        "2")
    assert_accessible(page, "instrumentuitkomst")
