"""Break-the-glass (noodtoegang): an outsider opens a household for a limited time after
writing a reason; the case lead and the privacy officer are told at once."""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerkdossier.access.api import READ, context_for, decide
from netwerkdossier.access.break_glass import start_break_glass
from netwerkdossier.access.models import BreakGlass
from netwerkdossier.accounts.notifications import Notification
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.synthetic.sign_in import next_app_code

REASON = "Moeder belt in paniek met de politie, het team is niet bereikbaar."
BTG_READABLE = {"report", "conversation", "father", "lieke_confidential", "third_party"}
NOT_READABLE = {"org_note", "secrecy", "ggz_shared", "criminal"}


def household_url(cast):
    return reverse("web:household", args=[cast.household.pk])


def start_url(pk):
    return reverse("web:break_glass_start", args=[pk])


def fresh_code(client) -> str:
    """A valid code of the signed-in user's authenticator app, as they would type it."""
    from netwerkdossier.accounts.models import User

    return next_app_code(User.objects.get(pk=client.session["_auth_user_id"]))


def start(client, cast, reason=REASON, **extra):
    data = {"reason": reason, "purpose": "hulpverlening", "understood": "on",
            "code": fresh_code(client), **extra}
    return client.post(start_url(cast.household.pk), data)


def test_outsider_starts_break_glass_and_sees_the_network_picture(login, cast):
    client = login("olga")
    missing = client.get(household_url(cast))
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "Noodtoegang aanvragen" in html and start_url(cast.household.pk) in html

    response = start(client, cast)
    assert response.status_code == 302 and response["Location"] == household_url(cast)
    glass = BreakGlass.objects.get()
    assert (glass.user, glass.household, glass.reason) == (cast.users["olga"], cast.household,
                                                            REASON)
    assert glass.expires_at - glass.started_at == timedelta(hours=4)

    html = client.get(household_url(cast)).content.decode()
    assert "Gezin Jansen" in html
    assert "U gebruikt noodtoegang tot" in html
    assert "Alles wat u ziet wordt gelogd en beoordeeld." in html
    for key in BTG_READABLE:
        assert escape(cast.entries[key].text) in html, key
    for key in NOT_READABLE:
        assert escape(cast.entries[key].text) not in html, key

    start_record = AccessLogRecord.objects.get(event_code="break_glass.start")
    assert (start_record.action, start_record.break_glass, start_record.rule) == (
        "E", True, "break_glass")
    assert start_record.object_ids == [str(cast.household.pk)]
    members = {str(p.pk) for p in (cast.mother, cast.father, cast.noor, cast.daan, cast.lieke)}
    assert set(start_record.subject_ids) == members
    read = AccessLogRecord.objects.get(event_code="household.read", result="granted")
    assert read.break_glass and read.rule == "break_glass"


def test_case_lead_and_privacy_officer_are_notified_without_family_names(login, cast):
    start(login("olga"), cast)
    notes = {n.recipient.username: n for n in Notification.objects.all()}
    assert set(notes) == {"lotte", "priya"}
    for note in notes.values():
        assert "Olga Smit" in note.text and "Wijkteam Zuiderhaven" in note.text
        for name in ("Jansen", "Boer", "Sanne", "Mark", "Noor", "Daan", "Lieke"):
            assert not re.search(rf"\b{name}\b", note.text), name
        assert note.read_at is None
    assert notes["lotte"].link == household_url(cast)
    assert notes["priya"].link == reverse("web:break_glass_queue")


def test_short_reason_gives_a_dutch_error_and_saves_nothing(login, cast):
    client = login("olga")

    def counts():
        return (BreakGlass.objects.count(), Notification.objects.count(),
                AccessLogRecord.objects.count())

    before = counts()
    response = start(client, cast, reason="spoed")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beschrijf waarom u nu toegang nodig hebt (minstens 20 tekens)." in html
    assert counts() == before
    response = client.post(start_url(cast.household.pk), {"reason": "", "purpose": "hulpverlening"})
    html = response.content.decode()
    assert "minstens 20 tekens" in html and "Vink aan dat u begrijpt" in html
    assert counts() == before


