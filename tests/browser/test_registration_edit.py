"""Issue 13, point 4 in a real browser: Lotte changes Mark's gezag with a court decision
as its source; the household page shows the source and its date; the history shows the
old value. A refused save says in Dutch what is missing. axe on every page touched."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from netwerkdossier.households.models import Gezag

from .conftest import desk, follow, shot
from .test_accessibility import assert_accessible
from .test_portal import professional_log_in

pytestmark = pytest.mark.browser


def test_lotte_changes_marks_gezag_with_a_court_decision(browser, live_server, live_cast):
    base = live_server.url
    household = live_cast.household
    gezag = Gezag.objects.get(holder=live_cast.father, child=live_cast.noor)
    old_end = gezag.valid_to.strftime("%d-%m-%Y")
    decided = timezone.localdate() - timedelta(days=7)
    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    lotte.goto(f"{base}/huishoudens/{household.pk}")
    lotte.get_by_role("link", name="Gezag wijzigen Mark de Boer over Noor Jansen").click()
    expect(lotte.get_by_role("heading", level=1)).to_have_text("Gezag wijzigen of beëindigen")
    for label in ("Beschikking van de rechter", "Uittreksel uit het gezagsregister",
                  "Basisregistratie Personen (BRP)", "Verklaring van een persoon"):
        expect(lotte.get_by_label(label)).not_to_be_checked()  # nothing preselected
    assert_accessible(lotte, "gezag wijzigen")
    # Without a source and reason: refused, in Dutch, nothing saved.
    lotte.get_by_label("Gezag tot en met", exact=True).fill("")
    lotte.get_by_role("button", name="Wijziging opslaan").click()
    expect(lotte.get_by_text("Kies de bron van deze wijziging.").first).to_be_visible()
    expect(lotte.get_by_text("Schrijf op waarom u dit wijzigt.").first).to_be_visible()
    assert_accessible(lotte, "gezag wijzigen met fouten")
    shot(lotte, "lotte-gezag-fouten")
    lotte.get_by_label("Gezag tot en met", exact=True).fill("")
    lotte.get_by_label("Beschikking van de rechter").check()
    lotte.get_by_label("Zaaknummer of kenmerk").fill("C/12/345678 / FA RK 26-101")
    lotte.get_by_label("Datum van de bron").fill(decided.isoformat())
    lotte.get_by_label("Waarom wijzigt u dit?").fill(
        "De rechtbank heeft het gezamenlijk gezag van vader hersteld.")
    shot(lotte, "lotte-gezag-ingevuld")
    lotte.get_by_role("button", name="Wijziging opslaan").click()
    expect(lotte.get_by_text("Het gezag is gewijzigd.")).to_be_visible()
    members = lotte.locator("table[aria-labelledby=gezinsleden]")
    expect(members).to_contain_text("Beschikking van de rechter, zaaknummer C/12/345678")
    expect(members).to_contain_text(decided.strftime("%d-%m-%Y"))
    assert_accessible(lotte, "huishouden met bron van gezag")
    shot(lotte, "lotte-huishouden-bron")
    lotte.get_by_role("link", name="Geschiedenis van het gezag van Mark de Boer over "
                                   "Noor Jansen").click()
    expect(lotte.get_by_role("heading", level=1)).to_have_text(
        "Geschiedenis van de registratie")
    change = lotte.locator("section.nd-card").first
    expect(change).to_contain_text("Gezag gewijzigd: Noor Jansen")
    expect(change).to_contain_text(old_end)  # the old value stays readable
    expect(change).to_contain_text("Beschikking rechtbank (synthetisch)")
    expect(change).to_contain_text("Lotte Visser")
    assert_accessible(lotte, "geschiedenis van de registratie")
    shot(lotte, "lotte-geschiedenis")
    context.close()


def test_the_other_registration_pages_are_accessible(browser, live_server, live_cast):
    """Adding a member, ending a membership, recording gezag and changing the address:
    each page passes axe, and a refused save names what is missing."""
    base = live_server.url
    household = live_cast.household
    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    lotte.goto(f"{base}/huishoudens/{household.pk}")
    lotte.get_by_role("link", name="Wijzigen of beëindigen Mark de Boer").click()
    expect(lotte.get_by_label("Relatie")).to_have_value("parent")
    assert_accessible(lotte, "gezinslid wijzigen")
    lotte.goto(f"{base}/huishoudens/{household.pk}")
    lotte.get_by_role("link", name="Gezinslid toevoegen").click()
    lotte.get_by_role("button", name="Wijziging opslaan").click()
    expect(lotte.get_by_text("Kies een relatie.").first).to_be_visible()
    assert_accessible(lotte, "gezinslid toevoegen met fouten")
    shot(lotte, "lotte-gezinslid-toevoegen-fouten")
    lotte.goto(f"{base}/huishoudens/{household.pk}")
    follow(lotte.get_by_role("link", name="Gezag vastleggen"))
    assert_accessible(lotte, "gezag vastleggen")
    lotte.goto(f"{base}/huishoudens/{household.pk}")
    lotte.get_by_role("link", name="Adres wijzigen").click()
    expect(lotte.get_by_label("Straat en huisnummer")).to_have_value("Lindelaan 12")
    lotte.get_by_label("Straat en huisnummer").fill("Berkenhof 3")
    lotte.get_by_label("Basisregistratie Personen (BRP)").check()
    lotte.get_by_label("Datum van de bron").fill(timezone.localdate().isoformat())
    lotte.get_by_label("Waarom wijzigt u dit?").fill("Het gezin is verhuisd.")
    assert_accessible(lotte, "adres wijzigen")
    shot(lotte, "lotte-adres-wijzigen")
    lotte.get_by_role("button", name="Wijziging opslaan").click()
    expect(lotte.get_by_text("Het adres is gewijzigd.")).to_be_visible()
    expect(lotte.get_by_text("Berkenhof 3").first).to_be_visible()
    context.close()
