"""Case tables: plan a session with a minimal picture; participants read only that,
only during the session."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerkdossier.access.models import CaseTableItem, CaseTableSession
from netwerkdossier.audit.models import AccessLogRecord

pytestmark = pytest.mark.django_db


def place_of(cast, username: str) -> str:
    """The staff picker's value for a persona: their place (membership), or the text
    itself for a name that is no one's."""
    user = cast.users.get(username)
    return str(user.memberships.get().pk) if user else username


def _going_on_now(hours: int) -> tuple:
    """A session going on now that starts and ends on one local day (the form has one
    date): the default before, a run around midnight failed with "De eindtijd moet na
    de begintijd liggen". In the last minute of a day there is no such session: wait
    for the next day."""
    now = timezone.localtime()
    if (now.hour, now.minute) == (23, 59):
        time.sleep(61 - now.second)
        now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(midnight, now - timedelta(minutes=30))
    return start, min(start + timedelta(hours=hours), midnight + timedelta(hours=23, minutes=59))


def _data(cast, entries, *, participants="olga", start=None, hours=2, title="MDA++ overleg",
          basis="mda-veiligheid"):
    if start is None:
        start, end = _going_on_now(hours)
    else:
        end = start + timedelta(hours=hours)
    return {"title": title, "basis": basis, "start_date": start.strftime("%Y-%m-%d"),
            "start_time": start.strftime("%H:%M"), "end_time": end.strftime("%H:%M"),
            "participants": [place_of(cast, u) for u in participants.split()],
            "entries": [str(e.pk) for e in entries]}


def url(cast):
    return reverse("web:case_tables", args=[cast.household.pk])