def test_form_does_not_reveal_the_household(login, cast):
    response = login("olga").get(start_url(cast.household.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Noodtoegang aanvragen" in html and "een huishouden" in html
    for secret in ("Gezin Jansen", "Jansen", "Lindelaan", "Noorderveld"):
        assert secret not in html, secret
    assert not AccessLogRecord.objects.exists()


def test_team_member_is_told_break_glass_is_not_needed(login, cast):
    client = login("lotte")
    html = client.get(start_url(cast.household.pk)).content.decode()
    assert "U hebt al toegang; noodtoegang is niet nodig." in html
    html = start(client, cast).content.decode()
    assert "U hebt al toegang; noodtoegang is niet nodig." in html
    assert not BreakGlass.objects.exists()
    # Each page named the household: each is a logged read.
    reads = AccessLogRecord.objects.filter(event_code="household.read")
    assert [(r.result, r.rule, r.object_ids) for r in reads] == \
        [("granted", "team", [str(cast.household.pk)])] * 2


def test_privacy_officer_cannot_start_break_glass(login, cast):
    client = login("priya")
    for response in (client.get(start_url(cast.household.pk)), start(client, cast)):
        assert response.status_code == 404
    assert not BreakGlass.objects.exists()
    refused = AccessLogRecord.objects.filter(result="refused", event_code="break_glass.start")
    assert refused.count() == 2
    assert {r.rule for r in refused} == {"no_content_role"}


def test_after_expiry_the_outsider_gets_404_again(login, cast):
    client = login("olga")
    start(client, cast)
    assert client.get(household_url(cast)).status_code == 200
    BreakGlass.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(household_url(cast)).status_code == 404


CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')


def comparable(response, pk):
    """The page body without what differs by design: the CSRF tokens and the id."""
    return CSRF.sub(r"\1CSRF", response.content.decode()).replace(str(pk), "ID")


def test_form_is_the_same_for_unknown_and_unrelated_ids(login, cast):
    """No existence oracle: an unknown id and a household the user cannot see give the
    same page, and neither is logged (the empty form reads nothing)."""
    client = login("olga")
    missing = uuid.uuid4()
    unknown = client.get(start_url(missing))
    known = client.get(start_url(cast.household.pk))
    assert (unknown.status_code, known.status_code) == (200, 200)
    assert unknown.templates[0].name == known.templates[0].name == "web/break_glass_start.html"
    assert comparable(unknown, missing) == comparable(known, cast.household.pk)
    assert "Noodtoegang aanvragen" in unknown.content.decode()
    assert not AccessLogRecord.objects.exists()


def test_invalid_posts_answer_alike_for_unknown_and_unrelated_ids(login, cast):
    client = login("olga")
    missing = uuid.uuid4()
    for data in ({"reason": "spoed", "purpose": "hulpverlening", "understood": "on"},
                 {"reason": REASON, "purpose": "hulpverlening"},
                 {"reason": "", "purpose": "geen"}):
        unknown = client.post(start_url(missing), data)
        known = client.post(start_url(cast.household.pk), data)
        assert (unknown.status_code, known.status_code) == (200, 200), data
        assert comparable(unknown, missing) == comparable(known, cast.household.pk), data
    assert "minstens 20 tekens" in unknown.content.decode()
    assert not AccessLogRecord.objects.exists()
    assert not BreakGlass.objects.exists()


def test_session_purpose_without_content_answers_alike(login, cast):
    """The session-purpose check runs before the household is looked up. A session
    purpose that is not one of hers (a wijkteam works for hulpverlening or
    veiligheidsbeoordeling, not "management") holds nothing: she is asked for her
    purpose first, alike for any id. (Before purposes were derived from the agreements,
    the form answered "Kies eerst een ander doel"; that check itself is
    test_session_purpose_without_content_access_is_refused.)"""
    client = login("olga", purpose="management")
    missing = uuid.uuid4()
    data = {"reason": REASON, "purpose": "hulpverlening", "understood": "on"}
    unknown = client.post(start_url(missing), data)
    known = client.post(start_url(cast.household.pk), data)
    assert (unknown.status_code, known.status_code) == (302, 302)
    assert unknown["Location"] == "/doel?" + urlencode({"next": start_url(missing)})
    assert known["Location"] == "/doel?" + urlencode({"next": start_url(cast.household.pk)})
    assert not BreakGlass.objects.exists() and not AccessLogRecord.objects.exists()


def test_valid_post_for_unknown_id_is_a_logged_404_without_the_reason(login, cast):
    missing = uuid.uuid4()
    client = login("olga")
    response = client.post(start_url(missing), {"reason": REASON, "purpose": "hulpverlening",
                                                "understood": "on",
                                                "code": fresh_code(client)})
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()
    record = AccessLogRecord.objects.get()
    assert (record.event_code, record.action, record.result, record.rule) == (
        "break_glass.start", "E", "refused", "not_found")
    assert record.break_glass  # a reason was written: an attempt at emergency access
    assert record.object_ids == [str(missing)] and record.subject_ids == []
    assert record.username == "olga"
    for value in AccessLogRecord.objects.values().get().values():
        assert "paniek" not in str(value)  # the free-text reason is not logged
    assert not BreakGlass.objects.exists() and not Notification.objects.exists()

    # The same client can still start emergency access to a real household.
    assert start(client, cast).status_code == 302
    assert BreakGlass.objects.get().household == cast.household


def test_roles_without_emergency_access_get_the_logged_404_for_any_id(login, cast):
    client = login("priya")
    missing = uuid.uuid4()
    for pk in (missing, cast.household.pk):
        assert client.get(start_url(pk)).status_code == 404
    refused = AccessLogRecord.objects.filter(result="refused", event_code="break_glass.start")
    assert [(r.rule, r.break_glass) for r in refused] == [("no_content_role", False)] * 2


def test_404_link_only_on_household_paths_and_for_content_roles(login, cast):
    missing = reverse("web:household", args=[uuid.uuid4()])
    html = login("olga").get(missing).content.decode()
    assert "Noodtoegang aanvragen" in html  # shown for any household id: confirms nothing
    html = login("olga").get("/bestaat-niet").content.decode()
    assert "Noodtoegang aanvragen" not in html
    html = login("priya").get(household_url(cast)).content.decode()
    assert "Noodtoegang aanvragen" not in html


def test_notifications_page_marks_read_and_nav_shows_count(login, cast):
    start(login("olga"), cast)
    client = login("lotte")
    html = client.get(reverse("web:worklist")).content.decode()
    assert "Meldingen (1)" in html
    html = client.get(reverse("web:notifications")).content.decode()
    assert "Noodtoegang gebruikt door Olga Smit" in html
    assert not Notification.objects.filter(recipient=cast.users["lotte"],
                                           read_at__isnull=True).exists()
    html = client.get(reverse("web:worklist")).content.decode()
    assert "Meldingen (1)" not in html and "Meldingen" in html


def test_session_purpose_without_content_access_is_refused(cast):
    ctx = context_for(cast.users["olga"], purpose="management")
    with pytest.raises(ValidationError, match="Kies eerst een ander doel"):
        start_break_glass(ctx, cast.household, REASON, purpose="hulpverlening")
    assert not BreakGlass.objects.exists()


def test_banner_shows_while_a_case_table_seat_is_the_named_relation(login, cast):
    from netwerkdossier.access import case_table_bases as bases
    from netwerkdossier.access.models import (
        CaseTableItem,
        CaseTableParticipant,
        CaseTableSession,
    )

    now = timezone.now()
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1), chair=cast.users["lotte"],
        **bases.session_fields(bases.get("mda-veiligheid"), cast.household))
    CaseTableParticipant.objects.create(session=session, user=cast.users["olga"])
    CaseTableItem.objects.create(session=session, entry=cast.entries["conversation"])
    client = login("olga")
    assert "U gebruikt noodtoegang" not in client.get(household_url(cast)).content.decode()
    assert start(client, cast).status_code == 302
    html = client.get(household_url(cast)).content.decode()
    assert "U gebruikt noodtoegang tot" in html


