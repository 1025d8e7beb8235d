"""Helpers for the analysis tests: an API client per persona and a small analysis."""

import json

import pytest
from django.test import Client

from netwerkdossier.accounts.tokens import ApiToken

PROBLEM = "application/problem+json"


class ApiClient:
    def __init__(self, token: str):
        self.client = Client()
        # Professionals with several possible purposes state theirs (X-Purpose).
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}",
                        "HTTP_X_PURPOSE": "hulpverlening"}

    def get(self, path):
        return self.client.get(path, **self.headers)

    def post(self, path, body=None, raw=None):
        content = raw if raw is not None else json.dumps(body, default=str)
        return self.client.post(path, content, content_type="application/json",
                                **self.headers)


@pytest.fixture
def api_as(cast):
    def make(username: str):
        return ApiClient(ApiToken.issue(cast.users[username]))

    return make


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()


def first_items(cast) -> list[dict]:
    """Four points: a worry about Noor, a risk and a protective factor, and a point on
    the mental-health domain (health data)."""
    return [
        {"domain": "veiligheid", "person": str(cast.noor.pk), "kind": "zorg",
         "text": "Noor is bang als er ruzie is."},
        {"domain": "financien", "person": str(cast.mother.pk), "kind": "risico",
         "text": "Schulden geven veel spanning."},
        {"domain": "sociaal_netwerk", "person": None, "kind": "beschermend",
         "text": "Oma woont dichtbij en helpt."},
        {"domain": "psychische_gezondheid", "person": str(cast.mother.pk), "kind": "risico",
         "text": "Moeder is somber sinds de scheiding."},
    ]


def first_hypotheses() -> list[dict]:
    return [{"text": "Spanning door schulden leidt tot ruzie waar Noor bang van wordt.",
             "factors": [2, 3], "worries": [1]},
            {"text": "Somberheid maakt het moeilijk om ruzie te voorkomen.",
             "factors": [4], "worries": [1]}]


@pytest.fixture
def make_version(cast, ctx_of):
    from netwerkdossier.analysis.services import save_version

    def make(username="lotte", based_on=None, items=None, hypotheses=None, **kwargs):
        ctx = ctx_of(username)
        if based_on is not None:  # continue from the current version unless told otherwise
            from netwerkdossier.analysis.services import current_version

            content = current_version(cast.household.pk).content
            items = content["items"] if items is None else items
            hypotheses = content["hypotheses"] if hypotheses is None else hypotheses
        return save_version(ctx, cast.household, based_on=based_on,
                            items=first_items(cast) if items is None else items,
                            hypotheses=first_hypotheses() if hypotheses is None else hypotheses,
                            **{"family_view": "Moeder: het gaat beter dan vorig jaar.",
                               **kwargs})

    return make
