import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/households": {"get", "post"},
    "/api/v1/households/{household_id}": {"get"},
    "/api/v1/persons": {"get"},
    "/api/v1/persons/{person_id}": {"get"},
    "/api/v1/persons/{person_id}/consents": {"get", "post"},
    "/api/v1/cases": {"get"},
    "/api/v1/cases/{case_id}": {"get"},
    "/api/v1/entries": {"get", "post"},
    "/api/v1/entries/{entry_id}": {"get"},
    "/api/v1/entries/{entry_id}/corrections": {"post"},
    "/api/v1/search": {"get"},
    # Phased safety work (safety/api.py)
    "/api/v1/cases/{case_id}/lifecycle": {"get"},
    "/api/v1/cases/{case_id}/transitions": {"post"},
    "/api/v1/cases/{case_id}/proposal": {"post"},
    "/api/v1/cases/{case_id}/safety-plan": {"get"},
    "/api/v1/cases/{case_id}/safety-plan/agreements": {"post"},
    "/api/v1/cases/{case_id}/safety-plan/scalings": {"post"},
    # Integral analysis and instruments (analysis/api.py)
    "/api/v1/households/{household_id}/analysis": {"get", "post"},
    "/api/v1/analysis-versions/{version_id}": {"get"},
    "/api/v1/analysis-versions/{version_id}/responses": {"post"},
    "/api/v1/instruments": {"get"},
    "/api/v1/households/{household_id}/instrument-results": {"get", "post"},
    "/api/v1/instrument-results/{result_id}": {"get"},
    # Team changes and case-table meeting records (collaboration/api.py)
    "/api/v1/cases/{case_id}/team": {"get"},
    "/api/v1/cases/{case_id}/team-changes": {"post"},
    "/api/v1/case-tables/{session_id}/meeting": {"get"},
    "/api/v1/case-tables/{session_id}/meeting/agenda-items": {"post"},
    "/api/v1/case-tables/{session_id}/meeting/attendance": {"post"},
    "/api/v1/case-tables/{session_id}/meeting/decisions": {"post"},
    "/api/v1/case-tables/{session_id}/meeting/actions": {"post"},
    "/api/v1/follow-up-actions/{action_id}/status": {"post"},
    # Shielded addresses (api/address_shields.py)
    "/api/v1/households/{household_id}/address-shields": {"get", "post"},
    "/api/v1/address-shields/{shield_id}/end": {"post"},
    # Keeping the registration right (api/registration.py)
    "/api/v1/households/{household_id}/registration-changes": {"get"},
    "/api/v1/households/{household_id}/members": {"post"},
    "/api/v1/households/{household_id}/members/{member_id}/changes": {"post"},
    "/api/v1/households/{household_id}/gezag": {"post"},
    "/api/v1/households/{household_id}/gezag/{gezag_id}/changes": {"post"},
    "/api/v1/households/{household_id}/address-changes": {"post"},
    # Legal measures per person (api/measures.py)
    "/api/v1/households/{household_id}/measures": {"get", "post"},
    "/api/v1/measures/{measure_id}": {"get"},
    "/api/v1/measures/{measure_id}/status-changes": {"post"},
    # Decision records and requests for a measure (api/decisions.py, decision 0051)
    "/api/v1/households/{household_id}/decision-records": {"get", "post"},
    "/api/v1/decision-records/{record_id}": {"get"},
    "/api/v1/decision-records/{record_id}/facts": {"post"},
    "/api/v1/decision-records/{record_id}/facts/{fact_id}/source": {"post"},
    "/api/v1/decision-records/{record_id}/family-views": {"post"},
    "/api/v1/measure-requests/{request_id}": {"get"},
    "/api/v1/measure-requests/{request_id}/review": {"post"},
    # Case tables on a chosen basis (api/case_tables.py)
    "/api/v1/case-table-bases": {"get"},
    "/api/v1/households/{household_id}/case-tables": {"post"},
}


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")  # public, no token needed
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["version"] == "1"
    paths = doc["paths"]
    assert set(paths) == set(PATHS)
    for path, methods in PATHS.items():
        assert not path.endswith("/")
        assert set(paths[path]) == methods, path
        for operation in paths[path].values():
            assert operation["security"] == [{"BearerToken": []}]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}


def test_openapi_documents_problem_responses(client):
    doc = client.get("/api/v1/openapi.json").json()
    detail = doc["paths"]["/api/v1/households/{household_id}"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(detail)
