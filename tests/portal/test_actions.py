"""Own statements, correction requests through the queue, consent, questionnaire."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from netwerkdossier.access.models import Consent
from netwerkdossier.accounts.models import Notification
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from netwerkdossier.portal.models import (
    CorrectionRequest,
    OwnStatement,
    PortalCredential,
    QuestionnaireResponse,
)
from netwerkdossier.portal.services import deadline_for, questionnaire_summary

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script> & <b>vet</b>'


def test_statement_is_stored_as_typed_and_shown_escaped_to_family_and_team(
        cast, portal_login, login):
    entry = cast.entries["conversation"]
    client = portal_login("sanne")
    response = client.post(f"/portaal/aantekeningen/{entry.pk}/verklaring", {"text": SCRIPT})
    assert response.status_code == 302
    statement = OwnStatement.objects.get()
    assert statement.text == SCRIPT and statement.person == cast.mother
    html = client.get(f"/portaal/aantekeningen/{entry.pk}").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert SCRIPT not in html
    record = AccessLogRecord.objects.get(event_code="portal.statement.create")
    assert record.action == "C" and str(entry.pk) in record.object_ids
    # The team sees it beside the entry.
    team = login("lotte").get(f"/aantekeningen/{entry.pk}").content.decode()
    assert "Eigen verklaring van het gezin" in team and "Sanne Jansen" in team
    assert "&lt;script&gt;" in team and SCRIPT not in team


def test_oversized_or_empty_statement_is_refused_with_a_dutch_message(cast, portal_login):
    entry = cast.entries["conversation"]
    client = portal_login("daan")
    response = client.post(f"/portaal/aantekeningen/{entry.pk}/verklaring",
                           {"text": "x" * (OwnStatement.MAX_LENGTH + 1)})
    assert response.status_code == 400
    # Daan is 14: addressed as "je" (portal/address.py).
    assert "Je verklaring is te lang: 4001 tekens" in response.content.decode()
    response = client.post(f"/portaal/aantekeningen/{entry.pk}/verklaring", {"text": "  "})
    assert response.status_code == 400
    assert "Het veld is nu leeg" in response.content.decode()
    assert not OwnStatement.objects.exists()


def test_correction_request_travels_to_a_new_version_and_back(cast, portal_login, login):
    entry = cast.entries["conversation"]
    family = portal_login("sanne")
    response = family.post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                           {"kind": "correctie", "reason": "Het huisbezoek was op dinsdag."})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.owner_organisation == entry.owner_organisation
    assert request.deadline == deadline_for(request.received_at)
    # The owner organisation's queue shows it with the deadline; other organisations not.
    lotte = login("lotte")
    queue = lotte.get("/correctieverzoeken").content.decode()
    assert "Gezin Jansen" in queue and f"/correctieverzoeken/{request.pk}" in queue
    page = lotte.get(f"/correctieverzoeken/{request.pk}").content.decode()
    assert "Het huisbezoek was op dinsdag." in page
    # Deciding needs a reason and, for a correction, the new text.
    response = lotte.post(f"/correctieverzoeken/{request.pk}", {"decision": "grant"})
    assert response.status_code == 400
    assert Entry.objects.get(pk=entry.pk).is_current
    response = lotte.post(f"/correctieverzoeken/{request.pk}", {
        "decision": "grant", "new_text": "Huisbezoek op dinsdag met moeder en de kinderen.",
        "reason": "U hebt gelijk, de dag stond verkeerd."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "granted" and request.new_version is not None
    new = request.new_version
    assert new.replaces_id == entry.pk and new.version == 2 and new.is_current
    # The version says why without the request's date or answer (other readers see it).
    assert new.correction_reason == "Verbeterd op verzoek van het gezin."
    # The family is told and sees the result.
    assert Notification.objects.filter(recipient=cast.family_users["sanne"]).count() == 1
    home = family.get("/portaal/").content.decode()
    assert "Er is een besluit over uw verzoek" in home
    mine = family.get("/portaal/verzoeken").content.decode()
    assert "U hebt gelijk, de dag stond verkeerd." in mine and "Toegewezen" in mine
    detail = family.get(f"/portaal/aantekeningen/{new.pk}").content.decode()
    assert "Huisbezoek op dinsdag" in detail and "Oude versie 1 (vervangen)" in detail


def test_a_granted_request_stays_the_requesters_on_the_corrected_entry(
        cast, portal_login, login, client):
    """Lieke (17) asks; the corrected entry is read by her mother, her father and Daan
    too. They read the new text and that it was corrected, never Lieke's request, its
    date or the answer to her (family_rules: a request is the requester's own)."""
    import json

    entry = cast.entries["conversation"]
    lieke = portal_login("lieke")
    assert lieke.post(f"/portaal/aantekeningen/{entry.pk}/verzoek", {
        "kind": "correctie", "reason": "Ik was er niet bij, ik zat op kamp."}).status_code == 302
    client.post("/portaal/uitloggen")
    request = CorrectionRequest.objects.get()
    answer = "Lieke had gelijk: zij was op kamp."
    assert login("lotte").post(f"/correctieverzoeken/{request.pk}", {
        "decision": "grant", "new_text": "Gezinsgesprek met moeder, Noor en Daan.",
        "reason": answer}).status_code == 302
    client.logout()
    new = CorrectionRequest.objects.get().new_version
    asked_on = "verzoek van " + timezone.localtime(request.received_at).strftime("%d-%m-%Y")
    readers = []
    for member in ("sanne", "mark", "daan"):
        family = portal_login(member)
        page = family.get(f"/portaal/aantekeningen/{new.pk}")
        download = family.get("/portaal/mijn-gegevens.json").content.decode()
        client.post("/portaal/uitloggen")
        if page.status_code == 404:  # a member who does not read the entry sees nothing
            assert "Gezinsgesprek met moeder" not in download
            continue
        html = page.content.decode()
        readers.append(member)
        assert "Gezinsgesprek met moeder, Noor en Daan." in html, member
        assert "Verbeterd op verzoek van het gezin." in html
        for words in (answer, "kamp", asked_on):
            assert words not in html and words not in json.dumps(json.loads(download)), \
                (member, words)
    assert "sanne" in readers and "daan" in readers


def test_refused_request_keeps_the_entry_and_tells_the_reason(cast, portal_login, login,
                                                               client):
    entry = cast.entries["father"]
    portal_login("mark").post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                              {"kind": "vernietiging", "reason": "Dit wil ik weg."})
    request = CorrectionRequest.objects.get()
    assert request.owner_organisation.kind == "rvt"
    # Lotte (wijkteam) reads the entry but her organisation does not own it.
    assert f"/correctieverzoeken/{request.pk}" not in \
        login("lotte").get("/correctieverzoeken").content.decode()
    assert login("lotte").get(f"/correctieverzoeken/{request.pk}").status_code == 404
    ruben = login("ruben")
    # Refusing a destruction needs a ground the law names; none is preselected.
    response = ruben.post(f"/correctieverzoeken/{request.pk}", {
        "decision": "refuse", "reason": "Wij moeten dit bewaren voor de veiligheid."})
    assert response.status_code == 400
    assert "Kies op welke grond de wet toestaat het verzoek af te wijzen" in \
        response.content.decode()
    assert 'value="belang_ander" checked' not in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"
    response = ruben.post(f"/correctieverzoeken/{request.pk}", {
        "decision": "refuse", "reason": "Wij moeten dit bewaren voor de veiligheid.",
        "refusal_ground": "belang_ander"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused" and request.new_version is None
    assert request.refusal_ground == "belang_ander"
    assert Entry.objects.get(pk=entry.pk).is_current
    client.post("/portaal/uitloggen")  # mark again, within the same code's 30 seconds
    PortalCredential.objects.filter(user__username="mark").update(last_totp_step=0)
    page = portal_login("mark").get("/portaal/verzoeken").content.decode()
    assert "De aantekening is ook belangrijk voor iemand anders." in page
    assert "Autoriteit Persoonsgegevens" in page
    # A second decision is not possible.
    response = ruben.post(f"/correctieverzoeken/{request.pk}", {
        "decision": "grant", "reason": "toch wel"})
    assert response.status_code == 400


def test_deadline_is_one_month_after_receipt():
    received = timezone.make_aware(timezone.datetime(2025, 1, 31, 12, 0))
    assert deadline_for(received) == date(2025, 2, 28)


def test_request_needs_a_reason_and_a_kind(cast, portal_login):
    entry = cast.entries["conversation"]
    client = portal_login("lieke")
    response = client.post(f"/portaal/aantekeningen/{entry.pk}/verzoek", {"reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies of je iets wilt laten verbeteren of vernietigen." in html  # Lieke is 17
    assert not CorrectionRequest.objects.exists()


def test_consent_for_self_and_for_a_child_under_16(cast, portal_login):
    client = portal_login("sanne")
    page = client.get("/portaal/toestemming").content.decode()
    assert "Voor Noor Jansen" in page and "Voor Daan Jansen" in page
    assert "Voor Lieke Jansen" not in page  # 17: she decides alone
    response = client.post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "beroepsgeheim", "decision": "ja"})
    assert response.status_code == 302
    consent = Consent.objects.get(person=cast.daan, scope="beroepsgeheim")
    assert consent.given_by == cast.mother and consent.decision == "given"
    # Withdrawing supersedes it; the history stays.
    client.post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "beroepsgeheim", "decision": "nee"})
    rows = Consent.objects.filter(person=cast.daan, scope="beroepsgeheim")
    assert rows.count() == 2 and rows.get(is_current=True).decision == "withdrawn"
    logged = AccessLogRecord.objects.filter(event_code="consent.record", channel="portaal")
    assert logged.count() == 2


