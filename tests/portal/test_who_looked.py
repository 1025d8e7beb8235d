"""'Wie keek er?': a professional's read shows up seconds later, in plain words."""

from datetime import UTC

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


def _entry_about(cast, subjects, **extra):
    from django.utils import timezone

    from netwerkdossier.dossier.services import add_entry

    return add_entry(context_for(cast.users["lotte"]), cast.household, kind="note",
                     text="Daan vertelt iets in vertrouwen.", occurred_at=timezone.now(),
                     subjects=subjects, confidentiality=10, legal_basis="jeugdwet_taak",
                     **extra)


def _looked(portal_login, client, username):
    html = portal_login(username).get("/portaal/wie-keek").content.decode()
    client.post("/portaal/uitloggen")
    return html


def test_a_parent_does_not_see_reads_of_an_entry_confidential_for_the_child(
        cast, login, portal_login, client):
    secret = _entry_about(cast, [cast.daan], confidential_for_member=cast.daan)
    assert login("tamara").get(f"/aantekeningen/{secret.pk}").status_code == 200
    client.logout()
    # A read the mother does see, so her list is not empty for another reason.
    login("ruben").get(f"/aantekeningen/{cast.entries['conversation'].pk}")
    client.logout()
    # Daan reads who looked at his entry; his mother, who acts for him, does not.
    assert "Tamara Meijer" in _looked(portal_login, client, "daan")
    sanne = portal_login("sanne")
    assert "Tamara Meijer" not in sanne.get("/portaal/wie-keek").content.decode()
    # Nor in her data download.
    doc = sanne.get("/portaal/mijn-gegevens.json").json()
    assert {row["wie"] for row in doc["wie_keek"]} == {"Ruben Bakker"}


def test_a_parent_sees_reads_of_an_entry_about_the_child_she_may_read(
        cast, login, portal_login, client):
    """The control of the test above: the same read, without the confidentiality."""
    shared = _entry_about(cast, [cast.daan])
    assert login("tamara").get(f"/aantekeningen/{shared.pk}").status_code == 200
    client.logout()
    assert "Tamara Meijer" in _looked(portal_login, client, "sanne")


def test_a_co_subject_sees_reads_of_an_entry_about_her_even_when_confidential(
        cast, login, portal_login, client):
    """Who read data about her is hers to know (AVG art. 15), whoever it is hidden from."""
    secret = _entry_about(cast, [cast.daan, cast.mother], confidential_for_member=cast.daan)
    assert login("tamara").get(f"/aantekeningen/{secret.pk}").status_code == 200
    client.logout()
    assert "Tamara Meijer" in _looked(portal_login, client, "sanne")


def test_reads_of_what_belongs_to_a_hidden_entry_are_left_out_too(cast, ctx_of):
    """An attachment, a subject row, an own statement: each tells that the entry exists."""
    from datetime import datetime

    from netwerkdossier.dossier.models import EntrySubject
    from netwerkdossier.portal.family import member_context
    from netwerkdossier.portal.looked import records_about
    from tests.portal.looked_records import read_at

    secret = _entry_about(cast, [cast.daan], confidential_for_member=cast.daan)
    shared = _entry_about(cast, [cast.daan])
    tamara = ctx_of("tamara")
    moment = datetime.now(UTC)
    for entry in (secret, shared):
        row = EntrySubject.objects.get(entry=entry, person=cast.daan)
        read_at(tamara, moment, [cast.daan], object_type="entry_subject",
                object_ids=[str(row.pk)])

    def shown(username):
        person = cast.family_users[username].person
        return {oid for r in records_about(member_context(person), [person.pk, cast.daan.pk])
                .filter(object_type="entry_subject") for oid in r.object_ids}

    secret_row = str(EntrySubject.objects.get(entry=secret, person=cast.daan).pk)
    shared_row = str(EntrySubject.objects.get(entry=shared, person=cast.daan).pk)
    assert shown("sanne") == {shared_row}
    assert shown("daan") == {secret_row, shared_row}


def test_the_demo_shows_daan_a_read_that_his_mother_does_not_see(cast):
    from netwerkdossier.portal.family import member_context
    from netwerkdossier.portal.looked import records_about
    from netwerkdossier.synthetic import confidential_demo

    note = confidential_demo.build(cast)
    tamara = str(cast.users["tamara"].uuid)

    def reads_of_note(person, persons):
        return records_about(member_context(person), [p.pk for p in persons]).filter(
            user_id=tamara, object_type="entry")

    assert [r.object_ids for r in reads_of_note(cast.daan, [cast.daan])] == [[str(note.pk)]]
    assert not reads_of_note(cast.mother, [cast.mother, cast.noor, cast.daan]).exists()


def test_the_kinds_the_family_reads_through_the_access_module_are_derived():
    """Measures and decision records (a family gate), and the team's dissent and the
    review that belong to them (never for the family); not the safety plan."""
    from netwerkdossier.portal.looked import _work_read_through_access

    types = {k.log_type for k in _work_read_through_access()}
    assert {"measure", "decision_record", "measure_request", "decision_dissent",
            "measure_request_review"} <= types
    assert not types & {"agreement", "safety_plan", "analysis_version", "scaling"}


def _analysis_version(cast):
    from netwerkdossier.analysis.services import save_version

    return save_version(context_for(cast.users["lotte"]), cast.household, based_on=None,
                        items=[{"domain": "sociaal_netwerk", "person": None,
                                "kind": "beschermend", "text": "Oma woont vlakbij."}],
                        hypotheses=[], rule="team")


@pytest.mark.parametrize("viewer,sees", [("lieke", True), ("sanne", False), ("daan", False),
                                         ("mark", False)])
def test_a_response_to_the_analysis_shows_only_to_who_may_read_its_words(
        cast, portal_login, viewer, sees):
    """Lotte writes down Lieke's (17) dispute of the analysis. Its records name the
    whole household, but a response is Lieke's own words (access/family_rules.py): her
    mother, her brother and her father do not learn that it was written, when or by
    whom, on the page or in the data download."""
    import json

    from netwerkdossier.analysis.services import respond

    respond(context_for(cast.users["lotte"]), _analysis_version(cast), cast.lieke, False,
            "Ik kom tussenbeide omdat niemand anders het doet.", rule="team")
    client = portal_login(viewer)
    page = client.get("/portaal/wie-keek").content.decode()
    assert ("reactie op de analyse" in page) is sees
    download = json.loads(client.get("/portaal/mijn-gegevens.json").content)
    assert any("reactie op de analyse" in r["wat"] for r in download["wie_keek"]) is sees


def test_a_parent_sees_that_the_team_wrote_down_her_young_childs_response(
        cast, portal_login):
    """Daan is 14: his mother (gezag) may read his words, so also that they were
    written down."""
    from netwerkdossier.access.api import context_for
    from netwerkdossier.analysis.services import respond

    respond(context_for(cast.users["lotte"]), _analysis_version(cast), cast.daan, True,
            "Klopt.", rule="team")
    assert "reactie op de analyse" in portal_login("sanne").get(
        "/portaal/wie-keek").content.decode()
