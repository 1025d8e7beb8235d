"""The access matrix page and CSV for the privacy officer (issue 10, point 9): generated
from the sharing rules in force, so a changed agreement changes the matrix; everyone
but the privacy officer gets the logged 404; every view is logged."""

import csv
import io

import pytest
from django.urls import reverse

from netwerkdossier.access.models import SharingRule
from netwerkdossier.audit.models import AccessLogRecord

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_privacy_officer_reads_the_matrix_generated_from_the_agreements(cast, login):
    client = login("priya")
    page = client.get(reverse("web:access_matrix")).content.decode()
    assert "Toegangsmatrix" in page and "ggz-met-toestemming" in page
    rows = _csv(client.get(reverse("web:access_matrix") + "?formaat=csv"))
    assert rows[0][0] == "Wie"
    police = [r for r in rows if r[0] == "Politie" and "politie-acute-veiligheid" in r[8]]
    assert police and "strafrechtelijk" in police[0][4] and "fasen" in police[0][5]
    # The police write no household work; the local team writes the analysis and plan.
    own = {r[0]: r[6] for r in rows if r[2] == "alles van de eigen organisatie"}
    assert own["Politie"] == "-"
    assert "Integrale analyse" in own["Lokaal (wijk)team"]
    records = AccessLogRecord.objects.filter(event_code__startswith="access.matrix")
    assert [r.event_code for r in records.order_by("pk")] == ["access.matrix",
                                                              "access.matrix.export"]


def test_a_changed_rule_changes_the_matrix(cast, login):
    client = login("priya")
    before = _csv(client.get(reverse("web:access_matrix") + "?formaat=csv"))
    assert any("ggz-met-toestemming" in r[8] for r in before)
    SharingRule.objects.filter(rule_key="ggz-met-toestemming").delete()
    after = _csv(client.get(reverse("web:access_matrix") + "?formaat=csv"))
    assert not any("ggz-met-toestemming" in r[8] for r in after)


@pytest.mark.parametrize("username", ["lotte", "tamara", "gert", "olga"])
def test_anyone_else_gets_the_logged_404(cast, login, username):
    response = login(username).get(reverse("web:access_matrix") + "?formaat=csv")
    assert response.status_code == 404
    assert AccessLogRecord.objects.filter(event_code="access.matrix",
                                          result="refused").exists()