def test_parent_without_gezag_and_someone_elses_person_are_refused(cast, portal_login):
    client = portal_login("mark")
    page = client.get("/portaal/toestemming").content.decode()
    assert "Voor Daan Jansen" not in page
    response = client.post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "delen_netwerk", "decision": "ja"})
    assert response.status_code == 400
    assert not Consent.objects.filter(given_by=cast.father).exists()


def test_daan_gives_his_own_consent_which_makes_sharing_effective(cast, portal_login):
    from netwerkdossier.access.consent import has_effective_consent

    assert not has_effective_consent(cast.daan, "delen_netwerk")  # mother alone: not enough
    portal_login("daan").post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "delen_netwerk", "decision": "ja"})
    assert has_effective_consent(cast.daan, "delen_netwerk")


def test_record_consent_accepts_a_family_members_own_decision(cast):
    from netwerkdossier.access.api import context_for
    from netwerkdossier.access.consent_service import record_consent

    ctx = context_for(cast.family_users["daan"], channel="portaal")
    consent = record_consent(ctx, cast.daan, "delen_netwerk", "given", cast.daan)
    assert consent.given_by_id == cast.daan.pk and consent.recorded_by == cast.family_users["daan"]
    # Only their own decision: not one in the name of the parent.
    with pytest.raises(ValidationError):
        record_consent(ctx, cast.daan, "delen_netwerk", "given", cast.mother)


