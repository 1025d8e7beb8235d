"""'Wie keek er?': a professional's read shows up seconds later, in plain words."""

import pytest

from netwerkdossier.access.api import context_for
from netwerkdossier.access.models import BreakGlass
from netwerkdossier.audit.models import AccessLogRecord

pytestmark = pytest.mark.django_db


def test_a_professionals_read_made_seconds_earlier_is_listed(cast, login, portal_login):
    login("ruben").get(f"/aantekeningen/{cast.entries['conversation'].pk}")
    html = portal_login("lieke").get("/portaal/wie-keek").content.decode()
    assert "Ruben Bakker" in html
    assert "Regionaal Veiligheidsteam Waterland-Noord" in html
    assert "bekeek een aantekening" in html
    assert "Hulpverlening. Werkt in het team van jouw gezin." in html  # Lieke is 17: "je"
    # Reading the page is itself logged.
    record = AccessLogRecord.objects.latest("pk")
    assert record.event_code == "portal.access_log.read" and record.channel == "portaal"


def test_parent_sees_reads_about_children_under_16_but_not_about_lieke(
        cast, login, portal_login, client):
    from django.utils import timezone

    from netwerkdossier.dossier.services import add_entry

    lieke_entry = add_entry(context_for(cast.users["lotte"]), cast.household,
                            kind="note", text="Alleen over Lieke.",
                            occurred_at=timezone.now(), subjects=[cast.lieke],
                            confidentiality=10, legal_basis="jeugdwet_taak")
    assert login("tamara").get(f"/aantekeningen/{lieke_entry.pk}").status_code == 200
    looked = portal_login("sanne").get("/portaal/wie-keek").content.decode()
    assert "Tamara Meijer" not in looked
    client.post("/portaal/uitloggen")
    assert "Tamara Meijer" in portal_login("lieke").get("/portaal/wie-keek").content.decode()


def test_break_the_glass_is_shown(cast, login, portal_login):
    from datetime import timedelta

    from django.utils import timezone

    olga = cast.users["olga"]
    BreakGlass.objects.create(
        user=olga, household=cast.household,
        organisation=olga.memberships.first().organisation,
        reason="Spoed: melding politie over onveilige situatie vannacht.",
        started_at=timezone.now(), expires_at=timezone.now() + timedelta(hours=4))
    login("olga").get(f"/huishoudens/{cast.household.pk}")
    html = portal_login("daan").get("/portaal/wie-keek").content.decode()
    assert "Olga Smit" in html and "Noodtoegang gebruikt" in html


def test_reads_of_issue_4_work_are_named_in_plain_words(cast, login, portal_login):
    from netwerkdossier.synthetic import analysis_demo

    analysis_demo.build(cast)
    response = login("lotte").get(f"/huishoudens/{cast.household.pk}/analyse")
    assert response.status_code == 200
    html = portal_login("sanne").get("/portaal/wie-keek").content.decode()
    assert "bekeek de analyse van uw gezin" in html


def test_a_change_to_the_safety_plan_is_named_in_plain_words(cast, ctx_of, portal_login):
    from datetime import timedelta

    from django.utils import timezone

    from netwerkdossier.safety.services import add_agreement

    add_agreement(ctx_of("lotte"), cast.case, member_id=cast.daan.pk,
                  action="Daan belt oma.", owner="Daan",
                  due_on=timezone.localdate() + timedelta(days=7))
    html = portal_login("daan").get("/portaal/wie-keek").content.decode()
    assert "veranderde het veiligheidsplan" in html
    assert "schreef een afspraak uit het veiligheidsplan" in html
    assert "schreef een versie van het veiligheidsplan" in html

def test_every_object_type_about_a_family_has_plain_words():
    """A record about a family of any catalogued kind reads as words, not "gegevens"."""
    from netwerkdossier.access.catalogue import KINDS
    from netwerkdossier.portal.looked import OBJECT_WORDS

    about_families = {k.log_type for k in KINDS if k.subjects or k.household is not None}
    assert about_families - set(OBJECT_WORDS) == set()
