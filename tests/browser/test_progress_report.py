"""The progress report and the pilots' questionnaire in the browser: the regional
policy maker goes from her dashboard to the report, picks a half year, reads it and
downloads the PDF (every section in it); she answers the questionnaire with one wrong
answer first (the Dutch message); axe on the report, the comparison and the form."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netwerkdossier.monitoring import report
from tests.portal.pdf import document_text

from .conftest import shot
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(live_cast):
    from netwerkdossier.monitoring.rebuild import rebuild
    from netwerkdossier.synthetic import monitoring_demo, questionnaire_demo

    monitoring_demo.build(live_cast)
    questionnaire_demo.build(live_cast.skeleton.region)
    rebuild()
    return live_cast


def test_regional_policy_maker_reads_and_downloads_the_report(page, log_in, live_server,
                                                               figures):
    log_in("renske")
    page.get_by_role("link", name="Monitoring").click()
    page.wait_for_url(f"{live_server.url}/monitoring/regio")
    page.get_by_role("link", name="Voortgangsrapportage").click()
    page.wait_for_url(f"{live_server.url}/monitoring/voortgangsrapportage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgangsrapportage")
    earlier = report.default_half_year(timezone.localdate()).previous()
    page.get_by_label("Halfjaar", exact=True).select_option(earlier.key)
    page.get_by_role("button", name="Toon rapportage").click()
    page.wait_for_url(f"**periode={earlier.key}**")
    region = figures.skeleton.region.name
    expect(page.get_by_role("heading", name=f"Voortgangsrapportage {region}, "
                                            f"{earlier.label}")).to_be_visible()
    for title in report.section_titles():
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="Hoeveel leerbijeenkomsten", exact=False)
           ).to_be_visible()
    shot(page, "voortgangsrapportage")
    assert_accessible(page, "voortgangsrapportage")
    with page.expect_download() as info:
        page.get_by_role("link", name="als PDF").click()
    download = info.value
    assert download.suggested_filename == (
        f"voortgangsrapportage-{figures.skeleton.region.code}-{earlier.key}.pdf")
    with open(download.path(), "rb") as fh:
        text = document_text(fh.read())
    assert all(title in text for title in report.section_titles())
    assert "Jansen" not in text


def test_regional_policy_maker_answers_the_questionnaire(page, log_in, live_server,
                                                          figures):
    log_in("renske")
    page.goto(f"{live_server.url}/monitoring/vragenlijst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragenlijst proeftuinen")
    assert_accessible(page, "vragenlijst vergelijking")
    year = timezone.localdate().year
    page.get_by_role("link", name=f"vragenlijst {year}").click()
    page.wait_for_url(f"**/monitoring/vragenlijst/*/{year}")
    field = page.get_by_label("Welk deel van de gezinsplannen", exact=False)
    field.fill("150")
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul een getal van 0 tot en met 100 in.")
    assert_accessible(page, "vragenlijst fout")
    page.get_by_label("Welk deel van de gezinsplannen", exact=False).fill("81")
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_role("status")).to_have_text("De antwoorden zijn opgeslagen.")
    page.get_by_role("link", name="Terug naar de vergelijking").click()
    page.wait_for_url(f"{live_server.url}/monitoring/vragenlijst")
    expect(page.get_by_role("table", name="Antwoord per regio en jaar").first).to_contain_text(
        "81%")
