"""The analysis and instrument pages with the Django test client."""

import re

import pytest
from django.utils import timezone

from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse, InstrumentResult
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from tests.audit.helpers import newest_log_id

pytestmark = pytest.mark.django_db


def form_data(version=None, items=(), hypotheses=(), disagreements=(), **extra):
    """POST data of the edit form: existing rows as given plus the given new rows."""
    data = {"based_on": version.number if version else "", "family_view": "",
            "note": "", "case": ""}
    for prefix, rows, fields in (("punt", items, ("n", "domain", "person", "kind", "text")),
                                 ("hypothese", hypotheses, ("n", "text", "factors", "worries")),
                                 ("verschil", disagreements,
                                  ("about", "family", "professionals", "person"))):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for name in fields:
                value = row.get(name)
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    data.update(extra)
    return data


def item(cast, domain="veiligheid", kind="zorg", text="Noor is bang bij ruzie.", person=None,
         n=None):
    return {"n": n, "domain": domain, "kind": kind, "text": text,
            "person": str(person.pk) if person else ""}


def test_household_page_links_to_the_analysis(cast, login):
    page = login("lotte").get(f"/huishoudens/{cast.household.pk}").content.decode()
    assert f"/huishoudens/{cast.household.pk}/analyse" in page
    assert f"/huishoudens/{cast.household.pk}/instrumenten" in page


def test_empty_analysis_page(cast, login):
    response = login("lotte").get(f"/huishoudens/{cast.household.pk}/analyse")
    assert response.status_code == 200
    assert "U ziet hier geen integrale analyse" in response.content.decode()
    assert "Analyse beginnen" in response.content.decode()


def test_write_two_versions_and_see_both_in_the_history(cast, login):
    client = login("lotte")
    url = f"/huishoudens/{cast.household.pk}/analyse/bewerken"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(items=[
        item(cast, person=cast.noor),
        item(cast, "financien", "risico", "Schulden geven spanning.", cast.mother),
        item(cast, "sociaal_netwerk", "beschermend", "Oma helpt."),
        item(cast, text=""),  # an empty extra row is ignored
    ], hypotheses=[{"text": "Schulden geven ruzie.", "factors": "2, 3", "worries": "1"}],
        disagreements=[{"about": "Of oma genoeg kan helpen", "family": "Ja",
                        "professionals": "Niet elke dag"}],
        family_view="Moeder: we redden het samen."))
    first = AnalysisVersion.objects.get()
    assert response.status_code == 302 and response.url == f"/analyse/versies/{first.pk}"
    assert first.content["hypotheses"][0]["factors"] == [2, 3]
    edit = client.get(url).content.decode()
    assert "Punt 2" in edit and "Schulden geven spanning." in edit
    client.post(url, form_data(first, items=[
        item(cast, n=1, person=cast.noor),
        item(cast, "financien", "risico", "Schulden in een regeling.", cast.mother, n=2),
        item(cast, "sociaal_netwerk", "beschermend", "Oma helpt.", n=3),
    ], hypotheses=[{"n": 1, "text": "Schulden geven ruzie.", "factors": "2, 3",
                    "worries": "1"}], family_view="Moeder: we redden het samen.",
        note="Besproken met moeder."))
    second = AnalysisVersion.objects.get(number=2)
    assert second.change_summary == "1 punt gewijzigd, verschillen van inzicht gewijzigd."
    history = client.get(f"/huishoudens/{cast.household.pk}/analyse/versies").content.decode()
    for version in (first, second):
        assert f"/analyse/versies/{version.pk}" in history
        assert timezone.localtime(version.created_at).strftime("%H:%M") in history
    assert history.count('<td class="utrecht-table__cell">Lotte Visser, ') == 2  # who, per row
    assert "Versie 1" in history and "Versie 2" in history
    old = client.get(f"/analyse/versies/{first.pk}").content.decode()
    assert "Dit is een oudere versie." in old and "Schulden geven spanning." in old
    current = client.get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "Schulden in een regeling." in current and "Besproken met moeder." in current