def test_questionnaire_is_stored_without_person_or_household(cast, portal_login):
    client = portal_login("lieke")
    response = client.post("/portaal/vragenlijst", {"seen": "4", "heard": "5",
                                                    "supported": "3", "safer": "9"})
    assert response.status_code == 400
    assert "Kies een antwoord van 1 tot en met 5." in response.content.decode()
    response = client.post("/portaal/vragenlijst", {"seen": "4", "heard": "5",
                                                    "supported": "3", "safer": "4",
                                                    "comment": "Mijn naam is Lieke Jansen."})
    assert response.status_code == 302
    answer = QuestionnaireResponse.objects.get()
    assert answer.group == "jongere" and answer.organisation == cast.case.lead_organisation
    field_names = {f.name for f in QuestionnaireResponse._meta.get_fields()}
    assert not field_names & {"person", "household", "user", "case"}
    # No words of the family's own: nobody reads them there, and they could name her.
    assert not [f for f in QuestionnaireResponse._meta.get_fields()
                if isinstance(f, models.TextField)]
    assert "Lieke" not in str(QuestionnaireResponse.objects.values().get())
    page = client.get("/portaal/vragenlijst").content.decode()
    assert "<textarea" not in page and "vaste contactpersoon" in page
    assert questionnaire_summary(answer.organisation_id) is None  # fewer than 5 answers
    for _ in range(4):
        QuestionnaireResponse.objects.create(
            organisation=answer.organisation, group="volwassene", month=answer.month,
            seen=2, heard=2, supported=2, safer=2)
    summary = questionnaire_summary(answer.organisation_id)
    assert summary["n"] == 5 and summary["heard"] == pytest.approx(2.6)


