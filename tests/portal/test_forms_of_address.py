"""Young people (12-17) read "je", adults "u", on every page of the portal and in the
data download; one rule decides (access/family_rules.addressed_informally)."""

import html as html_lib
import re

import pytest

from netwerkdossier.access.family_rules import addressed_informally
from netwerkdossier.safety import services
from tests.portal.pdf import document_text

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(u|U|uw|Uw|uzelf|Uzelf)\b")
INFORMAL = re.compile(r"\b(je|Je|jij|Jij|jou|jouw|Jouw|jezelf)\b")
PAGES = ["/portaal/", "/portaal/aantekeningen", "/portaal/besluiten", "/portaal/analyse",
         "/portaal/verzoeken", "/portaal/wie-keek", "/portaal/vragenlijst",
         "/portaal/toestemming", "/portaal/mijn-gegevens"]


@pytest.fixture
def plan(cast, ctx_of):
    ctx = ctx_of("lotte")
    danger = services.add_danger(ctx, cast.case, worried_by="School", statement="s",
                                 safety_goal="g")
    services.set_family_words(ctx, danger, family_statement="Er is vaak ruzie thuis.",
                              family_goal="Het is rustig thuis.")
    services.add_danger(ctx, cast.case, worried_by="School", statement="s2",
                        safety_goal="g2")
    services.set_child_version(ctx, cast.case, worries="Er was ruzie.",
                               safe_plan="Oma komt elke dag.", helpers="Oma.",
                               chosen_pictograms=["huis"])


def visible_text(page: str) -> str:
    """What a reader reads: no markup, scripts or the crisis numbers (which speak to
    children and adults alike) and no plan for children (written for children)."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    page = re.sub(r'<section class="pt-card pt-card--crisis".*?</section>', " ", page,
                  flags=re.S)
    page = re.sub(r'<article class="nd-child-sheet".*?</article>', " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def _pages(client):
    pages = list(PAGES)
    entries = client.get("/portaal/aantekeningen").content.decode()
    first = re.search(r'href="(/portaal/aantekeningen/[0-9a-f-]{36})"', entries)
    assert first, "every member reads at least one entry"
    pages.append(first.group(1))
    return pages


@pytest.mark.parametrize("username", ["daan", "lieke"])
def test_youth_read_je_on_every_page(cast, plan, portal_login, username):
    client = portal_login(username)
    pages = _pages(client) + ["/portaal/plan-voor-kinderen"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not FORMAL.findall(text), (url, FORMAL.findall(text),
                                          text[max(0, FORMAL.search(text).start() - 80):
                                               FORMAL.search(text).end() + 80])
        assert INFORMAL.search(text), url


@pytest.mark.parametrize("username", ["sanne", "mark"])
def test_adults_read_u_on_every_page(cast, plan, portal_login, username):
    client = portal_login(username)
    pages = _pages(client) + (["/portaal/plan-voor-kinderen"] if username == "sanne" else [])
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not INFORMAL.findall(text), (url, INFORMAL.findall(text))
        assert FORMAL.search(text), url


def test_the_download_follows_the_reader(cast, plan, portal_login, client):
    pdf = document_text(portal_login("daan").get("/portaal/mijn-gegevens.pdf").content)
    assert not FORMAL.findall(pdf), [pdf[m.start() - 60:m.end() + 30]
                                     for m in FORMAL.finditer(pdf)]
    assert "Wie helpen je en hoe bereik je ze" in pdf and "jezelf" in pdf
    client.post("/portaal/uitloggen")
    pdf = document_text(portal_login("sanne").get("/portaal/mijn-gegevens.pdf").content)
    assert "Wie helpen u en hoe bereikt u ze" in pdf
    assert not INFORMAL.findall(pdf.replace("wat je dwarszit", "")), INFORMAL.findall(pdf)


def test_flash_messages_and_form_errors_follow_the_reader(cast, portal_login):
    entry = cast.entries["conversation"]
    client = portal_login("daan")
    response = client.post(f"/portaal/aantekeningen/{entry.pk}/verklaring",
                           {"text": "Ik zie het anders."}, follow=True)
    assert "Je verklaring is bewaard." in response.content.decode()
    response = client.post(f"/portaal/aantekeningen/{entry.pk}/verzoek", {"reason": ""})
    page = response.content.decode()
    assert "Kies of je iets wilt laten verbeteren of vernietigen." in page
    assert "Wat wil je vragen?" in page and "Je eigen verklaring" in page


def test_one_rule_decides_by_age(cast):
    assert addressed_informally(cast.daan) and addressed_informally(cast.lieke)
    assert not addressed_informally(cast.mother) and not addressed_informally(cast.father)


def test_every_word_of_who_looked_has_its_je_form():
    """*Wie keek er?* names every kind of record and relation in words; each must read as
    "je" for a young reader (a new catalogue kind once slipped through as "uw gezin")."""
    from netwerkdossier.portal.address import adapt
    from netwerkdossier.portal.looked import OBJECT_WORDS, RELATION_WORDS

    formal = {key: adapt(True, text) for key, text in {**OBJECT_WORDS, **RELATION_WORDS}.items()
              if FORMAL.search(adapt(True, text))}
    assert formal == {}
