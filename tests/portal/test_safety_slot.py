"""The safety-plan section: agreements about the persons a member acts for, logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(cast, ctx_of):
    from netwerkdossier.safety.services import add_agreement

    due = timezone.localdate() + timedelta(days=14)
    ctx = ctx_of("lotte")
    add_agreement(ctx, cast.case, member_id=cast.daan.pk,
                  action="Daan belt oma als het thuis onrustig wordt.", owner="Daan",
                  due_on=due)
    add_agreement(ctx, cast.case, member_id=cast.father.pk,
                  action="Vader komt alleen op afspraak langs.", owner="Mark",
                  due_on=due)


def test_each_member_sees_the_agreements_about_whom_they_act_for(cast, agreements,
                                                                 portal_login, client):
    html = portal_login("daan").get("/portaal/").content.decode()
    assert "Daan belt oma" in html and "Vader komt alleen op afspraak" not in html
    record = AccessLogRecord.objects.filter(event_code="portal.safety_plan.read").latest("pk")
    assert record.rule == "member" and str(cast.daan.pk) in record.subject_ids
    client.post("/portaal/uitloggen")
    html = portal_login("sanne").get("/portaal/").content.decode()
    assert "Daan belt oma" in html  # Daan is 14, Sanne has gezag
    assert "Vader komt alleen op afspraak" not in html
    client.post("/portaal/uitloggen")
    html = portal_login("mark").get("/portaal/").content.decode()
    assert "Vader komt alleen op afspraak" in html and "Daan belt oma" not in html
