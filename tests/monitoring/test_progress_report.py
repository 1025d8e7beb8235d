"""The half-yearly progress report (monitoring/report.py, report_pdf.py,
report_views.py): for the demo region every section is on the page and in the PDF (its
pages rendered to images with pypdfium2, and the text of every heading read back); each
indicator under its principle; suppression as on the dashboards; every read and
download logged under "management"; everyone else, and a region outside the scope, gets
the logged 404; nothing identifies a household."""

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.monitoring import principles, report
from netwerkdossier.monitoring.indicators import all_indicators
from netwerkdossier.monitoring.rebuild import rebuild
from netwerkdossier.organisations.models import Membership, Organisation, Region
from netwerkdossier.synthetic import questionnaire_demo
from tests.portal.pdf import document_text, render_pages

Role = Membership.Role
PERIOD = report.default_half_year(timezone.localdate())


def url(**query):
    base = reverse("monitoring:report")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def last_record():
    return AccessLogRecord.objects.filter(event_code="monitoring.report").latest("id")


@pytest.fixture
def demo(cast, policy):
    regions = questionnaire_demo.build(cast.skeleton.region)
    rebuild()
    return regions


def test_every_indicator_and_question_serves_one_principle():
    assert {i.principle for i in all_indicators()} <= set(principles.KEYS)
    assert all(i.principle for i in all_indicators())
    assert report.section_titles() == [
        "Over deze rapportage", "1. Gezinsgericht", "2. Lerend", "3. Eenvoudig",
        "4. Rechtsbeschermend en transparant", "Verantwoording"]


def test_the_region_report_page_has_every_section_in_order(login, cast, demo):
    region = cast.skeleton.region
    response = login("renske", purpose=None).get(url())
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f">{title}<") for title in report.section_titles()]
    assert positions == sorted(positions)
    # Each indicator under its principle: "Huishoudens ondersteund" (gezinsgericht) before
    # "Lerend", the emergency accesses (rechtsbeschermend) after "Eenvoudig".
    assert positions[1] < html.index('data-indicator="huishoudens_ondersteund"') < positions[2]
    assert positions[4] < html.index('data-indicator="noodtoegang"') < positions[5]
    assert positions[2] < html.index('data-question="leerbijeenkomsten"') < positions[3]
    assert "<svg" in html and PERIOD.label in html and region.name in html
    for word in ("Jansen", "Sanne", "Lindelaan", f"/huishoudens/{cast.household.pk}"):
        assert word not in html
    record = last_record()
    assert (record.result, record.purpose, record.username) == ("granted", "management",
                                                                "renske")
    assert record.object_ids == ["rapportage", region.code, PERIOD.key, "pagina"]


