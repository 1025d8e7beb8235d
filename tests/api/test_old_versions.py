"""Old versions by id on the API: after a correction that raises protection, another
organisation cannot read the replaced version (issue 10, "Old versions")."""

import pytest

from netwerkdossier.dossier.models import Confidentiality
from netwerkdossier.dossier.services import correct_entry

from .conftest import assert_refused_404

pytestmark = pytest.mark.django_db


def test_old_version_refused_to_other_organisations_after_raising_to_organisatie(
        cast, ctx_of, api_as):
    old = cast.entries["conversation"]  # lotte's (wijkteam)
    assert api_as("ruben").get(f"/api/v1/entries/{old.pk}").status_code == 200
    new = correct_entry(ctx_of("lotte"), old, text="Huisbezoek, alleen voor het wijkteam.",
                        reason="Bevat interne afwegingen",
                        confidentiality=Confidentiality.ORGANISATIE)
    for entry in (old, new):
        assert_refused_404(api_as("ruben").get(f"/api/v1/entries/{entry.pk}"), entry.pk,
                           username="ruben")
    assert_refused_404(api_as("olga").get(f"/api/v1/entries/{old.pk}"), old.pk)
    # The own organisation still reads both versions, the old one with its old text.
    body = api_as("lotte").get(f"/api/v1/entries/{old.pk}").json()
    assert body["text"] == old.text
    assert [v["id"] for v in body["versions"]] == [str(old.pk), str(new.pk)]


def test_old_version_refused_after_adding_health_data(cast, ctx_of, api_as):
    old = cast.entries["report"]  # ruben's (RVT) report, shared with the team
    assert api_as("lotte").get(f"/api/v1/entries/{old.pk}").status_code == 200
    correct_entry(ctx_of("ruben"), old, text="Melding; moeder is in behandeling bij GGZ.",
                  reason="Aanvulling", health_data=True)
    for username in ("lotte", "gert"):
        assert_refused_404(api_as(username).get(f"/api/v1/entries/{old.pk}"), old.pk,
                           username=username)
    listed = api_as("lotte").get("/api/v1/entries", {"household": cast.household.pk}).json()
    assert str(old.pk) not in {r["id"] for r in listed["results"]}
    assert api_as("ruben").get(f"/api/v1/entries/{old.pk}").status_code == 200
