"""The questionnaire pages (monitoring/questionnaire_views.py, access/reports.py): the
regional policy maker answers for her own pilot region, the national programme team
for any pilot region; both see the comparison. Bad input gives Dutch messages and
saves nothing; every read and save is logged under "management"; everyone else, and a
region outside the scope, gets the logged 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.monitoring.models import QuestionnaireAnswer
from netwerkdossier.organisations.models import Membership, Organisation, Region
from netwerkdossier.synthetic import questionnaire_demo

Role = Membership.Role
YEAR = timezone.localdate().year
GOOD = {"gezinsplan_met_gezin": "80", "kinderen_gehoord": "altijd",
        "leerbijeenkomsten": "12", "cijfers_besproken": "1", "een_toegang": "",
        "samenwerking_rvt": "4", "clientondersteuning": "60", "inzage_gezin": "ja"}


def compare_url():
    return reverse("monitoring:questionnaire")


def answer_url(region, year=YEAR):
    return reverse("monitoring:questionnaire_answer", kwargs={"code": region.code,
                                                               "year": year})


def last_record():
    return AccessLogRecord.objects.filter(event_code="monitoring.questionnaire").latest("id")


@pytest.fixture
def demo(cast, policy):
    return questionnaire_demo.build(cast.skeleton.region)


def test_the_regional_policy_maker_answers_for_her_region(login, cast, demo):
    region = cast.skeleton.region
    client = login("renske", purpose=None)
    page = client.get(answer_url(region))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hoeveel leerbijeenkomsten" in html and 'value="72"' in html  # the demo's
    record = last_record()
    assert (record.result, record.purpose, record.action) == ("granted", "management", "R")
    assert record.object_ids == ["vragenlijst", region.code, str(YEAR)]
    response = client.post(answer_url(region), GOOD)
    assert response.status_code == 302
    stored = {a.question: (a.number, a.choice)
              for a in QuestionnaireAnswer.objects.filter(region=region, year=YEAR)}
    assert stored["gezinsplan_met_gezin"] == (80, "")
    assert stored["kinderen_gehoord"] == (None, "altijd")
    assert "een_toegang" not in stored  # left empty: not answered (the demo's removed)
    record = last_record()
    assert (record.action, record.purpose, record.rule) == ("W", "management",
                                                           "questionnaire_answer")
    assert "De antwoorden zijn opgeslagen." in client.get(response["Location"]).content.decode()


def test_bad_input_gives_dutch_messages_and_saves_nothing(login, cast, demo):
    region = cast.skeleton.region
    before = set(QuestionnaireAnswer.objects.values_list("question", "year", "number",
                                                          "choice"))
    bad = dict(GOOD, gezinsplan_met_gezin="120", leerbijeenkomsten="veel",
               inzage_gezin="misschien")
    response = login("renske", purpose=None).post(answer_url(region), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is iets niet goed ingevuld. Er is niets opgeslagen." in html
    assert "Vul een getal van 0 tot en met 100 in." in html
    assert "Vul een geheel getal in, zonder punt of komma." in html
    assert "Kies een van de antwoorden." in html
    assert 'value="veel"' in html  # what was typed stays
    assert set(QuestionnaireAnswer.objects.values_list("question", "year", "number",
                                                        "choice")) == before


def test_the_programme_team_answers_for_any_pilot_region_and_compares(login, cast, demo):
    client = login("nadia", purpose=None)
    assert client.post(answer_url(demo["second"]), GOOD).status_code == 302
    html = client.get(compare_url()).content.decode()
    assert "Regio Kustland (synthetisch)" in html and "Regio Waterland-Noord" in html
    assert "<svg" in html and "formulering synthetisch" in html
    assert "+17 procentpunt" in html  # the demo region: 55% -> 72%
    assert last_record().object_ids[0] == "vragenlijst"


def test_the_regional_policy_maker_may_not_answer_for_another_region(login, cast, demo):
    response = login("renske", purpose=None).post(answer_url(demo["second"]), GOOD)
    assert response.status_code == 404
    assert last_record().rule == "region_out_of_scope"
    assert not QuestionnaireAnswer.objects.filter(region=demo["second"], number=80).exists()
    # But she compares all pilot regions.
    assert login("renske", purpose=None).get(compare_url()).status_code == 200


def test_a_year_outside_the_questionnaire_is_a_logged_404(login, cast, demo):
    for year in (YEAR + 1, 2019, "2026a", "twintig"):
        response = login("renske", purpose=None).get(answer_url(cast.skeleton.region, year))
        assert response.status_code == 404 and last_record().rule == "year_unknown"


@pytest.mark.parametrize("username", ["bas", "tamara", "lotte", "ruben", "gert", "olga",
                                      "priya"])
def test_everyone_else_gets_a_logged_404(login, cast, demo, username):
    client = login(username, purpose=None if username in ("bas", "tamara") else
                   "hulpverlening")
    for url in (compare_url(), answer_url(cast.skeleton.region)):
        response = client.get(url)
        assert response.status_code == 404
        record = last_record()
        assert (record.result, record.username, record.rule) == (
            "refused", username, "no_questionnaire_role")
    assert client.post(answer_url(cast.skeleton.region), GOOD).status_code == 404
    assert not QuestionnaireAnswer.objects.filter(number=80).exists()


def test_police_and_the_raad_get_a_logged_404(login, cast, demo, member_of):
    for username, key in (("piet", "politie"), ("rianne", "rvdk")):
        member_of(username, Role.PROFESSIONAL, organisation=cast.skeleton.regional[key])
    for username in ("piet", "rianne"):
        response = login(username, purpose=None).get(compare_url())
        assert response.status_code == 404
        assert last_record().username == username


def test_a_regional_policy_maker_outside_the_pilots_gets_a_logged_404(login, cast, demo,
                                                                       member_of):
    elsewhere = Region.objects.create(code="elders-t", name="Elders (synthetisch)")
    member_of("eva", Role.REGIO_BELEID, organisation=Organisation.objects.create(
        name="Regiobureau Elders", kind=Organisation.Kind.GEMEENTE, region=elsewhere))
    assert login("eva", purpose=None).get(compare_url()).status_code == 404
    assert last_record().rule == "no_questionnaire_role"


def test_a_family_member_is_not_let_in(client, cast, demo):
    from netwerkdossier.synthetic.personas import add_family_logins
    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, add_family_logins(cast)["sanne"])
    response = client.get(compare_url())
    assert response.status_code in (302, 404)
    assert "Vragenlijst proeftuinen" not in response.content.decode()


def test_an_outsider_is_sent_to_sign_in(client, demo):
    response = client.get(compare_url())
    assert response.status_code == 302 and "inloggen" in response["Location"]