def test_the_pdf_opens_and_has_every_section_rendered(login, cast, demo):
    region = cast.skeleton.region
    response = login("renske", purpose=None).get(url(regio=region.code,
                                                     periode=PERIOD.key, formaat="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"voortgangsrapportage-{region.code}-{PERIOD.key}.pdf" in response[
        "Content-Disposition"]
    content = response.content
    text = document_text(content)
    for title in report.section_titles():
        assert title in text, title
    assert "Huishoudens ondersteund" in text and "Uit de vragenlijst" in text
    assert "Hoeveel leerbijeenkomsten" in text and "Jansen" not in text
    pages = render_pages(content, scale=0.5)
    assert len(pages) >= 3
    for image in pages:  # every page has ink on it, not only white
        lowest, _highest = image.convert("L").getextrema()
        assert lowest < 128
    assert last_record().object_ids == ["rapportage", region.code, PERIOD.key, "pdf"]


def test_the_pdf_chart_bars_follow_the_page(cast, demo):
    """The bars are drawn from the table's total row: a bar for each shown value."""
    from netwerkdossier.access.reports import Scope

    built = report.build(Scope(cast.skeleton.region.code, "x", cast.skeleton.region),
                         PERIOD)
    tables = [t for s in built["sections"] for t in s["tables"]]
    households = next(t for t in tables if t["indicator"].key == "huishoudens_ondersteund")
    assert [b["text"] for b in households["chart"]["bars"]] == [
        c["text"] for c in households["rows"][-1]["cells"]]


def test_the_national_report_for_the_programme_team(login, cast, demo):
    client = login("nadia", purpose=None)
    html = client.get(url(regio="nl")).content.decode()
    assert "Alle proeftuinen" in html and "Regio Kustland (synthetisch)" in html
    assert last_record().object_ids[:2] == ["rapportage", "nl"]
    html = client.get(url(regio=demo["second"].code)).content.decode()
    assert "Regio Kustland (synthetisch)" in html
    text = document_text(client.get(url(regio="nl", formaat="pdf")).content)
    assert all(title in text for title in report.section_titles())


def test_the_municipal_policy_maker_reads_her_regions_report(login, cast, demo):
    response = login("bas", purpose=None).get(url())
    assert response.status_code == 200
    assert cast.skeleton.region.name in response.content.decode()


def test_an_unknown_half_year_gives_a_dutch_message(login, cast, demo):
    html = login("renske", purpose=None).get(url(periode="1999-H7")).content.decode()
    assert "Kies een halfjaar uit de lijst." in html


@pytest.mark.parametrize(("username", "token"), [("renske", "nl"), ("bas", "nl"),
                                                 ("renske", "kustland-synthetisch")])
def test_a_region_outside_the_scope_is_a_logged_404(login, cast, demo, username, token):
    response = login(username, purpose=None).get(url(regio=token, formaat="pdf"))
    assert response.status_code == 404
    record = last_record()
    assert (record.result, record.rule, record.username) == ("refused",
                                                            "region_out_of_scope", username)


@pytest.mark.parametrize("username", ["tamara", "lotte", "ruben", "gert", "olga", "priya"])
def test_team_managers_and_professionals_get_a_logged_404(login, cast, demo, username):
    client = login(username, purpose=None if username == "tamara" else "hulpverlening")
    for query in ({}, {"formaat": "pdf"}):
        response = client.get(url(**query))
        assert response.status_code == 404
        record = last_record()
        assert (record.result, record.username, record.rule) == ("refused", username,
                                                                "no_report_role")


def test_police_and_the_raad_get_a_logged_404(login, cast, demo, member_of):
    for username, key in (("piet", "politie"), ("rianne", "rvdk")):
        member_of(username, Role.PROFESSIONAL, organisation=cast.skeleton.regional[key])
        assert login(username).get(url(formaat="pdf")).status_code == 404
        assert last_record().username == username


def test_policy_makers_outside_the_pilot_regions_get_a_logged_404(login, cast, demo,
                                                                  member_of):
    elsewhere = Region.objects.create(code="elders-t", name="Elders (synthetisch)")
    member_of("wim", Role.BELEIDSMEDEWERKER, organisation=Organisation.objects.create(
        name="Gemeente Elders", kind=Organisation.Kind.GEMEENTE, region=elsewhere,
        municipality="Elders"))
    member_of("eva", Role.REGIO_BELEID, organisation=Organisation.objects.create(
        name="Regiobureau Elders", kind=Organisation.Kind.GEMEENTE, region=elsewhere))
    for username in ("wim", "eva"):
        response = login(username, purpose=None).get(url(regio=cast.skeleton.region.code))
        assert response.status_code == 404
        assert last_record().rule == "no_report_role"


def test_a_family_member_and_an_outsider_are_not_let_in(client, cast, demo):
    assert client.get(url()).status_code == 302  # to sign in
    from netwerkdossier.synthetic.personas import add_family_logins
    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, add_family_logins(cast)["sanne"])
    response = client.get(url(formaat="pdf"))
    assert response.status_code in (302, 404)
    assert not AccessLogRecord.objects.filter(event_code="monitoring.report",
                                              result="granted").exists()
