"""API test helpers: a bearer-token client per persona and access-log assertions."""

import json

import pytest
from django.test import Client

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.audit.models import AccessLogRecord

PROBLEM = "application/problem+json"


class ApiClient:
    """A token client that states its purpose of work in X-Purpose (None: no header)."""

    def __init__(self, token: str | None, purpose: str | None = None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if purpose is not None:
            self.headers["HTTP_X_PURPOSE"] = purpose

    def get(self, path, data=None, **extra):
        return self.client.get(path, data or {}, **{**self.headers, **extra})

    def post(self, path, body=None, raw=None, **extra):
        content = raw if raw is not None else json.dumps(body, default=str)
        return self.client.post(path, content, content_type="application/json",
                                **{**self.headers, **extra})

    def request(self, method, path, **extra):
        return getattr(self.client, method.lower())(path, **{**self.headers, **extra})


@pytest.fixture
def api_as(cast):
    """A client per persona; by default working for "hulpverlening" (every professional
    of the cast may), since a purpose is required where several are possible."""

    def make(username: str | None, purpose: str | None = "hulpverlening"):
        if username is None:
            return ApiClient(None)
        return ApiClient(ApiToken.issue(cast.users[username]), purpose)

    return make


def assert_problem(response, status: int):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


def refusals(object_id=None):
    records = AccessLogRecord.objects.filter(result="refused").order_by("id")
    if object_id is None:
        return list(records)
    return [r for r in records if str(object_id) in r.object_ids]


def assert_refused_404(response, object_id, username="olga"):
    assert_problem(response, 404)
    records = refusals(object_id)
    assert records, "the refusal must be in the access log"
    assert records[-1].username == username
    assert records[-1].channel == "api"
    return records[-1]
