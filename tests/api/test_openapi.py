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
