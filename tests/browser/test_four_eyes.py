"""Issue 13 in real browsers: an urgent report leads the worklist with its hour deadline;
leaving direct safety alone is not possible, nor without its decision record; the family
disagrees and that is recorded; the vast duo member of the other organisation confirms
and the record is taken. axe on every page touched."""

import pytest
from playwright.sync_api import expect

from netwerkdossier.access.api import context_for

from .conftest import desk, shot
from .test_accessibility import assert_accessible
from .test_portal import professional_log_in

pytestmark = pytest.mark.browser


def test_urgent_report_leads_the_worklist(browser, live_server, live_cast):
    base = live_server.url
    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    lotte.goto(f"{base}/huishoudens/{live_cast.household.pk}/melding")
    lotte.get_by_label("Korte omschrijving van het traject").fill("Huisverbod vader")
    lotte.get_by_label("Urgentie").select_option(label="Spoed: direct contact, binnen 24 uur")
    lotte.get_by_label("Noor Jansen").check()
    lotte.get_by_label("Zorgen").fill("Politie legde vannacht een huisverbod op.")
    lotte.get_by_label("Naam van de melder").fill("Agent Piet")
    lotte.get_by_role("button", name="Traject starten").click()
    expect(lotte.get_by_role("heading", level=1)).to_contain_text("Huisverbod vader")
    lotte.goto(f"{base}/")
    first = lotte.get_by_role("row").nth(1)
    expect(first).to_contain_text("Huisverbod vader")
    expect(first).to_contain_text("Spoed: eerste contact uiterlijk")
    assert_accessible(lotte, "werkvoorraad met spoed")
    shot(lotte, "lotte-werkvoorraad-spoed")
    context.close()


def test_leaving_direct_safety_needs_the_other_organisation(browser, live_server, live_cast):
    from tests.safety.test_four_eyes import LEAVE_1, ready

    case = live_cast.case  # in direct safety, acutely unsafe
    case.triage_outcome = "acuut_onveilig"
    case.save(update_fields=["triage_outcome"])
    ready(case, *LEAVE_1, context_for(live_cast.users["lotte"]), live_cast)
    base = live_server.url
    context, lotte = desk(browser)
    professional_log_in(lotte, base, "lotte")
    lotte.goto(f"{base}/trajecten/{case.pk}")
    expect(lotte.get_by_text("Vier ogen: een tweede lid van het vaste duo")).to_be_visible()
    assert not lotte.get_by_label("Is het gezin het eens met dit besluit?").input_value()
    lotte.get_by_label("Naar fase").select_option(label="Fase 2: duurzame veiligheid")
    lotte.get_by_label("Motivering van het besluit").fill("Vier weken geen geweld, plan werkt.")
    lotte.get_by_label("Is het gezin het eens met dit besluit?").select_option("nee")
    lotte.get_by_role("button", name="Fasebesluit opslaan").click()
    # A four-eyes proposal rests on its decision record too (decision 0051): refused in
    # Dutch, nothing saved, until the record for this move is complete.
    summary = lotte.locator("#foutenoverzicht")
    expect(summary).to_contain_text("Er is niets opgeslagen")
    expect(summary).to_contain_text("Dit fasebesluit kan pas worden genomen met een "
                                    "besluitverslag")
    expect(lotte.locator("#fase")).to_contain_text("Fase 1: directe veiligheid")
    from netwerkdossier.cases.models import PhaseProposal
    from netwerkdossier.synthetic import decision_records

    assert not PhaseProposal.objects.filter(case=case).exists()
    decision_records.for_phase(context_for(live_cast.users["lotte"]), case,
                               "duurzame_veiligheid")
    lotte.goto(f"{base}/trajecten/{case.pk}")
    lotte.get_by_label("Naar fase").select_option(label="Fase 2: duurzame veiligheid")
    lotte.get_by_label("Motivering van het besluit").fill("Vier weken geen geweld, plan werkt.")
    lotte.get_by_label("Is het gezin het eens met dit besluit?").select_option("nee")
    lotte.get_by_role("button", name="Fasebesluit opslaan").click()
    expect(lotte.get_by_text("Uw voorstel is vastgelegd")).to_be_visible()
    expect(lotte.get_by_text("U stelde dit besluit zelf voor")).to_be_visible()
    expect(lotte.locator("#fase")).to_contain_text("Fase 1: directe veiligheid")
    assert_accessible(lotte, "voorstel wacht")
    shot(lotte, "lotte-voorstel-wacht")
    context.close()

    context, ruben = desk(browser)
    professional_log_in(ruben, base, "ruben")
    expect(ruben.get_by_text("Fasebesluit wacht op bevestiging (vier ogen)")).to_be_visible()
    ruben.goto(f"{base}/trajecten/{case.pk}")
    expect(ruben.get_by_text("Nee, het gezin is het niet eens")).to_be_visible()
    assert_accessible(ruben, "voorstel bevestigen")
    shot(ruben, "ruben-bevestigen")
    ruben.get_by_label("Ik bevestig dit besluit").check()
    ruben.get_by_role("button", name="Antwoord opslaan").click()
    expect(ruben.locator("#fase")).to_contain_text("Fase 2: duurzame veiligheid")
    body = ruben.locator("main").inner_text()
    assert "Ruben Bakker" in body
    context.close()
    from netwerkdossier.cases.models import PhaseTransition

    decision = PhaseTransition.objects.get(case=case, to_phase="duurzame_veiligheid")
    assert decision.family_agrees == "nee" and decision.decided_by == live_cast.users["lotte"]
    assert "Bevestigd door Ruben Bakker (vier ogen)." in decision.entry.text
    from netwerkdossier.decisions.models import DecisionRecord

    record = DecisionRecord.objects.get(case=case, to_phase="duurzame_veiligheid")
    assert record.status == "genomen" and record.taken_by == live_cast.users["ruben"]
