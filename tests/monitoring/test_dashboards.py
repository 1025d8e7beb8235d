"""The dashboards (monitoring/views.py, access/dashboards.py): each role sees its own,
figures only, logged under "management"; everyone else, and an area outside the scope,
gets the logged 404; nothing on the page or in a download identifies a household."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases import lifecycle
from netwerkdossier.monitoring import areas, periods
from netwerkdossier.monitoring.models import Area
from netwerkdossier.monitoring.rebuild import rebuild
from netwerkdossier.organisations.models import Membership, Organisation
from netwerkdossier.web.views.worklist import case_reference

Role = Membership.Role
OWN = {"tamara": "team", "bas": "gemeente", "renske": "regio", "nadia": "landelijk"}


def url(name, **query):
    base = reverse("monitoring:dashboard", kwargs={"name": name})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def last_record():
    return AccessLogRecord.objects.filter(event_code="monitoring.dashboard").latest("id")


def reports(cast, ctx_of, n):
    """n new cases of the Jansen household this month (so the figures are not zero)."""
    for i in range(n):
        lifecycle.record_report(
            ctx_of("lotte"), cast.household, kind="hulpvraag", title=f"Hulpvraag {i}",
            concerns="Moeder vraagt hulp.", urgency="normaal",
            reported_on=timezone.localdate() - timedelta(days=1), subjects=[cast.mother])


@pytest.mark.parametrize("username", sorted(OWN))
def test_each_role_sees_its_own_dashboard_logged_under_management(login, cast, policy,
                                                                   username):
    response = login(username, purpose=None).get(reverse("monitoring:home"))
    assert response.status_code == 302
    assert response["Location"] == url(OWN[username])
    response = login(username, purpose=None).get(url(OWN[username]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Huishoudens ondersteund" in html and "<svg" in html and "<table" in html
    record = last_record()
    assert (record.result, record.purpose, record.username) == ("granted", "management",
                                                                 username)
    assert record.object_type == "dashboard" and record.object_ids[0] == OWN[username]
    assert record.object_ids[-1] == "pagina"


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert", "olga", "priya"])
def test_professionals_and_the_privacy_officer_get_a_logged_404(login, cast, policy,
                                                                 username):
    for name in ("team", "gemeente", "regio", "landelijk"):
        response = login(username).get(url(name))
        assert response.status_code == 404
        record = last_record()
        assert (record.result, record.username, record.object_ids) == (
            "refused", username, [name])
    assert login(username).get(reverse("monitoring:home")).status_code == 404


@pytest.mark.parametrize(("username", "other"), [
    ("tamara", "gemeente"), ("bas", "regio"), ("renske", "landelijk"), ("nadia", "team")])
def test_a_role_gets_no_other_roles_dashboard(login, cast, policy, username, other):
    assert login(username, purpose=None).get(url(other)).status_code == 404
    assert last_record().rule == "other_dashboard"


def test_a_team_manager_of_another_organisation_cannot_ask_for_tamaras(login, cast,
                                                                        member_of):
    zuiderhaven = cast.skeleton.wijkteams["Zuiderhaven"]
    member_of("zoe", Role.TEAMMANAGER, organisation=zuiderhaven)
    noorderveld = cast.household.owner_organisation
    response = login("zoe", purpose=None).get(url("team", gebied=f"organisatie:{noorderveld.pk}"))
    assert response.status_code == 404
    assert last_record().rule == "area_out_of_scope"
    html = login("zoe", purpose=None).get(url("team")).content.decode()
    assert "Wijkteam Zuiderhaven" in html and "Wijkteam Noorderveld" not in html


def test_a_policy_maker_of_another_municipality_sees_only_hers(login, cast, policy,
                                                               member_of):
    member_of("wim", Role.BELEIDSMEDEWERKER, name="Gemeente Zuiderhaven",
              kind=Organisation.Kind.GEMEENTE, municipality="Zuiderhaven")
    noorderveld, _ = Area.objects.get_or_create(region=cast.household.region,
                                                municipality="Noorderveld")
    response = login("wim", purpose=None).get(url("gemeente",
                                                  gebied=f"gemeente:{noorderveld.pk}"))
    assert response.status_code == 404 and last_record().rule == "area_out_of_scope"
    html = login("wim", purpose=None).get(url("gemeente")).content.decode()
    assert "Cijfers over Zuiderhaven" in html and "Noorderveld" not in html


def test_a_family_member_is_not_let_in(client, cast, policy):
    from netwerkdossier.synthetic.personas import add_family_logins
    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, add_family_logins(cast)["sanne"])
    for name in ("team", "gemeente", "regio", "landelijk"):
        response = client.get(url(name))
        assert response.status_code in (302, 404)
        assert "Huishoudens ondersteund" not in response.content.decode()
    assert not AccessLogRecord.objects.filter(event_code="monitoring.dashboard",
                                              result="granted").exists()


def test_small_numbers_are_suppressed_and_nothing_identifies_the_household(
        login, cast, ctx_of, policy):
    reports(cast, ctx_of, 3)
    rebuild()
    html = login("renske", purpose=None).get(url("regio")).content.decode()
    assert "&lt;5" in html and 'data-suppressed="primary"' in html
    for word in ("Jansen", "Sanne", "Noor", "Lindelaan", "Hulpvraag 0",
                 str(cast.household.pk), str(cast.case.pk), case_reference(cast.case.pk),
                 "/huishoudens/", "/trajecten/", "/aantekeningen/"):
        assert not re.search(rf"\b{re.escape(word)}\b", html), word


def test_the_region_by_municipality_hides_a_second_cell(login, cast, ctx_of, policy):
    # Noorderveld: 3 new reports (< 5); the region's total would give them back if
    # Noorderveld were the only hidden municipality with a figure.
    reports(cast, ctx_of, 3)
    zuiderhaven = cast.skeleton.wijkteams["Zuiderhaven"]
    from netwerkdossier.households.models import Household

    for i in range(6):
        household = Household.objects.create(
            name=f"Gezin Z{i}", municipality="Zuiderhaven", region=cast.household.region,
            owner_organisation=zuiderhaven)
        from netwerkdossier.cases.models import Case

        Case.objects.create(household=household, region=household.region,
                            lead_organisation=zuiderhaven, title="Z", phase="melding",
                            opened_on=timezone.localdate() - timedelta(days=2))
    rebuild()
    html = login("renske", purpose=None).get(url("regio")).content.decode()
    section = html.split('data-indicator="nieuwe_meldingen"', 1)[1].split("</section>", 1)[0]
    rows = {m[0]: m[1] for m in re.findall(
        r'<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', section, flags=re.S)}
    last = lambda cells: re.findall(r"<td[^>]*>([^<]*)</td>", cells)[-1]  # noqa: E731
    assert last(rows["Noorderveld"]) == "&lt;5"
    assert last(rows["Zuiderhaven"]) == "x"  # 6 (or more) hidden: the second cell
    assert last(rows[f"{cast.household.region.name} (totaal)"]) not in ("&lt;5", "x")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_hold_the_suppressed_figures_and_are_logged(login, cast, ctx_of, policy,
                                                              fmt):
    reports(cast, ctx_of, 3)
    rebuild()
    half = periods.containing(timezone.localdate(), "H").key
    response = login("renske", purpose=None).get(url("regio", periode=half, formaat=fmt))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        lines = [[c.value for c in row] for row in sheet.iter_rows()]
    assert lines[0] == ["Groep", "Indicator", "Gebied", "Periode", "Waarde", "Eenheid"]
    values = {(line[1], line[2], line[3]): line[4] for line in lines[1:]}
    period = periods.parse(half).label
    assert values[("Nieuwe meldingen en hulpvragen", "Noorderveld", period)] == "<5"
    text = response.content.decode("latin-1")
    assert "Jansen" not in text and str(cast.household.pk) not in text
    record = last_record()
    assert record.object_ids == ["regio", f"{areas.REGION}:{cast.household.region_id}",
                                 half, fmt]


def test_unknown_period_gives_a_dutch_message_not_an_error(login, cast, policy):
    response = login("renske", purpose=None).get(url("regio", periode="2026-Z9"))
    assert response.status_code == 200
    assert "Kies een halfjaar of kwartaal uit de lijst" in response.content.decode()


def test_national_team_compares_pilot_regions(login, cast, policy):
    html = login("nadia", purpose=None).get(url(
        "landelijk", gebied=f"{areas.PILOTS}:{areas.ALL_PILOTS}")).content.decode()
    assert cast.household.region.name in html and "Alle proeftuinen (totaal)" in html


def test_navigation_links_for_monitoring_roles_only(login, cast, policy):
    home = reverse("monitoring:home")
    for username in OWN:
        purpose = "hulpverlening" if username == "tamara" else None
        # Policy makers are sent on from the worklist to the figures (follow it).
        assert f'href="{home}"' in login(username, purpose=purpose).get(
            reverse("web:worklist"), follow=True).content.decode()
    for username in ("lotte", "priya"):
        assert f'href="{home}"' not in login(username).get(
            reverse("web:worklist")).content.decode()
