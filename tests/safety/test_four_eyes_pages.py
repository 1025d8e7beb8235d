"""The four-eyes step on the case page, the worklist and the API, per persona: the
proposer sees that it waits, the other organisation's duo member confirms, a consultant,
a manager and an outsider cannot; the family's view is never filled in for anyone."""

import json

import pytest
from django.urls import reverse

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import PhaseProposal
from netwerkdossier.decisions.models import DecisionRecord
from netwerkdossier.synthetic import decision_records

from .test_four_eyes import LEAVE_1, propose, ready

pytestmark = pytest.mark.django_db
FORM = {"fase-to_phase": "duurzame_veiligheid",
        "fase-rationale": "Twee maanden geen geweld, plan werkt.", "fase-family_agrees": "nee"}


@pytest.fixture
def phase_1(cast, ctx_of, new_case):
    case = new_case("directe_veiligheid", triage_outcome="structureel_onveilig")
    ready(case, *LEAVE_1, ctx_of("lotte"), cast)
    return case


def page(client, case):
    return client.get(reverse("safety:case", args=[case.pk])).content.decode()


def test_propose_then_confirm_through_the_pages(cast, ctx_of, login, phase_1):
    lotte = login("lotte")
    assert "Vier ogen: een tweede lid van het vaste duo bevestigt" in page(lotte, phase_1)
    # Without its decision record the form is refused in Dutch and nothing is saved.
    response = lotte.post(reverse("safety:transition", args=[phase_1.pk]), FORM)
    assert response.status_code == 200
    assert "Dit fasebesluit kan pas worden genomen met een besluitverslag" in \
        response.content.decode()
    assert not PhaseProposal.objects.exists()
    decision_records.for_phase(ctx_of("lotte"), phase_1, "duurzame_veiligheid")
    response = lotte.post(reverse("safety:transition", args=[phase_1.pk]), FORM, follow=True)
    html = response.content.decode()
    assert "Uw voorstel is vastgelegd" in html
    assert "Fasebesluit wacht op bevestiging" in html and "U stelde dit besluit zelf voor" in html
    ruben = login("ruben")
    assert "Fasebesluit wacht op bevestiging" in \
        ruben.get(reverse("web:worklist")).content.decode()
    html = page(ruben, phase_1)
    assert "Ik bevestig dit besluit" in html and "Nee, het gezin is het niet eens" in html
    assert 'value="bevestigen" checked' not in html
    url = reverse("safety:proposal_answer", args=[phase_1.pk])
    response = ruben.post(url, {})
    assert response.status_code == 200 and "Kies of u het besluit bevestigt" in \
        response.content.decode()
    assert ruben.post(url, {"answer": "bevestigen"}).status_code == 302
    phase_1.refresh_from_db()
    assert phase_1.phase == "duurzame_veiligheid"
    assert DecisionRecord.objects.get(case=phase_1).status == "genomen"


@pytest.mark.parametrize("username,status", [("gert", 403), ("tamara", 403), ("olga", 404)])
def test_others_cannot_answer_a_proposal(cast, login, ctx_of, phase_1, username, status):
    propose(ctx_of("lotte"), phase_1)
    response = login(username).post(reverse("safety:proposal_answer", args=[phase_1.pk]),
                                    {"answer": "bevestigen"})
    assert response.status_code == status
    phase_1.refresh_from_db()
    assert phase_1.phase == "directe_veiligheid"
    if status == 404:
        assert AccessLogRecord.objects.filter(username=username, result="refused").exists()


def test_the_family_view_is_required_in_the_api(cast, ctx_of, phase_1):
    lotte, ruben = _api(cast, "lotte"), _api(cast, "ruben")
    url = f"/api/v1/cases/{phase_1.pk}/transitions"
    body = {"to_phase": "duurzame_veiligheid", "rationale": "Twee maanden geen geweld."}
    response = _post(url, lotte, {**body, "family_agrees": "ja"})
    assert response.status_code == 422  # no decision record yet
    assert response["Content-Type"] == "application/problem+json"
    assert "kan pas worden genomen met een besluitverslag" in response.content.decode()
    assert not PhaseProposal.objects.exists()
    decision_records.for_phase(ctx_of("lotte"), phase_1, "duurzame_veiligheid")
    response = _post(url, lotte, body)
    assert response.status_code == 422
    assert not PhaseProposal.objects.exists()
    response = _post(url, lotte, {**body, "family_agrees": "ja"})
    assert response.status_code == 202
    assert response.json()["status"] == "open"
    answer = f"/api/v1/cases/{phase_1.pk}/proposal"
    assert _post(answer, ruben, {"answer": "afwijzen"}).status_code == 422
    assert _post(answer, lotte, {"answer": "bevestigen"}).status_code == 403  # the proposer
    response = _post(answer, ruben, {"answer": "bevestigen"})
    assert response.status_code == 201 and response.json()["to_phase"] == "duurzame_veiligheid"
    assert DecisionRecord.objects.get(case=phase_1).status == "genomen"
    assert _post(answer, ruben, {"answer": "bevestigen"}).status_code == 404  # none left


def _api(cast, username):
    token = ApiToken.issue(cast.users[username])
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_X_PURPOSE": "hulpverlening"}


def _post(url, headers, body):
    from django.test import Client

    return Client().post(url, data=json.dumps(body), content_type="application/json",
                         **headers)
