"""'Wie keek er?' by day and organisation (issue 12, point 5): grouping on the local
date, paging, the two filters, emergency access marked, and for every query parameter
that a family member still reads only the lines they read before (another household,
a parent and a child, a parent without gezag)."""

from datetime import timedelta

import pytest
from django.test import Client

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.portal.looked_groups import GROUPS_PER_PAGE
from netwerkdossier.synthetic.personas import DEMO_PASSWORD

from .conftest import current_code
from .looked_records import emergency_read_at, local, read_at

pytestmark = pytest.mark.django_db
URL = "/portaal/wie-keek"
START = local(2026, 12, 2, 10, 0)  # a Wednesday


@pytest.fixture
def member(cast):
    """One logged-in portal client per family member (a TOTP code works once)."""
    clients = {}

    def as_member(username: str) -> Client:
        if username not in clients:
            client = Client()
            client.post("/portaal/inloggen", {"username": username, "password": DEMO_PASSWORD})
            response = client.post("/portaal/inloggen/code", {"code": current_code(username)})
            assert response.status_code == 302
            clients[username] = client
        return clients[username]

    return as_member


@pytest.fixture
def other_family(cast):
    """A parent of another household (Gezin Peters), logged in, and her person."""
    import pyotp
    from django.utils import timezone

    from netwerkdossier.accounts.models import User
    from netwerkdossier.households.models import Household, HouseholdMember, Person
    from netwerkdossier.portal.auth import set_credential

    secret = "OTHERFAMILYDEMOSECRETAAAAAAAAAAA"
    household = Household.objects.create(
        name="Gezin Peters", municipality="Zuiderhaven", region=cast.skeleton.region,
        owner_organisation=cast.skeleton.wijkteams["Zuiderhaven"])
    person = Person.objects.create(given_names="Eva", family_name="Peters",
                                   birth_date=timezone.localdate() - timedelta(days=35 * 365))
    HouseholdMember.objects.create(household=household, person=person, relation="parent",
                                   valid_from=timezone.localdate() - timedelta(days=100))
    user = User.objects.create(username="eva", kind="gezinslid", person=person)
    set_credential(user, DEMO_PASSWORD, secret)
    client = Client()
    client.post("/portaal/inloggen", {"username": "eva", "password": DEMO_PASSWORD})
    client.post("/portaal/inloggen/code", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/portaal/").status_code == 200
    return client, person


def org_id(ctx) -> str:
    return str(ctx.organisation_id)


def groups_of(response) -> list[tuple]:
    """(day, organisation name, count, emergency count) of each group on the page."""
    assert response.status_code == 200
    return [(g.day.isoformat(), g.organisation, g.count, g.emergency)
            for d in response.context["days"] for g in d.groups]


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def last_read_ids() -> set:
    record = AccessLogRecord.objects.filter(event_code="portal.access_log.read").latest("pk")
    return set(record.object_ids)


# --- grouping ------------------------------------------------------------------------

def test_records_are_grouped_by_local_day_then_organisation(cast, ctx_of, member):
    ruben, lotte, tamara = ctx_of("ruben"), ctx_of("lotte"), ctx_of("tamara")
    read_at(ruben, START, [cast.daan], n=3)
    # 00:30 in Amsterdam on 2 December is 23:30 UTC on 1 December: the local day counts.
    read_at(ruben, local(2026, 12, 2, 0, 30), [cast.daan])
    read_at(lotte, START + timedelta(hours=1), [cast.mother], object_type="household",
            event_code="household.read")
    read_at(tamara, START + timedelta(hours=2), [cast.noor])  # same organisation as Lotte
    read_at(ruben, local(2026, 12, 1, 23, 30), [cast.noor])
    response = member("sanne").get(URL)
    rvt = "Regionaal Veiligheidsteam Waterland-Noord"
    noorderveld = cast.users["lotte"].memberships.first().organisation.name
    assert groups_of(response) == [
        ("2026-12-02", noorderveld, 2, 0),
        ("2026-12-02", rvt, 4, 0),
        ("2026-12-01", rvt, 1, 0)]
    page = html(response)
    assert "woensdag 2 december 2026" in page and "dinsdag 1 december 2026" in page
    noorderveld_group = response.context["days"][0].groups[0]
    assert noorderveld_group.who_line in (
        "Tamara Meijer (teammanager) en Lotte Visser (hulpverlener)",
        "Lotte Visser (hulpverlener) en Tamara Meijer (teammanager)")
    assert noorderveld_group.what_line in (
        "bekeek een aantekening en bekeek de gegevens van uw gezin",
        "bekeek de gegevens van uw gezin en bekeek een aantekening")
    rvt_group = response.context["days"][0].groups[1]
    assert rvt_group.what_line == "bekeek een aantekening"  # how often: 4 keer, said once
    assert "<strong>Hoe vaak:</strong> 4 keer." in page
    assert "Ruben Bakker (hulpverlener)" in page
    # No codes or ids on the page: words only.
    assert "entry.read" not in page and "00000000-0000-4000" not in page


def test_the_details_keep_every_fact_of_the_old_list(cast, ctx_of, member):
    read_at(ctx_of("ruben"), START, [cast.daan], n=2)
    read_at(ctx_of("ruben"), START + timedelta(minutes=5), [cast.daan])
    page = html(member("sanne").get(URL))
    details = page[page.index("<details"):page.index("</details>")]
    for fact in ("10:05, 10:00, 10:00 (3 keer)", "Ruben Bakker (hulpverlener)",
                 "Regionaal Veiligheidsteam Waterland-Noord", "Verantwoordelijk",
                 "bekeek een aantekening",
                 "Hulpverlening. Werkt in het team van uw gezin.", "Noodtoegang"):
        assert fact in details, fact


def test_summary_lines_stay_short_with_many_people_and_things(cast, ctx_of, member,
                                                              team_member):
    for name in ("anna", "bram", "cees", "dirk"):
        team_member(name, "rvt", "vt_medewerker")
        read_at(ctx_of(name), START, [cast.daan])
    for object_type in ("case", "safety_plan", "consent", "person"):
        read_at(ctx_of("ruben"), START, [cast.daan], object_type=object_type)
    group = member("sanne").get(URL).context["days"][0].groups[0]
    assert group.who_line.endswith(" en nog 2 anderen")
    assert group.what_line.endswith(" en nog 2 andere dingen")
    assert len(group.accesses) == 8  # the details still name each of them


# --- emergency access ------------------------------------------------------------------

def test_emergency_access_is_marked_on_the_group_and_in_the_details(cast, ctx_of, member):
    read_at(ctx_of("ruben"), START, [cast.daan], n=2)
    emergency_read_at(ctx_of("olga"), START, [cast.daan], n=3)
    response = member("sanne").get(URL)
    olga_org = cast.users["olga"].memberships.first().organisation.name
    assert (("2026-12-02", olga_org, 3, 3) in groups_of(response))
    page = html(response)
    assert page.count("pt-card--alert") == 1
    assert "Noodtoegang gebruikt</span>: 3 van de 3 keer" in page
    assert "Olga Smit (hulpverlener)" in page and "Noodtoegang." in page


# --- paging ----------------------------------------------------------------------------

def one_group_a_day(ctx, subjects, days: int):
    for n in range(days):
        read_at(ctx, START - timedelta(days=n), subjects)


def test_a_page_holds_a_fixed_number_of_groups(cast, ctx_of, member):
    one_group_a_day(ctx_of("ruben"), [cast.daan], GROUPS_PER_PAGE + 1)
    client = member("sanne")
    first = client.get(URL)
    assert len(groups_of(first)) == GROUPS_PER_PAGE
    page = html(first)
    assert 'aria-label="Bladeren door de dagen"' in page
    assert 'aria-current="page">Pagina 1 van 2' in page
    assert 'href="?pagina=2" rel="next">Oudere' in page and "Nieuwere" not in page
    second = client.get(URL, {"pagina": "2"})
    assert groups_of(second) == [
        ((START - timedelta(days=GROUPS_PER_PAGE)).date().isoformat(),
         "Regionaal Veiligheidsteam Waterland-Noord", 1, 0)]
    page = html(second)
    assert 'href="?" rel="prev">Nieuwere' in page and "Oudere" not in page
    # Only the records of the page's groups were read (and logged as read).
    oldest = AccessLogRecord.objects.filter(role="professional").order_by("occurred_at")[0]
    assert last_read_ids() == {str(oldest.pk)}


def test_exactly_one_page_of_groups_has_no_paging(cast, ctx_of, member):
    one_group_a_day(ctx_of("ruben"), [cast.daan], GROUPS_PER_PAGE)
    page = html(member("sanne").get(URL))
    assert "Bladeren door de dagen" not in page


@pytest.mark.parametrize("garbage", ["abc", "0", "-1", "1.5", "²", "1e5", "9" * 40, " ", ""])
def test_a_page_number_that_is_not_one_is_page_one(cast, ctx_of, member, garbage):
    one_group_a_day(ctx_of("ruben"), [cast.daan], GROUPS_PER_PAGE + 1)
    response = member("sanne").get(URL, {"pagina": garbage})
    assert response.context["page"].number == 1 and len(groups_of(response)) == GROUPS_PER_PAGE


def test_a_page_past_the_end_is_the_last_page(cast, ctx_of, member):
    one_group_a_day(ctx_of("ruben"), [cast.daan], GROUPS_PER_PAGE + 1)
    response = member("sanne").get(URL, {"pagina": "999999"})
    assert response.context["page"].number == 2 and len(groups_of(response)) == 1


# --- filters ---------------------------------------------------------------------------

def test_filter_on_organisation_keeps_working_across_pages(cast, ctx_of, member):
    ruben = ctx_of("ruben")
    one_group_a_day(ruben, [cast.daan], GROUPS_PER_PAGE + 1)
    one_group_a_day(ctx_of("lotte"), [cast.daan], 3)
    client = member("sanne")
    choices = client.get(URL).context["choices"]
    assert {name for _pk, name in choices} == {
        "Regionaal Veiligheidsteam Waterland-Noord",
        cast.users["lotte"].memberships.first().organisation.name}
    response = client.get(URL, {"organisatie": org_id(ruben)})
    assert {g[1] for g in groups_of(response)} == {"Regionaal Veiligheidsteam Waterland-Noord"}
    older = f'href="?organisatie={org_id(ruben)}&amp;pagina=2" rel="next"'
    assert older in html(response)
    second = client.get(URL, {"organisatie": org_id(ruben), "pagina": "2"})
    assert len(groups_of(second)) == 1 and "selected" in html(second)


def test_filter_on_emergency_access_only(cast, ctx_of, member):
    read_at(ctx_of("ruben"), START, [cast.daan], n=4)
    emergency_read_at(ctx_of("olga"), START - timedelta(days=1), [cast.daan])
    read_at(ctx_of("olga"), START - timedelta(days=1), [cast.daan])  # not emergency
    client = member("sanne")
    response = client.get(URL, {"noodtoegang": "ja"})
    olga_org = cast.users["olga"].memberships.first().organisation.name
    assert groups_of(response) == [("2026-12-01", olga_org, 1, 1)]
    assert "checked" in html(response) and "Alles tonen" in html(response)
    both = client.get(URL, {"noodtoegang": "ja", "organisatie": org_id(ctx_of("ruben"))})
    assert groups_of(both) == []
    assert "Met deze keuze is er niets gevonden." in html(both)


@pytest.mark.parametrize("value", ["onbekend", "00000000-0000-4000-8000-000000000000",
                                   "'; DROP TABLE x; --", "x" * 5000])
def test_an_unknown_organisation_gives_the_whole_list_and_a_message(cast, ctx_of, member,
                                                                    value):
    read_at(ctx_of("ruben"), START, [cast.daan])
    response = member("sanne").get(URL, {"organisatie": value})
    assert len(groups_of(response)) == 1
    assert "Die organisatie staat niet in uw lijst." in html(response)


# --- who sees what: an insider and an outsider per query parameter --------------------

def test_organisation_filter_insider_and_outsiders(cast, ctx_of, member, other_family):
    """GGZ read only about Lieke (17): Lieke can filter on it; her mother, her father and
    another household get the answer of an organisation that does not exist."""
    gert = ctx_of("gert")
    read_at(gert, START, [cast.lieke])
    read_at(ctx_of("ruben"), START, [cast.daan])
    eva_client, eva = other_family
    read_at(ctx_of("olga"), START, [eva])
    insider = member("lieke").get(URL, {"organisatie": org_id(gert)})
    ggz = cast.users["gert"].memberships.first().organisation.name
    assert [g[1] for g in groups_of(insider)] == [ggz]
    assert "Die organisatie staat niet in uw lijst." not in html(insider)
    for client in (member("sanne"), member("mark"), eva_client):
        response = client.get(URL, {"organisatie": org_id(gert)})
        assert org_id(gert) not in {pk for pk, _name in response.context["choices"]}
        assert "Die organisatie staat niet in uw lijst." in html(response)
        assert "Gert Mulder" not in html(response)
    # Eva's own organisation filter works for her and shows nothing of the Jansens.
    eva_page = html(eva_client.get(URL, {"organisatie": org_id(ctx_of("olga"))}))
    assert "Olga Smit" in eva_page and "Ruben Bakker" not in eva_page
    sanne_page = html(member("sanne").get(URL, {"organisatie": org_id(ctx_of("olga"))}))
    assert "Olga Smit" not in sanne_page


def test_emergency_filter_insider_and_outsiders(cast, ctx_of, member, other_family):
    """Emergency access about Daan (14): his mother with gezag and Daan see it; his
    father without gezag, Lieke and another household do not."""
    olga = ctx_of("olga")
    emergency_read_at(olga, START, [cast.daan])
    eva_client, _eva = other_family
    for username in ("sanne", "daan"):
        assert len(groups_of(member(username).get(URL, {"noodtoegang": "ja"}))) == 1, username
    for client in (member("mark"), member("lieke"), eva_client):
        response = client.get(URL, {"noodtoegang": "ja"})
        assert groups_of(response) == []
        assert "Olga Smit" not in html(response)


def test_page_parameter_insider_and_outsiders(cast, ctx_of, member, other_family):
    """A second page of reads about Lieke only: no other member reaches any of it."""
    one_group_a_day(ctx_of("ruben"), [cast.lieke], GROUPS_PER_PAGE + 1)
    read_at(ctx_of("lotte"), START, [cast.noor])
    eva_client, _eva = other_family
    assert len(groups_of(member("lieke").get(URL, {"pagina": "2"}))) == 1
    sanne = member("sanne").get(URL, {"pagina": "2"})
    assert [g[1] for g in groups_of(sanne)] == [
        cast.users["lotte"].memberships.first().organisation.name]
    assert "Ruben Bakker" not in html(sanne)
    for client in (member("mark"), member("daan"), eva_client):
        response = client.get(URL, {"pagina": "2"})
        assert groups_of(response) == [] and "Ruben Bakker" not in html(response)


def test_a_child_sees_its_own_lines_and_the_parent_with_gezag_sees_the_childs(
        cast, ctx_of, member):
    read_at(ctx_of("ruben"), START, [cast.daan])
    read_at(ctx_of("lotte"), START, [cast.noor])
    read_at(ctx_of("gert"), START, [cast.father])
    names = {u: {g[1] for g in groups_of(member(u).get(URL))}
             for u in ("sanne", "daan", "mark")}
    rvt = "Regionaal Veiligheidsteam Waterland-Noord"
    noorderveld = cast.users["lotte"].memberships.first().organisation.name
    ggz = cast.users["gert"].memberships.first().organisation.name
    assert names == {"sanne": {rvt, noorderveld}, "daan": {rvt}, "mark": {ggz}}
