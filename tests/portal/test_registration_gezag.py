"""Gezag changed through the registration edit changes what a parent sees in the portal
(access/family_rules.py and the family gate: a parent reads a child's data while having
current gezag and the child is under 16)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Gezag
from netwerkdossier.households.registration import add_gezag
from netwerkdossier.synthetic.sign_in import sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOOR_ENTRY = "Melding van school: Noor vertelt over ruzie thuis en is bang."


def test_ending_marks_gezag_closes_noors_data_in_his_portal(cast, ctx_of, portal_login):
    gezag = add_gezag(ctx_of("lotte"), cast.household, holder_id=cast.father.pk,
                      child_id=cast.noor.pk, kind="ouderlijk",
                      valid_from=TODAY - timedelta(days=20), valid_to=None,
                      source={"kind": "beschikking", "reference": "C/12/1", "date":
                              TODAY - timedelta(days=20)},
                      reason="Gezamenlijk gezag hersteld.")
    mark = portal_login("mark")
    assert "omdat u gezag over hen hebt" in mark.get("/portaal/").content.decode()
    assert NOOR_ENTRY in mark.get("/portaal/aantekeningen").content.decode()

    lotte = Client()
    sign_in(lotte, cast.users["lotte"])
    session = lotte.session
    session["purpose"] = "hulpverlening"
    session.save()
    response = lotte.post(
        reverse("web:registration_gezag_change", args=[cast.household.pk, gezag.pk]), {
            "kind": "ouderlijk", "valid_from": gezag.valid_from.isoformat(),
            "valid_to": (TODAY - timedelta(days=1)).isoformat(),
            "source_kind": "beschikking", "source_reference": "C/12/2",
            "source_date": (TODAY - timedelta(days=1)).isoformat(),
            "reason": "De rechter heeft het gezag van vader beëindigd."})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Gezag.objects.get(pk=gezag.pk).is_current()

    home = mark.get("/portaal/").content.decode()
    assert "omdat u gezag over hen hebt" not in home
    assert NOOR_ENTRY not in mark.get("/portaal/aantekeningen").content.decode()
    report = cast.entries["report"]
    assert mark.get(f"/portaal/aantekeningen/{report.pk}").status_code == 404
    written = AccessLogRecord.objects.get(event_code="registration.gezag_ended")
    assert (written.username, written.action, written.result) == ("lotte", "C", "granted")
    assert {str(cast.father.pk), str(cast.noor.pk)} <= set(written.subject_ids)