def test_lotte_plans_a_session_and_olga_sees_only_the_minimal_picture(login, cast):
    picked = cast.entries["conversation"]
    lotte = login("lotte")
    assert picked.text[:40] in lotte.get(url(cast)).content.decode()
    response = lotte.post(url(cast), _data(cast, [picked]))
    assert response.status_code == 302, response.content.decode()
    session = CaseTableSession.objects.get()
    assert list(CaseTableItem.objects.values_list("entry_id", flat=True)) == [picked.pk]
    record = AccessLogRecord.objects.get(event_code="casetable.create")
    assert str(picked.pk) in record.object_ids

    olga = login("olga")
    page = olga.get(reverse("web:household", args=[cast.household.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert picked.text in html
    for key in ("report", "org_note", "father", "ggz_shared", "third_party"):
        assert cast.entries[key].text not in html
    assert "Wilt u meer weten?" not in html  # no placeholders for a case-table seat
    detail = olga.get(reverse("web:entry", args=[picked.pk]))
    assert detail.status_code == 200 and "casustafel" in detail.content.decode()
    assert olga.get(reverse("web:entry", args=[cast.entries["report"].pk])).status_code \
        == 404
    # Participants read; they do not manage case tables.
    assert olga.get(url(cast)).status_code == 404

    # After the window, nothing.
    CaseTableSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=5), ends_at=timezone.now() - timedelta(hours=3))
    assert olga.get(reverse("web:household", args=[cast.household.pk])).status_code == 404
    assert olga.get(reverse("web:entry", args=[picked.pk])).status_code == 404


@pytest.mark.parametrize("change,message", [
    ({"hours": 9}, "Een casustafel duurt hoogstens 8 uur."),
    ({"participants": ""}, "Kies minstens één deelnemer."),
    ({"participants": "niemand"}, "Kies de deelnemers uit de lijst"),
    # The privacy officer reads no dossier content: she is no place in the staff picker.
    ({"participants": "priya"}, "Kies de deelnemers uit de lijst"),
])
def test_bad_input_is_refused_in_dutch(login, cast, change, message):
    start = timezone.localtime().replace(hour=8, minute=0) + timedelta(days=1)
    data = _data(cast, [cast.entries["conversation"]], start=start, **change)
    response = login("lotte").post(url(cast), data)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not CaseTableSession.objects.exists()


def test_end_before_start(login, cast):
    start = timezone.localtime().replace(hour=14, minute=0) + timedelta(days=1)
    data = _data(cast, [cast.entries["conversation"]], start=start)
    data["end_time"] = "13:00"
    response = login("lotte").post(url(cast), data)
    assert "De eindtijd moet na de begintijd liggen." in response.content.decode()
    assert not CaseTableSession.objects.exists()


def test_no_entries_and_unreadable_entries(login, cast):
    client = login("lotte")
    response = client.post(url(cast), _data(cast, []))
    assert "Kies minstens één aantekening" in response.content.decode()
    # gert may not read lotte's organisation-only note, so he cannot share it.
    response = login("gert").post(url(cast), _data(cast, [cast.entries["org_note"]]))
    assert response.status_code == 200
    assert not CaseTableSession.objects.exists()
    # The service refuses it even if posted around the form.
    from django.core.exceptions import ValidationError

    from netwerkdossier.access.api import context_for
    from netwerkdossier.access.case_table_service import create_session

    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        create_session(context_for(cast.users["gert"]), cast.household, title="x",
                       starts_at=now, ends_at=now + timedelta(hours=1), usernames=["olga"],
                       entry_ids=[cast.entries["org_note"].pk], basis="mda-veiligheid")
    assert "zelf mag lezen" in str(caught.value.message_dict["entries"])


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_a_refusal_in_the_log(login, cast, method):
    response = getattr(login("olga"), method)(url(cast), _data(cast, [cast.entries["report"]]))
    assert response.status_code == 404
    record = AccessLogRecord.objects.get()
    assert record.result == "refused" and record.object_ids == [str(cast.household.pk)]
    assert record.action == ("C" if method == "post" else "R")
    assert not CaseTableSession.objects.exists()


# --- the basis (issue 10, point 4) -------------------------------------------------------

def test_the_basis_has_no_preselected_option(login, cast):
    html = login("lotte").get(url(cast)).content.decode()
    radios = [line for line in html.splitlines() if 'name="basis"' in line]
    assert len(radios) == 3
    assert not any("checked" in r for r in radios)
    assert "Grondslag en doel" in html
    # Each option says its purpose, legal basis, who may sit at the table and what it allows.
    assert "Grondslag: Wet gegevensverwerking door samenwerkingsverbanden" in html
    assert "Aan tafel: Lokaal (wijk)team, Regionaal veiligheidsteam" in html


def test_without_a_chosen_basis_nothing_is_saved(login, cast):
    response = login("lotte").post(url(cast), _data(cast, [cast.entries["conversation"]],
                                                    basis=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies op welke grondslag de casustafel wordt gehouden" in html
    assert 'href="#id_basis_0"' in html  # the error summary leads to the first option
    assert not CaseTableSession.objects.exists()


def test_leak_local_team_cannot_share_the_ggz_entry_or_seat_the_police(login, cast):
    from tests.access.test_case_table_basis import police_officer

    police_officer(cast)
    ggz = cast.entries["ggz_shared"]
    client = login("lotte")
    # Not offered: it is the GGZ's entry, though lotte may read it.
    assert ggz.text[:40] not in client.get(url(cast)).content.decode()
    response = client.post(url(cast), _data(cast, [ggz], participants="pieter",
                                            basis="mda-veiligheid"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alleen de organisatie die een aantekening schreef" in html
    assert "Pieter" in html and "(Politie)" in html and "pieter (" not in html
    assert not CaseTableSession.objects.exists()
    police = login("pieter")
    assert police.get(reverse("web:entry", args=[ggz.pk])).status_code == 404


def test_owner_shares_health_only_on_a_basis_that_names_it(login, cast):
    ggz = cast.entries["ggz_shared"]
    client = login("gert")
    assert "[gezondheidsgegevens]" in client.get(url(cast)).content.decode()
    response = client.post(url(cast), _data(cast, [ggz], participants="lotte",
                                            basis="mda-veiligheid"))
    assert "staat geen gezondheidsgegevens aan tafel toe" in response.content.decode()
    assert not CaseTableSession.objects.exists()
    response = client.post(url(cast), _data(cast, [ggz], participants="lotte",
                                            basis="mda-zorg-toestemming"))
    assert response.status_code == 302
    session = CaseTableSession.objects.get()
    assert (session.basis, session.legal_basis, session.purpose) == (
        "mda-zorg-toestemming", "toestemming", "hulpverlening")
    page = client.get(url(cast)).content.decode()
    assert "Toestemming betrokkene" in page


def test_seat_of_a_kind_the_basis_does_not_name_is_refused(login, cast):
    response = login("lotte").post(url(cast), _data(
        cast, [cast.entries["conversation"]], participants="gert",
        basis="zorg-en-veiligheidshuis"))
    assert response.status_code == 200
    assert "Gert Mulder (GGZ)" in response.content.decode()
    assert not CaseTableSession.objects.exists()


# --- choosing the seat holders by name (the staff picker, issue 13 point 2) ----------

def test_form_never_asks_for_login_names(login, cast):
    html = login("lotte").get(url(cast)).content.decode().lower()
    assert "gebruikersna" not in html and 'data-staff-picker="multi"' in html


def test_search_without_script_offers_matches_and_keeps_what_was_typed(login, cast):
    data = _data(cast, [cast.entries["conversation"]], participants="ruben",
                 title="Overleg na melding")
    data.update({"deelnemer_zoek": "Olga", "zoek_deelnemers": "1"})
    response = login("lotte").post(url(cast), data)
    html = response.content.decode()
    assert response.status_code == 200 and not CaseTableSession.objects.exists()
    assert "1 professional gevonden: vink aan wie meedoet." in html
    assert "Olga Smit — Wijkteam Zuiderhaven" in html
    assert f'value="{place_of(cast, "ruben")}" id="id_participants_0" checked' in html \
        or 'checked' in html.split("Ruben Bakker")[0].rsplit("<input", 1)[1]
    assert 'value="Overleg na melding"' in html  # the rest of the form is kept
    assert "Er is iets niet goed ingevuld" not in html  # a search is no failed save


def test_a_typed_name_saved_without_choosing_is_added_when_it_is_one_person(login, cast):
    data = _data(cast, [cast.entries["conversation"]], participants="ruben")
    data["deelnemer_zoek"] = "Olga Smit"
    assert login("lotte").post(url(cast), data).status_code == 302
    session = CaseTableSession.objects.get()
    assert {p.user.username for p in session.participants.all()} == {"ruben", "olga"}


def test_a_typed_name_matching_several_is_not_saved(login, cast):
    data = _data(cast, [cast.entries["conversation"]], participants="ruben")
    data["deelnemer_zoek"] = "wijkteam"
    html = login("lotte").post(url(cast), data).content.decode()
    assert "Meer dan één professional past bij" in html
    assert "Olga Smit — Wijkteam Zuiderhaven" in html  # offered as a box to tick
    assert not CaseTableSession.objects.exists()


@pytest.mark.parametrize("kind,discipline,purpose", [
    ("politie", "politie", "veiligheidsbeoordeling"),
    ("rvdk", "raadsonderzoeker", "advies_rechter")])
def test_a_team_member_of_a_kind_without_a_seat_sees_that_a_table_exists_not_its_title(
        login, cast, team_member, kind, discipline, purpose):
    """The session itself is decided as its meeting record is (seat kinds, decision
    0024): the police or the Raad in the team learn that a table met and who sat at it
    (coordination), not the title the chair typed, what was shared, or a link to a
    record they would get a 404 on."""
    title = "MDA++ zorgen om psychose moeder"
    assert login("lotte").post(url(cast), _data(cast, [cast.entries["conversation"]],
                                                 title=title)).status_code == 302
    session = CaseTableSession.objects.get(title=title)
    # In the team with a role that works on the household (not as a consultant, who
    # may not open this page at all).
    team_member("tess", kind, discipline).assignments.update(role="vast_gezicht")
    page = login("tess", purpose).get(url(cast)).content.decode()
    assert title not in page
    assert reverse("collaboration:meeting", args=[session.pk]) not in page
    assert "Olga" in page  # who sits at the table
    assert "Alleen voor de organisaties aan deze casustafel" in page
    lotte_page = login("lotte").get(url(cast)).content.decode()
    assert title in lotte_page  # a kind with a seat reads it all
    assert reverse("collaboration:meeting", args=[session.pk]) in lotte_page
