"""Worklist signals about what others did in the user's households (cases/worklist_news.py,
access/signals.py): each fires when it should, stays silent when not, and stays silent
for the team member who may not read what it is about."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.access.break_glass import start_break_glass
from netwerkdossier.access.models import BreakGlass, CaseTableParticipant, CaseTableSession
from netwerkdossier.accounts.models import User
from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse
from netwerkdossier.cases.worklist_news import NEW_DAYS
from netwerkdossier.dossier.models import Confidentiality, Entry, EntryKind
from netwerkdossier.organisations.models import Membership
from netwerkdossier.portal.models import CorrectionRequest, OwnStatement


def signals(login, username) -> dict:
    """data-signal code -> the signal's HTML on the user's worklist."""
    html = login(username).get(reverse("web:worklist")).content.decode()
    return {m.group(1): m.group(2) for m in re.finditer(
        r'data-signal="([a-z_]+)">(.*?)</span>', html)}


def statement(cast, entry_key, days_ago=0):
    return OwnStatement.objects.create(
        entry=cast.entries[entry_key], person=cast.mother, written_by=cast.users["lotte"],
        text="Dit klopt niet, ik was die dag bij mijn zus.",
        created_at=timezone.now() - timedelta(days=days_ago))


def request(cast, entry_key, status=CorrectionRequest.Status.OPEN):
    entry = cast.entries[entry_key]
    now = timezone.now()
    return CorrectionRequest.objects.create(
        entry=entry, owner_organisation_id=entry.owner_organisation_id, kind="correctie",
        reason="Dit is niet gezegd.", person=cast.mother, requested_by=cast.users["lotte"],
        received_at=now, deadline=timezone.localdate() + timedelta(days=30), status=status,
        entry_kind=entry.kind, entry_date=timezone.localdate())


# --- own statements ---------------------------------------------------------------------

def test_new_statement_links_to_the_entry(login, cast):
    statement(cast, "conversation")
    found = signals(login, "lotte")
    assert "Nieuwe eigen verklaring van het gezin" in found["eigen_verklaring"]
    assert reverse("web:entry", args=[cast.entries["conversation"].pk]) in \
        found["eigen_verklaring"]


def test_old_statement_is_no_news(login, cast):
    statement(cast, "conversation", days_ago=NEW_DAYS + 1)
    assert "eigen_verklaring" not in signals(login, "lotte")


def test_statement_on_a_ggz_entry_only_for_who_reads_the_entry(login, cast):
    statement(cast, "secrecy")  # GGZ, professional secrecy
    assert "eigen_verklaring" in signals(login, "gert")
    assert "eigen_verklaring" not in signals(login, "lotte")
    assert "eigen_verklaring" not in signals(login, "ruben")


# --- correction requests ------------------------------------------------------------------

def test_open_request_links_to_where_it_is_answered(login, cast):
    made = request(cast, "org_note")  # wijkteam, organisation level
    found = signals(login, "lotte")
    assert "Correctieverzoek van het gezin: antwoord uiterlijk" in found["correctieverzoek"]
    assert reverse("portal_staff:request", args=[made.pk]) in found["correctieverzoek"]
    # RVT neither owns the entry nor may read it.
    assert "correctieverzoek" not in signals(login, "ruben")


def test_answered_request_is_silent(login, cast):
    request(cast, "conversation", status=CorrectionRequest.Status.REFUSED)
    assert "correctieverzoek" not in signals(login, "lotte")


def test_request_on_a_ggz_entry_goes_to_ggz_only(login, cast):
    request(cast, "secrecy")
    assert "correctieverzoek" in signals(login, "gert")
    assert "correctieverzoek" not in signals(login, "lotte")


def test_late_request_says_so(login, cast):
    made = request(cast, "conversation")
    CorrectionRequest.objects.filter(pk=made.pk).update(
        deadline=timezone.localdate() - timedelta(days=2))
    assert "te laat" in signals(login, "lotte")["correctieverzoek"]


# --- disputes of the integral analysis --------------------------------------------------

def _analysis(cast, number=1):
    return AnalysisVersion.objects.create(
        household=cast.household, case=cast.case, number=number, content={"items": []},
        created_by=cast.users["lotte"], owner_organisation=cast.case.lead_organisation)


def _respond(cast, version, agrees, days_ago=0):
    return FamilyResponse.objects.create(
        version=version, household=cast.household, person=cast.mother, agrees=agrees,
        text="" if agrees else "Ik herken mij hier niet in.", channel="portal",
        recorded_by=cast.users["lotte"],
        recorded_at=timezone.now() - timedelta(days=days_ago))


def test_dispute_fires_and_links_to_the_analysis(login, cast):
    _respond(cast, _analysis(cast), agrees=False)
    found = signals(login, "lotte")
    assert "Gezinslid betwist de integrale analyse" in found["betwist"]
    assert reverse("analysis:analysis", args=[cast.household.pk]) in found["betwist"]
    # GGZ may not read the analysis nor the response (no consent of everyone).
    assert "betwist" not in signals(login, "gert")


def test_dispute_is_silent_once_cosigned_or_answered_by_a_new_version(login, cast):
    version = _analysis(cast)
    _respond(cast, version, agrees=False, days_ago=2)
    _respond(cast, version, agrees=True, days_ago=1)
    assert "betwist" not in signals(login, "lotte")
    other = _analysis(cast, number=2)
    _respond(cast, other, agrees=False, days_ago=2)
    assert "betwist" in signals(login, "lotte")
    _analysis(cast, number=3)
    assert "betwist" not in signals(login, "lotte")


def test_old_dispute_is_no_news(login, cast):
    _respond(cast, _analysis(cast), agrees=False, days_ago=NEW_DAYS + 1)
    assert "betwist" not in signals(login, "lotte")


# --- new reports ----------------------------------------------------------------------------

def report(cast, author, **fields):
    user = cast.users[author]
    membership = user.memberships.first()
    entry = Entry(household=cast.household, kind=EntryKind.REPORT,
                  text="Nieuwe melding van de huisarts over de kinderen.",
                  occurred_at=timezone.now(), author=user,
                  author_discipline=membership.discipline,
                  owner_organisation=membership.organisation,
                  confidentiality=fields.pop("confidentiality", Confidentiality.NETWERK),
                  legal_basis="wmo_vt", **fields)
    entry.root_id = entry.id
    entry.save()
    entry.subjects.set([cast.mother])
    return entry


def test_new_report_on_a_known_household(login, cast):
    made = report(cast, "ruben")
    found = signals(login, "lotte")
    assert "Nieuwe melding over dit gezin" in found["nieuwe_melding"]
    assert reverse("web:entry", args=[made.pk]) in found["nieuwe_melding"]
    assert "nieuwe_melding" not in signals(login, "ruben")  # his own report


def test_report_the_reader_may_not_read_is_silent(login, cast):
    report(cast, "ruben", criminal_data=True)
    assert "nieuwe_melding" not in signals(login, "lotte")
    assert "nieuwe_melding" not in signals(login, "gert")


def test_the_report_that_opened_the_case_is_no_news(login, cast):
    # The cast's report was recorded today about the day the case was opened.
    assert "nieuwe_melding" not in signals(login, "lotte")


# --- emergency access -------------------------------------------------------------------------

def test_emergency_access_by_an_outsider_tells_the_casusregisseur(login, cast):
    start_break_glass(context_for(cast.users["olga"]), cast.household,
                      "Nachtelijke melding, ik moet weten wie er woont.")
    found = signals(login, "lotte")
    assert "Noodtoegang door iemand buiten het team" in found["noodtoegang"]
    assert reverse("web:household", args=[cast.household.pk]) in found["noodtoegang"]
    assert "Olga" not in found["noodtoegang"]
    # Only the casusregisseur is told (as break_glass notifies); not the vast duo.
    assert "noodtoegang" not in signals(login, "ruben")
    assert "noodtoegang" not in signals(login, "gert")


def test_old_emergency_access_is_no_news(login, cast):
    long_ago = timezone.now() - timedelta(days=NEW_DAYS + 1)
    BreakGlass.objects.create(user=cast.users["olga"], household=cast.household,
                              organisation=cast.users["olga"].memberships.first().organisation,
                              reason="Lang geleden.", purpose="hulpverlening",
                              started_at=long_ago, expires_at=long_ago + timedelta(hours=8))
    assert "noodtoegang" not in signals(login, "lotte")


# --- relations that are no team ----------------------------------------------------------------

def test_seat_and_emergency_access_give_no_worklist_and_no_signals(login, cast):
    statement(cast, "conversation")
    request(cast, "conversation")
    report(cast, "ruben")
    seat = User.objects.create(username="seat", first_name="Sam", last_name="Zetel")
    Membership.objects.create(user=seat, organisation=cast.skeleton.wijkteams["Zuiderhaven"],
                              role=Membership.Role.PROFESSIONAL,
                              discipline="maatschappelijk_werker",
                              valid_from=timezone.localdate() - timedelta(days=30))
    now = timezone.now()
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1), chair=cast.users["lotte"])
    CaseTableParticipant.objects.create(session=session, user=seat)
    cast.users["seat"] = seat
    start_break_glass(context_for(cast.users["olga"]), cast.household,
                      "Nachtelijke melding, ik moet weten wie er woont.")
    for username in ("seat", "olga"):
        html = login(username).get(reverse("web:worklist")).content.decode()
        assert "data-signal" not in html and "Gezin Jansen" not in html
