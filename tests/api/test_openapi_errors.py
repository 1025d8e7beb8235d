"""The OpenAPI document names every error as problem+json, and the API answers so
(issue 11, point 7)."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_error_answer_is_a_problem(document):
    for path, method, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if int(status) >= 400:
                assert list(answer["content"]) == [PROBLEM], (path, method, status)
                assert answer["content"][PROBLEM]["schema"]["$ref"].endswith("/Problem")


def test_every_operation_lists_the_errors_it_can_meet(document):
    for path, method, operation in _operations(document):
        codes = {int(c) for c in operation["responses"]}
        assert {400, 401, 500} <= codes, (path, method)
        if "{" in path:
            assert 404 in codes, (path, method)
        if method == "post":
            assert {403, 413, 415, 422} <= codes, (path, method)
        assert any(p["name"] == "X-Purpose" for p in operation["parameters"]), path


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)


def test_documented_routes_answer_401_as_a_problem(document):
    """Without a token every route answers what the document says: a 401 problem."""
    client = Client()
    for path, method, _operation in _operations(document):
        response = getattr(client, method)(_concrete(path), content_type="application/json")
        assert response.status_code == 401, (path, method, response.status_code)
        assert response["Content-Type"] == PROBLEM, (path, method)


def test_writes_that_are_not_json_answer_415_as_documented(document, cast):
    from netwerkdossier.accounts.tokens import ApiToken

    token = ApiToken.issue(cast.users["lotte"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_PURPOSE="hulpverlening")
    for path, method, _operation in _operations(document):
        if method != "post":
            continue
        response = client.post(_concrete(path), "a=b", content_type="text/plain")
        assert response.status_code == 415 and response["Content-Type"] == PROBLEM, path
