"""The consent page: state per scope, the age rules, recording a decision, refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerkdossier.access.api import READ, context_for, decide
from netwerkdossier.access.consent import has_effective_consent
from netwerkdossier.access.models import Consent
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.services import add_entry

pytestmark = pytest.mark.django_db
NOT_A_GIVER = "Alleen de persoon zelf of een ouder/voogd met gezag kan toestemming geven."


def url(person):
    return reverse("web:consent", args=[person.pk])


def test_page_shows_who_decides_and_the_current_state(login, cast):
    html = login("lotte").get(url(cast.daan)).content.decode()
    assert "Van 12 tot 16 jaar beslissen het kind en een ouder met gezag samen." in html
    assert "Sanne Jansen" in html  # gave consent for Daan
    assert "Er is nu geen geldige toestemming." in html
    record = AccessLogRecord.objects.get(event_code="consent.read")
    assert str(cast.daan.pk) in record.subject_ids


def test_household_page_links_each_member(login, cast):
    html = login("lotte").get(reverse("web:household", args=[cast.household.pk])).content
    for person in (cast.mother, cast.father, cast.noor, cast.daan, cast.lieke):
        assert url(person) in html.decode()


def test_daans_own_consent_opens_team_sharing_for_gert(login, cast, ctx_of):
    entry = add_entry(ctx_of("lotte"), cast.household, kind="conversation",
                      text="Gesprek met Daan over school.", occurred_at=timezone.now(),
                      subjects=[cast.daan], confidentiality=10, legal_basis="jeugdwet_taak")
    gert = context_for(cast.users["gert"])
    assert not decide(gert, READ, entry).allowed  # only his mother consented

    response = login("lotte").post(url(cast.daan), {
        "scope": "delen_netwerk", "decision": "given", "given_by": str(cast.daan.pk),
        "note": "Daan stemt in tijdens huisbezoek."})
    assert response.status_code == 302
    assert has_effective_consent(cast.daan, "delen_netwerk")
    decision = decide(context_for(cast.users["gert"]), READ, entry)
    assert decision.allowed and decision.rule.endswith("team-naar-ggz+toestemming")
    record = AccessLogRecord.objects.get(event_code="consent.record")
    assert (record.action, record.consent_profile) == ("C", "delen_netwerk")
    assert record.subject_ids == [str(cast.daan.pk)]

    html = login("lotte").get(url(cast.daan)).content.decode()
    assert "Toestemming geldt nu." in html and "Daan stemt in tijdens huisbezoek." in html


def test_withdrawal_supersedes_and_keeps_history(login, cast):
    client = login("lotte")
    client.post(url(cast.noor), {"scope": "delen_netwerk", "decision": "withdrawn",
                                 "given_by": str(cast.mother.pk)})
    rows = Consent.objects.filter(person=cast.noor, scope="delen_netwerk",
                                  given_by=cast.mother)
    assert rows.count() == 2
    assert rows.get(is_current=True).decision == "withdrawn"
    assert not has_effective_consent(cast.noor, "delen_netwerk")
    html = client.get(url(cast.noor)).content.decode()
    assert "Eerdere besluiten" in html and "Ingetrokken" in html


def test_father_without_gezag_cannot_consent_for_noor(login, cast):
    before = Consent.objects.count()
    response = login("lotte").post(url(cast.noor), {
        "scope": "delen_netwerk", "decision": "given", "given_by": str(cast.father.pk)})
    assert response.status_code == 200
    assert escape(NOT_A_GIVER) in response.content.decode()
    assert Consent.objects.count() == before
    assert not AccessLogRecord.objects.filter(event_code="consent.record").exists()


def test_father_is_not_offered_as_giver(login, cast):
    html = login("lotte").get(url(cast.noor)).content.decode()
    assert f'value="{cast.mother.pk}"' in html
    assert f'value="{cast.father.pk}"' not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_a_refusal_in_the_log(login, cast, method):
    client = login("olga")
    response = getattr(client, method)(url(cast.noor), {
        "scope": "delen_netwerk", "decision": "given", "given_by": str(cast.mother.pk)})
    assert response.status_code == 404
    record = AccessLogRecord.objects.get()
    assert record.result == "refused" and record.object_ids == [str(cast.noor.pk)]
    assert record.action == ("C" if method == "post" else "R")
    assert Consent.objects.filter(person=cast.noor).count() == 1


def test_case_table_participant_may_not_manage_consent(login, cast):
    from datetime import timedelta

    from netwerkdossier.access import case_table_bases as bases
    from netwerkdossier.access.models import (
        CaseTableItem,
        CaseTableParticipant,
        CaseTableSession,
    )

    now = timezone.now()
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++", starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1), chair=cast.users["lotte"],
        **bases.session_fields(bases.get("mda-veiligheid"), cast.household))
    CaseTableParticipant.objects.create(session=session, user=cast.users["olga"])
    CaseTableItem.objects.create(session=session, entry=cast.entries["conversation"])
    response = login("olga").get(url(cast.noor))
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().result == "refused"
