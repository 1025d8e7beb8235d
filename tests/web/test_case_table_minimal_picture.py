"""A case-table seat shows the agreed minimal picture of the household, nothing around it
(decision 0018): the name, a notice with the session's times, the members by name, age
and relation, and the shared entries on the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access.models import (
    BreakGlass,
    CaseTableItem,
    CaseTableParticipant,
    CaseTableSession,
)
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.households.models import HouseholdMember

pytestmark = pytest.mark.django_db

SHARED = ("conversation",)


def open_seat(cast, *, username="olga", shared=SHARED, started=timedelta(minutes=30),
              duration=timedelta(hours=2), basis="mda-veiligheid"):
    """A running session about the cast's household with a seat for `username`, sharing
    the given entries (shared with the API tests)."""
    start = timezone.now() - started
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++ overleg", starts_at=start,
        ends_at=start + duration, chair=cast.users["lotte"],
        **bases.session_fields(bases.get(basis), cast.household))
    CaseTableParticipant.objects.create(session=session, user=cast.users[username])
    for key in shared:
        CaseTableItem.objects.create(session=session, entry=cast.entries[key])
    return session


def end(session):
    now = timezone.now()
    CaseTableSession.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=5), ends_at=now - timedelta(hours=3))


def join_team(cast, username="olga"):
    user = cast.users[username]
    TeamAssignment.objects.create(case=cast.case, user=user, role="consultant",
                                  organisation=user.memberships.get().organisation)


def household_url(cast):
    return reverse("web:household", args=[cast.household.pk])


def family(cast):
    return (cast.mother, cast.father, cast.noor, cast.daan, cast.lieke)


# What the minimal picture never shows (texts of the full page).
def hidden_texts(cast):
    return [
        "Lindelaan 12", "1741 AB",                                  # address
        *(p.birth_date.strftime("%d-%m-%Y") for p in family(cast)),  # birth dates
        "Gezag:", "Gezag beëindigd", "Woont hier",                  # gezag, composition
        cast.case.title, "Voortgang in de fase bespreken", "Eerstvolgende termijn",  # cases
        "Ruben Bakker", "Gert Mulder",                              # the team
        reverse("safety:report", args=[cast.household.pk]),
        reverse("web:case_tables", args=[cast.household.pk]),
        reverse("web:consent", args=[cast.noor.pk]),
        reverse("safety:plan", args=[cast.case.pk]),
        reverse("collaboration:team", args=[cast.case.pk]),
        reverse("analysis:analysis", args=[cast.household.pk]),
        reverse("web:entry_add", args=[cast.household.pk]),
        'name="organisatie"',  # the involved organisations (e.g. GGZ) as a filter
    ]


def test_seat_shows_the_shared_item_and_the_notice_only(login, cast):
    session = open_seat(cast)
    response = login("olga").get(household_url(cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert cast.entries["conversation"].text in html
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    assert f"U neemt deel aan de casustafel van {starts.day} " in html
    assert f"{starts:%H:%M} tot " in html and f"{ends:%H:%M} uur." in html
    assert "U ziet alleen wat voor deze casustafel is gedeeld." in html
    assert "Waarom zie ik dit?" in html and "minimale beeld" in html
    assert reverse("collaboration:meeting", args=[session.pk]) in html
    for person in family(cast):  # the current members by name, age and relation
        assert person.full_name in html
    assert "9 jaar" in html and "Kind" in html and "Ouder" in html
    for text in hidden_texts(cast):
        assert text not in html, text
    for key in ("report", "org_note", "father", "ggz_shared", "third_party", "criminal"):
        assert cast.entries[key].text not in html

    record = AccessLogRecord.objects.get(event_code="household.read")
    assert record.result == "granted" and record.rule == "case_table"
    assert set(record.subject_ids) == {str(p.pk) for p in family(cast)}


def test_a_session_across_midnight_names_both_dates(login, cast):
    session = open_seat(cast, started=timedelta(minutes=1), duration=timedelta(hours=8))
    html = login("olga").get(household_url(cast)).content.decode()
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    if starts.date() == ends.date():
        assert f"tot {ends:%H:%M} uur." in html
    else:
        assert f"{ends.year}, {ends:%H:%M} uur." in html


def test_former_member_only_when_a_shared_entry_is_about_them(login, cast):
    HouseholdMember.objects.filter(household=cast.household, person=cast.father).update(
        valid_to=timezone.localdate() - timedelta(days=30))
    session = open_seat(cast)
    client = login("olga")
    assert cast.father.full_name not in client.get(household_url(cast)).content.decode()

    CaseTableItem.objects.create(session=session, entry=cast.entries["father"])
    html = client.get(household_url(cast)).content.decode()
    assert cast.father.full_name in html
    assert "hoort niet meer bij dit huishouden" in html
    assert cast.entries["father"].text in html
    assert cast.father.birth_date.strftime("%d-%m-%Y") not in html


def test_the_same_user_on_the_team_sees_everything(login, cast):
    open_seat(cast)
    join_team(cast)
    html = login("olga").get(household_url(cast)).content.decode()
    assert "U neemt deel aan de casustafel" not in html
    for text in ("Lindelaan 12", cast.case.title, "Ruben Bakker", "Gezag:",
                 cast.noor.birth_date.strftime("%d-%m-%Y")):
        assert text in html, text
    assert AccessLogRecord.objects.get(event_code="household.read").rule == "team"


def test_emergency_access_next_to_a_seat_shows_the_emergency_page(login, cast):
    open_seat(cast)
    now = timezone.now()
    user = cast.users["olga"]
    BreakGlass.objects.create(user=user, organisation=user.memberships.get().organisation,
                              household=cast.household, reason="Kind alleen thuis aangetroffen",
                              purpose="hulpverlening", started_at=now,
                              expires_at=now + timedelta(hours=4))
    html = login("olga").get(household_url(cast)).content.decode()
    assert "U gebruikt noodtoegang tot" in html
    assert "U neemt deel aan de casustafel" not in html


def test_after_the_session_a_logged_404(login, cast):
    session = open_seat(cast)
    client = login("olga")
    assert client.get(household_url(cast)).status_code == 200
    end(session)
    assert client.get(household_url(cast)).status_code == 404
    record = AccessLogRecord.objects.filter(event_code="household.read").order_by("-id").first()
    assert record.result == "refused" and record.rule == "not_related"
    assert record.object_ids == [str(cast.household.pk)]


def test_timeline_partial_for_a_seat(login, cast):
    open_seat(cast)
    url = reverse("web:timeline", args=[cast.household.pk])
    response = login("olga").get(url, {"lid": str(cast.noor.pk)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert cast.entries["conversation"].text in html
    assert cast.entries["report"].text not in html  # also about Noor, not shared


# --- search: a seat opens no person's record ---------------------------------------------

def search(client, q):
    return client.get(reverse("web:search"), {"q": q}).content.decode()


def test_a_seat_cannot_probe_the_involved_organisations_by_filter(login, cast):
    """The organisation filter would accept only organisations that were ever on the
    team or led a case; a seat that guesses an id must not learn from the answer that
    one is involved (e.g. GGZ or the police)."""
    from netwerkdossier.web.timeline import involved_organisations

    open_seat(cast)
    shared = cast.entries["conversation"]
    involved = [pk for pk, _name in involved_organisations(cast.household)
                if pk != shared.owner_organisation_id]
    assert involved  # the cast has organisations besides the one that shared
    client = login("olga")
    partial = reverse("web:timeline", args=[cast.household.pk])
    for pk in involved:
        html = client.get(household_url(cast), {"organisatie": str(pk)}).content.decode()
        assert shared.text in html, pk
        html = client.get(partial, {"organisatie": str(pk)},
                          HTTP_HX_REQUEST="true").content.decode()
        assert shared.text in html, pk


def test_search_finds_the_household_by_name_but_no_persons(login, cast):
    open_seat(cast)
    html = search(login("olga"), "Jansen")
    assert "Geen personen gevonden die u mag zien." in html
    assert "Gezin Jansen" in html
    assert cast.noor.birth_date.strftime("%d-%m-%Y") not in html
    assert not AccessLogRecord.objects.filter(event_code="person.search").exists()
    assert AccessLogRecord.objects.get(event_code="household.search").object_ids == \
        [str(cast.household.pk)]


@pytest.mark.parametrize("query", ["111222333", "Jansen 111222333"])
def test_search_by_bsn_or_birth_date_finds_nothing_through_a_seat(login, cast, query):
    open_seat(cast)
    client = login("olga")
    for q in (query, cast.noor.birth_date.strftime("%d-%m-%Y")):
        html = search(client, q)
        assert "Gezin Jansen" not in html and cast.noor.full_name not in html
    assert not AccessLogRecord.objects.filter(
        event_code__in=("person.search", "household.search")).exists()


def test_search_finds_no_former_member_through_a_seat(login, cast):
    HouseholdMember.objects.filter(household=cast.household, person=cast.father).update(
        valid_to=timezone.localdate() - timedelta(days=30))
    open_seat(cast)
    assert "Gezin Jansen" not in search(login("olga"), "Mark Boer")


def test_team_search_is_unchanged(login, cast):
    open_seat(cast)
    html = search(login("lotte"), "111222333")
    assert cast.mother.full_name in html and "Gezin Jansen" in html
    assert household_item(html).endswith(f'<span class="nd-muted">{PLACE}</span>')


PLACE = "Noorderveld"  # the cast household's municipality


def household_item(html: str) -> str:
    """The search page's list item of the cast's household (its link and what follows)."""
    start = html.index("Gezin Jansen</a>")
    return html[start:html.index("</li>", start)]


def seat_of_the_police(cast, team_member):
    """A police officer whose only relation with the household is a running seat."""
    user = team_member("pieter", "politie", "wijkagent")
    TeamAssignment.objects.filter(user=user).delete()
    return open_seat(cast, username="pieter")


@pytest.mark.parametrize("who", ["olga", "pieter"])
def test_search_through_a_seat_names_the_household_but_not_where_it_lives(
        login, cast, team_member, who):
    """The minimal picture leaves the address out (decision 0018); the municipality is
    part of it, on the search page as on the household page."""
    if who == "pieter":
        seat_of_the_police(cast, team_member)
        client = login(who, "veiligheidsbeoordeling")
    else:
        open_seat(cast)
        client = login(who)
    html = search(client, "Jansen")
    assert household_item(html) == "Gezin Jansen</a> "
    assert PLACE not in html


def noor_in_a_household_of_olga(cast):
    """Olga registered a household of her own in which Noor also lives."""
    from netwerkdossier.households.models import Household

    user = cast.users["olga"]
    own = Household.objects.create(name="Gezin Noor elders", municipality="Zuiderhaven",
                                   region=cast.household.region,
                                   owner_organisation=user.memberships.get().organisation,
                                   created_by=user)
    HouseholdMember.objects.create(household=own, person=cast.noor, relation="child",
                                   valid_from=timezone.localdate() - timedelta(days=10))
    return own


def test_a_person_in_another_household_shows_no_membership_of_the_seat(login, cast):
    """Olga works with Noor in a household of her own; the seat adds no membership line."""
    noor_in_a_household_of_olga(cast)
    open_seat(cast)
    html = search(login("olga"), "Noor")
    assert "Gezin Noor elders" in html
    assert reverse("web:household", args=[cast.household.pk]) not in html.split(
        "Huishoudens</h2>")[0]
