"""The data download in a real browser (issue 12, point 4, "Must show"): Sanne downloads
her data as a PDF from the portal on a phone; every page is rendered to an image (PDFium,
the PDF engine of Chromium) and every section heading is in the text. A professional
answers a written request from the household page; axe on the new page."""

import os
from pathlib import Path

import pytest

from netwerkdossier.access.api import context_for
from netwerkdossier.portal.access_pdf import section_titles
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_portal import portal_log_in
from tests.portal import download_data as data
from tests.portal.pdf import document_text as pdf_text
from tests.portal.pdf import render_pages

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("ND_SHOTS")  # a folder keeps the rendered pages to look at


@pytest.fixture
def filled(live_cast):
    from netwerkdossier.synthetic.personas import add_family_logins

    add_family_logins(live_cast)
    return data.fill(live_cast, lambda username: context_for(live_cast.users[username]))


def blank(image) -> bool:
    """True when a rendered page shows nothing (every pixel the same)."""
    return image.convert("L").getextrema()[0] == image.convert("L").getextrema()[1]


def test_sanne_downloads_her_data_as_a_pdf_with_every_section(browser, live_server,
                                                             filled):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True, accept_downloads=True)
    page = context.new_page()
    portal_log_in(page, live_server.url, "sanne")
    page.goto(f"{live_server.url}/portaal/mijn-gegevens")
    assert_accessible(page, "portaal mijn gegevens")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("netwerkdossier-mijn-gegevens-")
    content = Path(download.path()).read_bytes()
    context.close()

    images = render_pages(content)
    assert len(images) >= 3 and not any(blank(i) for i in images)
    for number, image in enumerate(images, start=1):
        if SHOTS:
            image.save(Path(SHOTS) / f"mijn-gegevens-pagina-{number}.png")
    text = pdf_text(content)
    for title in section_titles():
        assert title in text, title
    assert "Voor: Sanne Jansen" in text and data.AGREEMENT_DAAN in text
    assert "Ja, met noodtoegang" in text


def test_a_professional_answers_a_written_request(browser, live_server, filled, log_in,
                                                  live_cast):
    page = log_in("lotte")
    page.goto(f"{live_server.url}/huishoudens/{live_cast.household.pk}")
    page.get_by_role("link", name="Verzoek om inzage Sanne Jansen").click()
    page.wait_for_url("**/inzageverzoek")
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Verzoek om inzage van Sanne Jansen"
    assert_accessible(page, "verzoek om inzage")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/verzoek-om-inzage.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Overzicht als PDF").click()
    text = pdf_text(Path(info.value.path()).read_bytes())
    assert "Gemaakt door Lotte Visser" in text and "Voor: Sanne Jansen" in text
    for title in section_titles():
        assert title in text, title
