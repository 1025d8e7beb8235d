"""Feedback to the professional reporter (terugkoppeling aan de melder), per moment of
rules/reporter_feedback.toml: due appears when the case passes the moment, disappears
once given; only the organisation that received the report sees and gives it; the
reporter with an account reads only their feedback; everyone else gets the logged 404."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerkdossier.access.api import READ, decide
from netwerkdossier.access.models import BreakGlass
from netwerkdossier.accounts.models import User
from netwerkdossier.accounts.notifications import Notification
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases import lifecycle
from netwerkdossier.cases import reporter_feedback as rf
from netwerkdossier.cases.models import ReporterFeedback
from netwerkdossier.organisations.models import Membership, Organisation
from netwerkdossier.synthetic import decision_records
from netwerkdossier.synthetic.personas import add_family_logins

from .conftest import open_agreement

pytestmark = pytest.mark.django_db

REPORTER = "Marieke Dekker"
ROLE_TEXT = "School meldt afwezigheid van Noor dezelfde dag aan Lotte"


@pytest.fixture
def marieke(cast):
    """The reporter: a teacher with an account of her own (a school in the region)."""
    school = Organisation.objects.create(name="Basisschool De Vlinder", kind="school",
                                         region=cast.household.region)
    user = User.objects.create(username="marieke", first_name="Marieke", last_name="Dekker")
    Membership.objects.create(user=user, organisation=school, discipline="leerkracht",
                              valid_from=timezone.localdate() - timedelta(days=100))
    cast.users["marieke"] = user
    return user


@pytest.fixture
def reported(cast, ctx_of):
    """A report received by the RVT (ruben), with a professional reporter, taken through
    the lifecycle to the safety assessment phase."""
    ctx = ctx_of("ruben")
    case = lifecycle.record_report(
        ctx, cast.household, kind="melding", title="Melding school", concerns="Noor is bang.",
        urgency="normaal", reported_on=timezone.localdate(), subjects=[cast.noor],
        reporter={"name": REPORTER, "contact": "groep 6, De Vlinder",
                  "relation": "leerkracht van Noor", "is_professional": True})
    decision_records.for_phase(ctx, case, "veiligheidsbeoordeling")
    lifecycle.decide_transition(ctx, case, to_phase="veiligheidsbeoordeling",
                                rationale="Melding ontvangen, beoordeling start.",
                                family_agrees="niet_gevraagd")
    case.refresh_from_db()
    return case


def triage(ctx, case):
    lifecycle.record_triage(ctx, case, outcome="zorgen", rationale="Zorgen, geen acute nood.")
    case.refresh_from_db()


def route(ctx, case):
    decision_records.for_phase(ctx, case, "routebepaling")
    lifecycle.decide_transition(ctx, case, to_phase="routebepaling",
                                rationale="Triage gedaan, nu de route.",
                                family_agrees="niet_gevraagd")
    case.refresh_from_db()
    decision_records.for_route(ctx, case)
    lifecycle.record_route(ctx, case, route="lokaal_vrijwillig",
                           rationale="Het lokale team werkt vrijwillig met het gezin.")
    case.refresh_from_db()


def due_moments(ctx, case):
    return [d.moment["key"] for d in rf.due(ctx, case)]


def give(ctx, case, moment, **extra):
    arguments = {"follow_up_started": True,
                 "follow_up_by": [str(case.lead_organisation_id)],
                 "reporter_has_role": False, "condition_ids": [], "channel": "brief",
                 **extra}
    return rf.give(ctx, case, moment, **arguments)


def test_each_moment_is_due_when_passed_and_gone_once_given(cast, ctx_of, reported):
    ctx = ctx_of("ruben")
    assert due_moments(ctx, reported) == []
    triage(ctx, reported)
    assert due_moments(ctx, reported) == ["na_veiligheidsbeoordeling"]
    give(ctx, reported, "na_veiligheidsbeoordeling")
    assert due_moments(ctx, reported) == []
    route(ctx, reported)
    assert due_moments(ctx, reported) == ["na_onderzoek"]
    give(ctx, reported, "na_onderzoek", follow_up_started=False, follow_up_by=[])
    assert due_moments(ctx, reported) == []
    with pytest.raises(ValidationError):
        give(ctx, reported, "na_onderzoek")


def test_no_feedback_for_a_reporter_who_is_no_professional(cast, ctx_of):
    ctx = ctx_of("ruben")
    case = lifecycle.record_report(
        ctx, cast.household, kind="melding", title="Melding buurvrouw", concerns="Geschreeuw.",
        urgency="normaal", reported_on=timezone.localdate(), subjects=[cast.mother],
        reporter={"name": "Buurvrouw", "is_professional": False})
    case.triage_on = timezone.localdate()
    case.save()
    assert rf.due(ctx, case) == []


@pytest.mark.parametrize("username", ["lotte", "gert", "olga", "tamara"])
def test_only_the_receiving_organisation_sees_it_due(cast, ctx_of, reported, username):
    triage(ctx_of("ruben"), reported)
    assert rf.due(ctx_of(username), reported) == []
    with pytest.raises(ValidationError):
        give(ctx_of(username), reported, "na_veiligheidsbeoordeling")


def test_bad_choices_give_dutch_messages_and_save_nothing(cast, ctx_of, reported):
    ctx = ctx_of("ruben")
    triage(ctx, reported)
    with pytest.raises(ValidationError) as caught:
        rf.give(ctx, reported, "na_veiligheidsbeoordeling", follow_up_started=None,
                follow_up_by=[], reporter_has_role=None, condition_ids=[], channel="")
    messages = caught.value.message_dict
    assert messages["follow_up_started"] == ["Geef aan of er een vervolg is ingezet."]
    assert "rol heeft" in messages["reporter_has_role"][0]
    assert messages["channel"] == ["Kies hoe de melder de terugkoppeling krijgt."]
    with pytest.raises(ValidationError) as caught:
        give(ctx, reported, "na_veiligheidsbeoordeling", follow_up_by=[],
             reporter_has_role=True, channel="app", addressee_id=str(cast.users["lotte"].pk))
    messages = caught.value.message_dict
    assert messages["follow_up_by"] == ["Kies wie het vervolg uitvoert."]
    assert "veiligheidsvoorwaarden" in messages["conditions"][0]
    assert "account van de melder" in messages["channel"][0]  # lotte is not the reporter
    assert not ReporterFeedback.objects.exists()


def test_only_the_conditions_marked_as_the_reporters_role_are_sent(cast, ctx_of, reported,
                                                                  marieke):
    ctx = ctx_of("ruben")
    kept = open_agreement(ctx_of("lotte"), reported, cast, action=ROLE_TEXT)
    other = open_agreement(ctx_of("lotte"), reported, cast, action="Moeder belt oma bij ruzie")
    triage(ctx, reported)
    feedback = give(ctx, reported, "na_veiligheidsbeoordeling", reporter_has_role=True,
                    condition_ids=[str(kept.pk)], channel="app", addressee_id=str(marieke.pk))
    assert len(feedback.conditions) == 1 and ROLE_TEXT in feedback.conditions[0]
    assert other.action not in str(feedback.conditions)
    assert feedback.addressee == marieke
    note = Notification.objects.get(recipient=marieke)
    assert note.link == reverse("safety:reporter_feedback", args=[feedback.pk])
    for name in ("Jansen", "Noor", "Sanne"):
        assert not re.search(rf"\b{name}\b", note.text), name
    record = AccessLogRecord.objects.get(event_code="reporter_feedback.create")
    assert record.action == "C" and record.object_ids == [str(feedback.pk)]
    assert record.subject_ids == []  # the family's "Wie keek er?" never names the reporter


# --- pages -----------------------------------------------------------------------------

@pytest.fixture
def given_in_app(cast, ctx_of, reported, marieke):
    ctx = ctx_of("ruben")
    triage(ctx, reported)
    return give(ctx, reported, "na_veiligheidsbeoordeling", channel="app",
                addressee_id=str(marieke.pk))


def test_case_page_shows_due_only_to_the_receiving_organisation(login, cast, ctx_of, reported):
    triage(ctx_of("ruben"), reported)
    url = reverse("safety:case", args=[reported.pk])
    html = login("ruben").get(url).content.decode()
    assert "Terugkoppeling aan de melder" in html and REPORTER in html
    assert reverse("safety:reporter_feedback_compose",
                   args=[reported.pk, "na_veiligheidsbeoordeling"]) in html
    for username in ("lotte", "gert"):
        html = login(username).get(url).content.decode()
        assert "Terugkoppeling aan de melder" not in html and REPORTER not in html


def test_compose_page_records_the_feedback_as_a_letter(login, cast, ctx_of, reported):
    ctx = ctx_of("ruben")
    triage(ctx, reported)
    client = login("ruben")
    url = reverse("safety:reporter_feedback_compose",
                  args=[reported.pk, "na_veiligheidsbeoordeling"])
    html = client.get(url).content.decode()
    assert " checked" not in html  # nothing preselected
    response = client.post(url, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geef aan of er een vervolg is ingezet." in html
    assert "Kies hoe de melder de terugkoppeling krijgt." in html
    assert not ReporterFeedback.objects.exists()
    response = client.post(url, {"follow_up_started": "ja",
                                 "follow_up_by": [str(reported.lead_organisation_id)],
                                 "reporter_has_role": "nee", "channel": "brief"})
    feedback = ReporterFeedback.objects.get()
    assert response["Location"] == reverse("safety:reporter_feedback_letter", args=[feedback.pk])
    letter = client.get(response["Location"]).content.decode()
    assert f"Beste {REPORTER}" in letter and "groep 6, De Vlinder" in letter
    assert escape(reported.lead_organisation.name) in letter
    html = client.get(reverse("safety:case", args=[reported.pk])).content.decode()
    assert "brief bekijken en printen" in html and "te doen" not in html


@pytest.mark.parametrize("username", ["lotte", "gert", "olga"])
def test_others_get_a_logged_404_on_the_compose_page(login, cast, ctx_of, reported, username):
    triage(ctx_of("ruben"), reported)
    url = reverse("safety:reporter_feedback_compose",
                  args=[reported.pk, "na_veiligheidsbeoordeling"])
    assert login(username).get(url).status_code == 404
    assert AccessLogRecord.objects.filter(event_code="reporter_feedback.compose",
                                          result="refused").exists()


def test_the_reporter_reads_only_their_feedback(client, cast, given_in_app, marieke):
    from netwerkdossier.synthetic.sign_in import sign_in

    sign_in(client, marieke)
    html = client.get(reverse("safety:reporter_feedback", args=[given_in_app.pk])).content.decode()
    assert "Terugkoppeling op uw melding" in html
    assert escape(given_in_app.follow_up_by[0]) in html
    read = AccessLogRecord.objects.get(event_code="reporter_feedback.read")
    assert read.rule == "melder" and read.subject_ids == []
    # Nothing else of the household or the case.
    for url in (reverse("web:household", args=[cast.household.pk]),
                reverse("safety:case", args=[given_in_app.case_id]),
                reverse("web:entry", args=[given_in_app.report_id])):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("username", ["lotte", "gert", "olga", "tamara"])
def test_insiders_of_other_organisations_and_outsiders_get_a_logged_404(
        login, cast, given_in_app, username):
    client = login(username)
    for name in ("reporter_feedback", "reporter_feedback_letter"):
        response = client.get(reverse(f"safety:{name}", args=[given_in_app.pk]))
        assert response.status_code == 404
        assert REPORTER not in response.content.decode()
    refused = AccessLogRecord.objects.filter(result="refused",
                                             event_code__startswith="reporter_feedback")
    assert refused.count() == 2


def test_a_case_table_seat_and_emergency_access_never_read_it(cast, ctx_of, given_in_app):
    from tests.web.test_case_table_minimal_picture import open_seat

    open_seat(cast, username="olga")
    assert not decide(ctx_of("olga"), READ, given_in_app).allowed
    BreakGlass.objects.create(user=cast.users["olga"], organisation=cast.users[
        "olga"].memberships.first().organisation, household=cast.household, reason="x" * 30,
        purpose="hulpverlening", started_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=4))
    ctx = ctx_of("olga")
    assert not decide(ctx, READ, given_in_app).allowed
    from netwerkdossier.access.api import visible

    assert not visible(ctx, READ, ReporterFeedback.objects.all()).exists()
    assert list(visible(ctx_of("ruben"), READ, ReporterFeedback.objects.all())) == [given_in_app]


def test_the_family_never_sees_the_reporter_or_the_feedback(client, cast, given_in_app):
    add_family_logins(cast)
    client.force_login(cast.family_users["sanne"])
    response = client.get(reverse("safety:reporter_feedback", args=[given_in_app.pk]))
    assert response.status_code in (302, 404)
    from netwerkdossier.portal.family import member_context
    from netwerkdossier.portal.looked import records_about

    shown = records_about(member_context(cast.mother), [cast.mother.pk, cast.noor.pk])
    assert not shown.filter(object_type="reporter_feedback").exists()
    assert not shown.filter(user_id=str(cast.users["marieke"].uuid)).exists()


def test_the_demo_shows_one_report_with_feedback_due(cast, ctx_of):
    from netwerkdossier.synthetic import safety_demo

    safety_demo.build(cast)
    due = rf.due(ctx_of("ruben"), cast.case)
    assert {d.reporter.name for d in due} == {REPORTER}
    assert [d.moment["key"] for d in due] == ["na_veiligheidsbeoordeling", "na_onderzoek"]
    assert any("School meldt" in rf.condition_text(a)
               for a in rf.conditions(ctx_of("ruben"), cast.case))
    assert rf.due(ctx_of("lotte"), cast.case) == []


def test_the_reporter_does_not_read_feedback_addressed_elsewhere(client, cast, ctx_of,
                                                                given_in_app, marieke):
    from netwerkdossier.synthetic.sign_in import sign_in

    ctx = ctx_of("ruben")
    route(ctx, given_in_app.case)
    letter = give(ctx, given_in_app.case, "na_onderzoek")  # a letter: no addressee
    sign_in(client, marieke)
    for name in ("reporter_feedback", "reporter_feedback_letter"):
        assert client.get(reverse(f"safety:{name}", args=[letter.pk])).status_code == 404
    assert client.get(reverse("safety:reporter_feedback_letter",
                              args=[given_in_app.pk])).status_code == 200


def test_emergency_access_sees_no_feedback_block_on_the_case(login, cast, ctx_of, reported):
    triage(ctx_of("ruben"), reported)
    BreakGlass.objects.create(user=cast.users["olga"], organisation=cast.users[
        "olga"].memberships.first().organisation, household=cast.household, reason="x" * 30,
        purpose="hulpverlening", started_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=4))
    response = login("olga").get(reverse("safety:case", args=[reported.pk]))
    assert response.status_code == 200  # the case is open to her, the reporter is not
    html = response.content.decode()
    assert "Terugkoppeling aan de melder" not in html and REPORTER not in html


def test_compose_page_refuses_a_role_without_conditions_in_dutch(login, cast, ctx_of,
                                                                reported):
    triage(ctx_of("ruben"), reported)
    url = reverse("safety:reporter_feedback_compose",
                  args=[reported.pk, "na_veiligheidsbeoordeling"])
    response = login("ruben").post(url, {
        "follow_up_started": "nee", "follow_up_by": [str(reported.lead_organisation_id)],
        "reporter_has_role": "ja"})
    html = response.content.decode()
    assert response.status_code == 200
    for message in ("Er is geen vervolg ingezet: kies dan ook geen organisatie.",
                    "Kies de veiligheidsvoorwaarden waarin de melder een rol heeft.",
                    "Kies hoe de melder de terugkoppeling krijgt."):
        assert message in html, message
    assert not ReporterFeedback.objects.exists()
