"""The numbers a family member can call at once (rules/crisis_lines.toml) are on the
first screen of the portal for every login, and in the data download."""

import pytest

from netwerkdossier import rules
from tests.portal.pdf import document_text

pytestmark = pytest.mark.django_db


def test_every_line_names_its_number_and_source():
    lines = rules.crisis_lines()
    assert {line["number"] for line in lines} >= {"112", "0800-2000"}
    for line in lines:
        assert line["source"].strip() and line["when"].strip() and line["for"] in ("all", "youth")


@pytest.mark.parametrize("username", ["sanne", "mark", "daan", "lieke"])
def test_the_numbers_come_first_on_the_home_page(cast, portal_login, username):
    html = portal_login(username).get("/portaal/").content.decode()
    for line in rules.crisis_lines():
        assert f'href="tel:{line["number"].replace("-", "")}"' in html
        assert f"Bel {line['name']}: {line['number']}" in html
    first_section = html[html.index("<h2"):]
    assert first_section.split("</h2>")[0].endswith("Direct hulp nodig?")


def test_the_download_holds_the_numbers(cast, portal_login):
    pdf = portal_login("sanne").get("/portaal/mijn-gegevens.pdf").content
    text = document_text(pdf)
    assert "0800-2000" in text and "112" in text