def test_objection_routes_have_sources_and_cover_every_decision(cast, portal_login):
    from netwerkdossier import rules

    routes = rules.load("objection_routes")["route"]
    assert routes and all(r["source"].strip() and r["text"].strip() for r in routes)
    assert {"bezwaar", "klacht", "rechter", "privacy"} <= {r["kind"] for r in routes}
    html = portal_login("mark").get("/portaal/besluiten").content.decode()
    assert cast.entries["criminal"].text in html  # a decision about Mark himself
    assert "Een klacht indienen bij de organisatie" in html
    assert "Autoriteit Persoonsgegevens" in html


def test_a_request_is_logged_on_the_request_and_its_entry(cast, portal_login, login):
    entry = cast.entries["conversation"]
    family = portal_login("sanne")
    family.post(f"/portaal/aantekeningen/{entry.pk}/verzoek",
                {"kind": "correctie", "reason": "De dag klopt niet."})
    request = CorrectionRequest.objects.get()
    family.get("/portaal/verzoeken")
    # 'Mijn verzoeken' shows the member's own requests (of the entry only a link).
    listed = AccessLogRecord.objects.get(event_code="portal.correction_request.list")
    assert (listed.object_type, listed.object_ids) == ("correction_request", [str(request.pk)])
    assert listed.subject_ids == [str(cast.mother.pk)] and listed.rule == "member"
    login("lotte").get(f"/correctieverzoeken/{request.pk}")
    read = {r.object_type: r for r in AccessLogRecord.objects.filter(
        event_code="correction_request.read")}
    assert read["correction_request"].object_ids == [str(request.pk)]
    assert read["correction_request"].subject_ids == [str(cast.mother.pk)]
    assert read["entry"].object_ids == [str(entry.pk)]
    assert set(read["entry"].subject_ids) == {str(p.pk) for p in entry.subjects.all()}


def test_the_consent_page_logs_the_choices_behind_what_it_shows(cast, portal_login):
    client = portal_login("sanne")
    client.post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "beroepsgeheim", "decision": "ja"})
    client.get("/portaal/toestemming")
    record = AccessLogRecord.objects.filter(event_code="portal.consent.read").latest("pk")
    consent = Consent.objects.get(person=cast.daan, scope="beroepsgeheim", is_current=True)
    assert record.object_type == "consent" and str(consent.pk) in record.object_ids
    assert {str(cast.noor.pk), str(cast.daan.pk)} <= set(record.subject_ids)
    assert str(cast.lieke.pk) not in record.subject_ids  # 17: she decides alone