def test_bad_edit_shows_dutch_errors_and_saves_nothing(cast, login):
    client = login("lotte")
    before = AnalysisVersion.objects.count(), Entry.objects.count()
    response = client.post(f"/huishoudens/{cast.household.pk}/analyse/bewerken", form_data(
        items=[item(cast), item(cast, "financien", "risico", "Schulden.")],
        hypotheses=[{"text": "Verklaring", "factors": "1", "worries": "twee"}]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld. Er is niets opgeslagen." in page
    assert "Vul puntnummers in, gescheiden door komma" in page
    response = client.post(f"/huishoudens/{cast.household.pk}/analyse/bewerken", form_data(
        items=[item(cast), item(cast, "financien", "risico", "Schulden.")],
        hypotheses=[{"text": "Verklaring", "factors": "1", "worries": "2"}]))
    page = response.content.decode()
    assert "Punt 1 is geen risicofactor of beschermende factor in deze versie." in page
    assert (AnalysisVersion.objects.count(), Entry.objects.count()) == before


def test_record_a_family_dispute_on_a_version(cast, login, make_version):
    version = make_version()
    client = login("lotte")
    url = f"/analyse/versies/{version.pk}"
    response = client.post(url, {"person": str(cast.mother.pk), "agrees": "nee", "text": ""})
    assert "Schrijf in de eigen woorden van het gezinslid wat niet klopt." in \
        response.content.decode()
    assert FamilyResponse.objects.count() == 0
    response = client.post(url, {"person": str(cast.mother.pk), "agrees": "nee",
                                 "text": "Ik ben niet somber, ik ben moe."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Sanne Jansen: betwist" in page and "Ik ben niet somber, ik ben moe." in page
    assert "vastgelegd door Lotte Visser namens het gezinslid" in page
    history = client.get(f"/huishoudens/{cast.household.pk}/analyse/versies").content.decode()
    assert "Sanne Jansen: betwist" in history


def test_manager_sees_that_health_points_are_shielded(cast, login, make_version):
    make_version()
    page = login("tamara").get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "1 punt over gezondheid of justitie is afgeschermd." in page
    assert "somber" not in page and "Schulden geven veel spanning." in page
    team = login("lotte").get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "Moeder is somber sinds de scheiding." in team
    # Issue 10: team members of other organisations read the analysis as the agreements
    # say: the RVT without health points (rule 'kernteam'), GGZ not without consent.
    rvt = login("ruben").get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "somber" not in rvt and "Schulden geven veel spanning." in rvt
    ggz = login("gert").get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "Schulden geven veel spanning." not in ggz


def test_reading_the_analysis_is_logged(cast, login, make_version):
    version = make_version()
    before = newest_log_id()
    login("ruben").get(f"/analyse/versies/{version.pk}")
    record = AccessLogRecord.objects.filter(pk__gt=before,
                                            event_code="analysis.version.read").get()
    assert record.result == "granted" and str(version.pk) in record.object_ids
    # The rule names the relation and the agreement that opened the version.
    assert str(cast.noor.pk) in record.subject_ids
    assert record.rule == "team+afspraak:waterland-noord-veiligheid/kernteam"


@pytest.mark.parametrize("path", ["/huishoudens/{h}/analyse", "/huishoudens/{h}/analyse/versies",
                                  "/huishoudens/{h}/analyse/bewerken",
                                  "/huishoudens/{h}/instrumenten",
                                  "/huishoudens/{h}/instrumenten/veiligheidsscan",
                                  "/analyse/versies/{v}", "/instrumentuitkomsten/{r}"])
def test_outsider_gets_a_logged_404(cast, login, make_version, ctx_of, path):
    from netwerkdossier.analysis import instruments as engine
    from netwerkdossier.analysis.services import administer

    version = make_version()
    result = administer(ctx_of("lotte"), cast.household, engine.get("draagkracht_draaglast"),
                        cast.mother, {k: 3 for k in ("geldzorgen", "spanning", "zorg_kinderen",
                                                     "steun", "aankunnen", "machteloos")},
                        timezone.localdate())
    url = path.format(h=cast.household.pk, v=version.pk, r=result.pk)
    client = login("olga")
    writes = ("bewerken" in path or "instrumenten/" in path or "versies/{v}" in path)
    for method, action in ((client.get, "R"), (client.post, "C")):
        if action == "C" and not writes:
            continue
        before = newest_log_id()
        response = method(url)
        assert response.status_code == 404
        refused = AccessLogRecord.objects.filter(pk__gt=before, result="refused").get()
        assert refused.action == action


def test_administer_instrument_with_errors_then_see_the_score(cast, login):
    client = login("lotte")
    url = f"/huishoudens/{cast.household.pk}/instrumenten/veiligheidsscan"
    page = client.get(url).content.decode()
    assert "Voorbeeld, niet gevalideerd." in page
    assert "<legend" in page and "Is er in de afgelopen maand geweld geweest" in page
    response = client.post(url, {"person": str(cast.noor.pk), "administered_on": "",
                                 "q_geweld_volwassenen": "1", "q_cijfer_kind": "12"})
    page = response.content.decode()
    assert "Er is iets niet goed ingevuld. Er is niets opgeslagen." in page
    assert "Vul de datum in waarop het instrument is afgenomen." in page
    assert "Beantwoord deze vraag." in page
    assert "Vul een geheel getal van 0 tot en met 10 in." in page
    assert InstrumentResult.objects.count() == 0
    response = client.post(url, {
        "person": str(cast.noor.pk), "administered_on": timezone.localdate().isoformat(),
        "q_geweld_volwassenen": "1", "q_kind_geraakt": "0", "q_kind_bang": "1",
        "q_vertrouwde_volwassene": "1", "q_afspraken": "1", "q_cijfer_kind": "6"})
    result = InstrumentResult.objects.get()
    assert response.status_code == 302 and response.url == f"/instrumentuitkomsten/{result.pk}"
    page = client.get(response.url).content.decode()
    assert re.search(r"Totaalscore \(gewogen\)</th><td[^>]*>4</td>", page)
    assert "Zorgelijk: bespreek dit vandaag in het team" in page
    listing = client.get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "Veiligheidsscan (voorbeeld, niet gevalideerd)" in listing


def test_unknown_instrument_is_a_404(cast, login):
    response = login("lotte").get(f"/huishoudens/{cast.household.pk}/instrumenten/onbekend")
    assert response.status_code == 404


def test_analysis_can_reference_instrument_results(cast, login, ctx_of):
    from netwerkdossier.analysis import instruments as engine
    from netwerkdossier.analysis.services import administer

    result = administer(ctx_of("lotte"), cast.household, engine.get("draagkracht_draaglast"),
                        cast.mother, {"geldzorgen": 4, "spanning": 5, "zorg_kinderen": 2,
                                      "steun": 3, "aankunnen": 4, "machteloos": 5},
                        timezone.localdate())
    client = login("lotte")
    client.post(f"/huishoudens/{cast.household.pk}/analyse/bewerken", form_data(
        items=[item(cast)], instrument_results=[str(result.pk)]))
    version = AnalysisVersion.objects.get()
    assert version.content["instrument_results"] == [str(result.pk)]
    page = client.get(f"/analyse/versies/{version.pk}").content.decode()
    assert f"/instrumentuitkomsten/{result.pk}" in page
    assert "Draagkracht en draaglast zijn ongeveer in evenwicht" in page


def test_health_instrument_results_are_for_the_team_only(cast, login, ctx_of):
    from netwerkdossier.analysis.instruments import parse
    from netwerkdossier.analysis.services import administer

    mood = parse({"key": "stemming", "title": "Stemming (test)", "version": "1",
                  "source": "test", "licence": "test", "health_data": True,
                  "item": [{"key": "somber", "text": "Somber?", "type": "yes_no"}],
                  "scale": [{"key": "s", "label": "Somber", "rule": "sum",
                             "items": ["somber"]}]}, "stemming")
    result = administer(ctx_of("gert"), cast.household, mood, cast.mother, {"somber": 1},
                        timezone.localdate())
    assert result.health_data
    team = login("lotte")
    assert team.get(f"/instrumentuitkomsten/{result.pk}").status_code == 200
    manager = login("tamara")
    assert manager.get(f"/instrumentuitkomsten/{result.pk}").status_code == 404
    page = manager.get(f"/huishoudens/{cast.household.pk}/instrumenten").content.decode()
    assert "Stemming (test)" not in page


def test_a_disagreement_keeps_whose_view_it_is_from_version_to_version(cast, login):
    client = login("lotte")
    url = f"/huishoudens/{cast.household.pk}/analyse/bewerken"
    lieke = {"about": "Of Lieke 's avonds weg mag", "family": "Lieke wil tot elf uur weg.",
             "professionals": "Tien uur is laat genoeg.", "person": str(cast.lieke.pk)}
    response = client.post(url, form_data(items=[item(cast, person=cast.lieke)],
                                           disagreements=[lieke]))
    first = AnalysisVersion.objects.get()
    assert response.status_code == 302
    assert first.content["disagreements"][0]["person"] == str(cast.lieke.pk)
    edit = client.get(url).content.decode()
    assert "Van wie is deze kijk?" in edit
    assert re.search(rf'<option value="{cast.lieke.pk}"\s+selected>', edit)
    # The team reads it on its own page as before (hoor en wederhoor).
    team = client.get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "Lieke wil tot elf uur weg." in team


@pytest.mark.parametrize("org_key,purpose", [("politie", None), ("rvdk", "advies_rechter")])
def test_police_and_raad_in_the_team_read_the_analysis_only_as_the_agreements_say(
        cast, login, make_version, org_key, purpose):
    """Issue 10: the police in the team get no agreement for the local team's analysis and
    cannot edit it; the Raad reads it for its advice (rule 'raad-onderzoek', no health
    points) and cannot edit it either."""
    from datetime import timedelta

    from netwerkdossier.accounts.models import User
    from netwerkdossier.cases.models import TeamAssignment
    from netwerkdossier.organisations.models import Membership

    make_version()
    user = User.objects.create(username="partner", first_name="Pa", last_name="Rtner")
    membership = Membership.objects.create(
        user=user, organisation=cast.skeleton.regional[org_key],
        role=Membership.Role.PROFESSIONAL,
        discipline="politie" if org_key == "politie" else "raadsonderzoeker",
        valid_from=timezone.localdate() - timedelta(days=10))
    TeamAssignment.objects.create(case=cast.case, user=user, role="consultant",
                                  organisation=membership.organisation)
    cast.users["partner"] = user
    client = login("partner", purpose=purpose)
    page = client.get(f"/huishoudens/{cast.household.pk}/analyse").content.decode()
    assert "somber" not in page
    if org_key == "politie":
        assert "Schulden geven veel spanning." not in page
        assert "U ziet hier geen integrale analyse" in page
    else:
        assert "Schulden geven veel spanning." in page
    edit = client.get(f"/huishoudens/{cast.household.pk}/analyse/bewerken")
    assert edit.status_code == 404
