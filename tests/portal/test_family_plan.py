"""The safety plan in the family's words in the portal: who reads the danger statements
and goals (in the family's words only), the plan for children and its print page, by
age and gezag (access/family_rules.plan_reading); every read logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.family_rules import plan_reading
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Gezag
from netwerkdossier.safety import services

pytestmark = pytest.mark.django_db

JARGON = "Acute onveiligheid door escalerend partnergeweld met risico op letsel"
JARGON_GOAL = "Geweldloze conflicthantering binnen het gezinssysteem"
WORDS = "Papa en mama maken vaak ruzie. Dan is het thuis niet veilig."
GOAL = "Iedereen blijft rustig, ook als er ruzie is."
OTHER_JARGON = "Parentificatie van de oudste dochter"
CHILD_TEXT = "Als er ruzie is, bel je oma Ria."


@pytest.fixture
def plan(cast, ctx_of):
    ctx = ctx_of("lotte")
    danger = services.add_danger(ctx, cast.case, worried_by="School", statement=JARGON,
                                 safety_goal=JARGON_GOAL)
    services.set_family_words(ctx, danger, family_statement=WORDS, family_goal=GOAL)
    services.add_danger(ctx, cast.case, worried_by="Wijkteam", statement=OTHER_JARGON,
                        safety_goal="Ontlasting")
    child = services.set_child_version(
        ctx, cast.case, worries="Papa en mama maakten vaak ruzie.", safe_plan=CHILD_TEXT,
        helpers="Oma Ria en Lotte.", chosen_pictograms=["huis", "telefoon"])
    return {"danger": danger, "child": child}


def _professional_words_absent(html):
    for text in (JARGON, JARGON_GOAL, OTHER_JARGON, "Ontlasting"):
        assert text not in html


@pytest.mark.parametrize("username", ["sanne", "daan", "lieke"])
def test_parents_with_gezag_and_children_read_the_family_words_only(cast, plan, portal_login,
                                                                    username):
    html = portal_login(username).get("/portaal/").content.decode()
    assert WORDS in html and GOAL in html
    _professional_words_absent(html)
    # The statement without family words: the team will explain it.
    assert "nog niet in gewone woorden geschreven" in html
    records = AccessLogRecord.objects.filter(event_code="portal.safety_plan.read",
                                             object_type="danger_statement")
    assert records.exists() and str(plan["danger"].pk) in records.latest("pk").object_ids
    assert records.latest("pk").rule == "member"


def test_a_parent_without_gezag_reads_no_danger_statements(cast, plan, portal_login):
    html = portal_login("mark").get("/portaal/").content.decode()
    assert WORDS not in html and "nog niet in gewone woorden" not in html
    _professional_words_absent(html)
    assert "Het team bespreekt de zorgen en doelen van het plan met u." in html
    assert not AccessLogRecord.objects.filter(object_type="danger_statement",
                                              event_code="portal.safety_plan.read").exists()


def test_mark_with_gezag_again_reads_them_and_prints_for_noor(cast, plan, portal_login):
    Gezag.objects.create(holder=cast.father, child=cast.noor,
                         valid_from=timezone.localdate() - timedelta(days=1),
                         source="Beschikking (synthetisch)")
    client = portal_login("mark")
    html = client.get("/portaal/").content.decode()
    assert WORDS in html
    page = client.get("/portaal/plan-voor-kinderen").content.decode()
    assert "Het plan voor Noor" in page


def test_the_parent_with_gezag_prints_the_child_version_for_noor(cast, plan, portal_login):
    client = portal_login("sanne")
    home = client.get("/portaal/").content.decode()
    assert "om af te drukken" in home
    page = client.get("/portaal/plan-voor-kinderen").content.decode()
    assert "Het plan voor Noor: zo blijft het thuis veilig" in page
    assert CHILD_TEXT in page and 'alt="Thuis"' in page and 'alt="Bellen"' in page
    assert "data-print" in page and "Druk het af en lees het samen" in page
    _professional_words_absent(page)
    record = AccessLogRecord.objects.filter(event_code="portal.child_version.read").latest("pk")
    assert record.result == "granted" and str(plan["child"].pk) in record.object_ids


@pytest.mark.parametrize("username", ["daan", "lieke"])
def test_youth_read_the_child_version_in_the_portal(cast, plan, portal_login, username):
    page = portal_login(username).get("/portaal/plan-voor-kinderen").content.decode()
    assert "Het plan: zo blijft het thuis veilig" in page and CHILD_TEXT in page
    assert "data-print" not in page  # nothing to print for them
    assert "Snap je iets niet" in page
    # The heading first, then the line that explains the page.
    assert page.index("Het plan: zo blijft het thuis veilig") < page.index("Snap je iets niet")
    # On a phone the help numbers on the sheet can be tapped.
    assert 'href="tel:112"' in page and 'href="tel:08002000"' in page


def test_lieke_at_twelve_reads_it_too(cast, plan, portal_login):
    today = timezone.localdate()
    cast.lieke.birth_date = today.replace(year=today.year - 12) - timedelta(days=3)
    cast.lieke.save()
    assert plan_reading(cast.lieke, cast.household) == {
        "family_words": True, "child_version": True, "print_for": []}
    page = portal_login("lieke").get("/portaal/plan-voor-kinderen").content.decode()
    assert CHILD_TEXT in page


def test_a_parent_without_gezag_gets_the_logged_404(cast, plan, portal_login):
    response = portal_login("mark").get("/portaal/plan-voor-kinderen")
    assert response.status_code == 404
    assert CHILD_TEXT not in response.content.decode()
    record = AccessLogRecord.objects.filter(event_code="portal.child_version.read").latest("pk")
    assert record.result == "refused"


def test_no_portal_session_means_the_login_page(cast, plan, client, login):
    assert client.get("/portaal/plan-voor-kinderen").status_code == 302
    # A professional has no family session either.
    response = login("lotte").get("/portaal/plan-voor-kinderen")
    assert response.status_code == 302 and "/portaal/inloggen" in response["Location"]


def test_plan_reading_by_age_and_gezag(cast):
    reading = {name: plan_reading(getattr(cast, name), cast.household)
               for name in ("mother", "father", "daan", "lieke", "noor")}
    assert reading["mother"]["family_words"] and reading["mother"]["child_version"]
    assert [p.given_names for p in reading["mother"]["print_for"]] == ["Noor"]
    assert reading["father"] == {"family_words": False, "child_version": False,
                                 "print_for": []}
    for youth in ("daan", "lieke"):
        assert reading[youth] == {"family_words": True, "child_version": True,
                                  "print_for": []}
    # Noor (9) has no login; the rule would not put the child version in her portal.
    assert reading["noor"]["child_version"] is False


def test_without_a_child_version_the_page_says_so(cast, ctx_of, portal_login):
    services.add_danger(ctx_of("lotte"), cast.case, worried_by="School", statement=JARGON,
                        safety_goal=JARGON_GOAL)
    page = portal_login("daan").get("/portaal/plan-voor-kinderen").content.decode()
    assert "nog niet in woorden en tekeningen voor kinderen geschreven" in page
    assert "Vraag ernaar bij je vaste contactpersoon" in page


def test_the_first_screen_names_the_contact_and_how_to_reach_them(cast, portal_login):
    organisation = cast.case.lead_organisation
    html = portal_login("sanne").get("/portaal/").content.decode()
    contact = html[html.index('id="contact-team"'):]
    contact = contact[:contact.index("</section>")]
    assert "Lotte Visser" in contact and organisation.name in contact
    assert organisation.phone and f"Bel {organisation.name}: {organisation.phone}" in contact
    assert f'href="tel:{organisation.phone.replace(" ", "").replace("-", "")}"' in contact
    assert "mailto:lotte@example.org" in contact
    assert "Uw vaste contactpersoon" in html
    # Beside the crisis numbers, before anything else of the household.
    assert html.index('id="direct-hulp"') < html.index('id="contact-team"') < \
        html.index('id="uw-gezin"')


def test_the_download_holds_the_family_words_and_the_child_version(cast, plan, portal_login,
                                                                   client):
    from tests.portal.pdf import document_text

    data = portal_login("sanne").get("/portaal/mijn-gegevens.json").json()
    items = data["veiligheidsplan"]["zorgen_en_doelen"]
    assert [(i["zorg"], i["in_gewone_woorden"]) for i in items] == [(WORDS, True), ("", False)]
    assert data["veiligheidsplan"]["plan_voor_kinderen"]["wat_er_gebeurt"] == CHILD_TEXT
    pdf = document_text(client.get("/portaal/mijn-gegevens.pdf").content)
    assert WORDS in pdf and CHILD_TEXT in pdf
    _professional_words_absent(pdf + str(data))
    client.post("/portaal/uitloggen")
    data = portal_login("mark").get("/portaal/mijn-gegevens.json").json()
    assert data["veiligheidsplan"]["zorgen_en_doelen"] == []
    assert data["veiligheidsplan"]["plan_voor_kinderen"] is None