def test_reads_under_emergency_access_are_logged_as_noodtoegang(login, cast, client):
    """The relation that opened the page decides the logged purpose: a read through
    emergency access is "noodtoegang", whatever purpose the session states."""
    olga = login("olga", purpose="veiligheidsbeoordeling")
    start(olga, cast, purpose="hulpverlening")
    olga.get(household_url(cast))
    olga.get(reverse("web:entry", args=[cast.entries["report"].pk]))
    begun = AccessLogRecord.objects.get(event_code="break_glass.start")
    assert begun.purpose == "hulpverlening"  # the purpose declared for the emergency
    reads = list(AccessLogRecord.objects.filter(
        username="olga", event_code__in=["household.read", "entry.list", "entry.read"]))
    assert {r.event_code for r in reads} == {"household.read", "entry.list", "entry.read"}
    assert {(r.purpose, r.break_glass, r.result) for r in reads} == {
        ("noodtoegang", True, "granted")}

    # A team member's read of the same page keeps the purpose of their work.
    client.logout()
    login("lotte").get(household_url(cast))
    team_read = AccessLogRecord.objects.filter(username="lotte",
                                               event_code="household.read").get()
    assert (team_read.purpose, team_read.break_glass) == ("hulpverlening", False)


def test_noodtoegang_cannot_be_chosen_as_a_purpose(login, cast):
    client = login("olga", purpose=None)
    response = client.post(reverse("web:purpose"), {"purpose": "noodtoegang", "next": "/"})
    assert response.status_code == 200 and "purpose" not in client.session
    # Nor does a context stated with it read anything.
    ctx = context_for(cast.users["lotte"], purpose="noodtoegang")
    assert not decide(ctx, READ, cast.household).allowed


def test_the_purpose_of_an_emergency_access_is_never_preselected(cast, login):
    client = login("olga")
    page = client.get(start_url(cast.household.pk)).content.decode()
    select = page.split('id="id_purpose"')[1].split("</select>")[0]
    assert select.count("selected") == 1 and '<option value="" selected>' in select
    response = client.post(start_url(cast.household.pk), {"reason": "x" * 40,
                                                          "understood": "on"})
    assert "Kies waarvoor u de gegevens nodig hebt." in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_emergency_access_asks_for_a_fresh_code(login, cast):
    client = login("olga")
    for code, message in (("", "Vul de code uit uw authenticator-app in."),
                          ("000000", "De code uit uw authenticator-app klopt niet")):
        response = client.post(start_url(cast.household.pk), {
            "reason": REASON, "purpose": "hulpverlening", "understood": "on", "code": code})
        assert response.status_code == 200
        assert message in response.content.decode()
        TOTPDevice.objects.get(user=cast.users["olga"]).throttle_reset()
    assert not BreakGlass.objects.exists() and not AccessLogRecord.objects.exists()
    assert start(client, cast).status_code == 302
    assert BreakGlass.objects.filter(user=cast.users["olga"]).exists()
