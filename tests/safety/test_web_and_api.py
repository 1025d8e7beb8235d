"""Case pages and API: access first (404 for outsiders), then role (403), then input."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import Case, PhaseTransition
from netwerkdossier.safety.models import Agreement, Scaling


def test_report_form_creates_case_and_shows_deadline(cast, login):
    client = login("lotte")
    url = reverse("safety:report", args=[cast.household.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "kind": "melding", "title": "Melding school", "reported_on":
        timezone.localdate().isoformat(), "urgency": "normaal",
        "subjects": [str(cast.noor.pk)], "concerns": "Noor is bang om naar huis te gaan.",
        "reporter_name": "Meester Kees", "reporter_relation": "leerkracht"}, follow=True)
    case = Case.objects.get(title="Melding school")
    assert response.redirect_chain[-1][0] == reverse("safety:case", args=[case.pk])
    html = response.content.decode()
    assert "Melding of hulpvraag" in html and case.triage_due.strftime("%d-%m-%Y") in html


def test_report_form_errors_save_nothing(cast, login):
    before = Case.objects.count()
    response = login("lotte").post(reverse("safety:report", args=[cast.household.pk]), {
        "kind": "melding", "title": "", "urgency": "", "concerns": ""})
    html = response.content.decode()
    assert "Er is niets opgeslagen" in html and "Vul de naam van de melder in" in html
    assert Case.objects.count() == before


def test_blocked_transition_shows_what_is_missing(cast, login):
    client = login("lotte")
    html = client.get(reverse("safety:case", args=[cast.case.pk])).content.decode()
    assert "Nog niet mogelijk. Wat ontbreekt:" in html
    assert "Het veiligheidsplan mist nog" in html
    response = client.post(reverse("safety:transition", args=[cast.case.pk]), {
        "fase-to_phase": "duurzame_veiligheid", "fase-rationale": "Het gaat beter thuis.",
        "fase-family_agrees": "ja"})
    assert response.status_code == 200
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not PhaseTransition.objects.filter(case=cast.case).exists()


def test_consultant_gets_a_clear_refusal(cast, login):
    response = login("gert").post(reverse("safety:transition", args=[cast.case.pk]), {
        "fase-to_phase": "duurzame_veiligheid", "fase-rationale": "Het gaat beter thuis.",
        "fase-family_agrees": "ja"})
    assert response.status_code == 403
    assert "Alleen de casusregisseur of vast duo mag dit fasebesluit nemen" in \
        response.content.decode()


def test_outsider_gets_logged_404_on_post(cast, login):
    response = login("olga").post(reverse("safety:transition", args=[cast.case.pk]), {})
    assert response.status_code == 404
    record = AccessLogRecord.objects.latest("pk")
    assert (record.result, record.action) == ("refused", "U")


def test_triage_outcome_and_route_only_for_readers_of_phase_decisions(cast, login, client):
    """They are phase decisions: GGZ in the team reads those only with the family's
    consent, on the case page as in the API (a regression: the page showed them)."""
    from netwerkdossier.cases import lifecycle

    Case.objects.filter(pk=cast.case.pk).update(
        triage_outcome="acuut_onveilig", route="lokaal_vrijwillig",
        triage_due=timezone.localdate(), triage_on=timezone.localdate())
    triage = str(lifecycle.labelled("triage_outcome")["acuut_onveilig"])
    route = str(lifecycle.labelled("route")["lokaal_vrijwillig"])
    url = reverse("safety:case", args=[cast.case.pk])
    html = login("lotte").get(url).content.decode()
    assert triage in html and route in html
    response = login("gert").get(url)
    assert response.status_code == 200  # he is in the team: the case itself he reads
    html = response.content.decode()
    assert triage not in html and route not in html
    api = client.get(f"/api/v1/cases/{cast.case.pk}/lifecycle", **_api(cast, "gert")).json()
    assert api["triage_outcome"] is None and api["route"] is None


def _api(cast, username):
    token = ApiToken.issue(cast.users[username])
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_X_PURPOSE": "hulpverlening"}


def test_api_lifecycle_and_transition(cast, client):
    headers = _api(cast, "lotte")
    url = f"/api/v1/cases/{cast.case.pk}/lifecycle"
    body = client.get(url, **headers).json()
    assert body["phase"] == "directe_veiligheid"
    [option] = body["next"]
    assert option["to_phase"] == "duurzame_veiligheid" and not option["allowed_now"]
    response = client.post(f"/api/v1/cases/{cast.case.pk}/transitions",
                           data=json.dumps({"to_phase": "herstel", "rationale": "Door!!!!!!!",
                                            "family_agrees": "ja"}),
                           content_type="application/json", **headers)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "geen fase overslaan" in response.json()["invalid_params"][0]["reason"]
    response = client.post(f"/api/v1/cases/{cast.case.pk}/transitions",
                           data=json.dumps({"to_phase": "duurzame_veiligheid",
                                            "rationale": "Besproken in het team.",
                                            "family_agrees": "ja"}),
                           content_type="application/json", **_api(cast, "gert"))
    assert response.status_code == 403
    assert "casusregisseur" in response.json()["detail"]


def test_api_plan_agreement_and_scaling(cast, client):
    headers = _api(cast, "lotte")
    base = f"/api/v1/cases/{cast.case.pk}/safety-plan"
    assert client.get(base, **headers).json()["version"] == 0
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = client.post(f"{base}/agreements", data=json.dumps(
        {"member": str(cast.mother.pk), "action": "Bellen", "owner": "", "due_on": None}),
        content_type="application/json", **headers)
    assert bad.status_code == 422
    assert {p["name"] for p in bad.json()["invalid_params"]} == {"owner", "due_on"}
    ok = client.post(f"{base}/agreements", data=json.dumps(
        {"member": str(cast.mother.pk), "action": "Bellen", "owner": "Sanne", "due_on": due}),
        content_type="application/json", **headers)
    assert ok.status_code == 201 and Agreement.objects.count() == 1
    bad = client.post(f"{base}/scalings", data=json.dumps(
        {"scored_on": timezone.localdate().isoformat(),
         "scores": [{"person": str(cast.noor.pk), "score": 11}]}),
        content_type="application/json", **headers)
    assert bad.status_code == 422 and Scaling.objects.count() == 0
    ok = client.post(f"{base}/scalings", data=json.dumps(
        {"scored_on": timezone.localdate().isoformat(),
         "scores": [{"person": str(cast.noor.pk), "score": 8}], "own_score": 6}),
        content_type="application/json", **headers)
    assert ok.status_code == 201 and len(ok.json()) == 2
    plan = client.get(base, **headers).json()
    assert plan["version"] == 2 and len(plan["scalings"]) == 2


def test_api_outsider_gets_404_before_body_validation(cast, client):
    response = client.post(f"/api/v1/cases/{cast.case.pk}/safety-plan/scalings",
                           data="not json", content_type="application/json",
                           **_api(cast, "olga"))
    assert response.status_code == 404


def test_the_familys_view_of_a_phase_decision_is_never_preselected(cast, login):
    import re

    client = login("lotte")
    html = client.get(reverse("safety:case", args=[cast.case.pk])).content.decode()
    select = re.search(r'<select[^>]*name="fase-family_agrees".*?</select>', html, re.S)
    assert select is not None
    options = re.findall(r"<option[^>]*>", select.group(0))
    assert options[0].startswith('<option value=""')
    assert not any("selected" in o for o in options[1:])
    response = client.post(reverse("safety:transition", args=[cast.case.pk]), {
        "fase-to_phase": "duurzame_veiligheid", "fase-rationale": "Het gaat beter thuis.",
        "fase-family_agrees": ""})
    assert "Geef aan of het gezin het eens is met het besluit." in response.content.decode()
    assert not PhaseTransition.objects.filter(case=cast.case).exists()
