"""Placeholders, "Waarom zie ik dit?", sensitive categories and the reporter (melder)
in the web UI, and the entry form's new fields."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netwerkdossier.access.api import READ, context_for, decide
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry, ReporterIdentity
from netwerkdossier.dossier.services import add_entry, correct_entry
from netwerkdossier.households.models import Person

pytestmark = pytest.mark.django_db
PLACEHOLDER = "Wilt u meer weten?"


def _page(client, cast):
    return client.get(reverse("web:household", args=[cast.household.pk])).content.decode()


def test_placeholders_for_gert_but_not_for_health_or_criminal(login, cast):
    html = _page(login("gert"), cast)
    org_note = cast.entries["org_note"]
    assert cast.entries["org_note"].text not in html
    assert (f"Er is een aantekening van {org_note.owner_organisation.name} van"
            in html)
    assert f"Neem contact op met {org_note.owner_organisation.name}." in html
    record = AccessLogRecord.objects.get(event_code="entry.placeholder")
    expected = {cast.entries[k].pk for k in ("conversation", "org_note", "father",
                                              "lieke_confidential", "third_party")}
    assert {str(pk) for pk in expected} == set(record.object_ids)
    assert record.subject_ids == [] and record.action == "R"
    # Health and criminal entries are not even announced; readable ones are shown.
    for key in ("criminal", "secrecy"):
        assert str(cast.entries[key].pk) not in record.object_ids
    assert html.count(PLACEHOLDER) == 5
    for key in ("conversation", "father", "lieke_confidential", "third_party"):
        assert cast.entries[key].text not in html


def test_no_placeholders_when_everything_is_readable_or_not_announced(login, cast):
    html = _page(login("lotte"), cast)
    assert PLACEHOLDER not in html
    assert not AccessLogRecord.objects.filter(event_code="entry.placeholder").exists()


FILTER_NOTICE = "Met een filter ziet u alleen aantekeningen die u mag lezen."


def test_subject_and_kind_filters_make_no_placeholder_appear_or_vanish(login, cast):
    # Gert may only know that five entries exist. Filters on what a placeholder does not
    # show (subject, kind) used to pick among them, revealing e.g. that an unreadable
    # entry is about the father: now the placeholder set is the same (none) for every
    # value, the subject of a placeholder or not, a kind that has one or not.
    client = login("gert")
    url = reverse("web:household", args=[cast.household.pk])
    partial = reverse("web:timeline", args=[cast.household.pk])
    assert _page(client, cast).count(PLACEHOLDER) == 5
    before = AccessLogRecord.objects.filter(event_code="entry.placeholder").count()
    filters = [{"lid": p.pk} for p in (cast.father, cast.mother, cast.noor, cast.lieke)]
    filters += [{"soort": k} for k in ("note", "conversation", "decision", "report")]
    filters += [{"lid": cast.father.pk, "soort": "conversation"}]
    for params in filters:
        for page_url, extra in ((url, {}), (partial, {"HTTP_HX_REQUEST": "true"})):
            response = client.get(page_url, params, **extra)
            assert response.status_code == 200
            html = response.content.decode()
            assert html.count(PLACEHOLDER) == 0, params
            assert "nd-entry--placeholder" not in html, params
            assert FILTER_NOTICE in html, params
    assert AccessLogRecord.objects.filter(event_code="entry.placeholder").count() == before


def test_the_organisation_filter_keeps_placeholders_it_names(login, cast):
    # A placeholder names its organisation, so filtering on it reveals nothing new:
    # the placeholders under the filter are those of the unfiltered page naming it.
    client = login("gert")
    url = reverse("web:household", args=[cast.household.pk])
    unfiltered = _page(client, cast)
    seen = 0
    for key in ("org_note", "father"):  # wijkteam and RVT entries gert may not read
        org = cast.entries[key].owner_organisation
        html = client.get(url, {"organisatie": org.pk}).content.decode()
        named = f"Er is een aantekening van {org.name} van"
        assert html.count(PLACEHOLDER) == unfiltered.count(named) == html.count(named) > 0
        assert FILTER_NOTICE not in html
        seen += html.count(PLACEHOLDER)
    assert seen == unfiltered.count(PLACEHOLDER) == 5


def test_placeholders_stay_in_their_page_window(login, cast, make_entries):
    # 30 readable entries for gert (wijkteam conversation about Sanne, who consented)
    # that are newer than the cast's entries: page 1 has no room for old placeholders.
    made = make_entries(30, subjects=[cast.mother], kind="conversation", days_ago=20)
    ctx = context_for(cast.users["gert"])
    assert decide(ctx, READ, made[0]).allowed
    client = login("gert")
    url = reverse("web:household", args=[cast.household.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"pagina": 2}).content.decode()
    assert first.count(PLACEHOLDER) == 0
    assert second.count(PLACEHOLDER) == 5


def test_why_on_the_entry_page_matches_decide(login, cast):
    for username, key in (("ruben", "ggz_shared"), ("gert", "report"), ("lotte", "org_note")):
        entry = cast.entries[key]
        decision = decide(context_for(cast.users[username]), READ, entry)
        html = login(username).get(reverse("web:entry", args=[entry.pk])).content.decode()
        assert "Waarom zie ik dit?" in html
        assert escape(decision.reason) in html, (username, key)


def test_timeline_links_to_the_explanation(login, cast):
    html = _page(login("lotte"), cast)
    entry = cast.entries["conversation"]
    assert f'{reverse("web:entry", args=[entry.pk])}#waarom' in html


def test_sensitive_badges_and_release(login, cast):
    client = login("lotte")
    html = client.get(reverse("web:entry", args=[cast.entries["ggz_shared"].pk])).content
    assert "Gezondheid/GGZ" in html.decode()
    html = client.get(reverse("web:entry",
                              args=[cast.entries["lieke_confidential"].pk])).content.decode()
    assert "Vertrouwelijk voor Lieke Jansen" in html
    html = client.get(reverse("web:entry", args=[cast.entries["third_party"].pk])).content
    assert "Informatie over derden" in html.decode()


def test_reporter_shown_to_the_receiving_organisation_only(login, cast):
    report = cast.entries["report"]
    url = reverse("web:entry", args=[report.pk])
    html = login("ruben").get(url).content.decode()
    assert "Marieke Dekker" in html and "leerkracht van Noor" in html
    record = AccessLogRecord.objects.get(event_code="entry.reporter.read")
    # The reporter identity row that was shown (the catalogue's "melder", which leads to
    # the entry); about no family member.
    reporter = ReporterIdentity.objects.get(entry=report)
    assert record.object_type == "reporter_identity"
    assert record.object_ids == [str(reporter.pk)] and record.subject_ids == []

    html = login("lotte").get(url).content.decode()
    assert "Marieke Dekker" not in html and "De Vlinder" not in html
    assert (f"afgeschermd (alleen zichtbaar voor {report.owner_organisation.name})"
            in html)
    assert AccessLogRecord.objects.filter(event_code="entry.reporter.read").count() == 1


def test_reporter_never_in_timeline_or_log(login, cast):
    for username in ("ruben", "lotte", "gert"):
        client = login(username)
        assert "Marieke" not in _page(client, cast)
        client.get(reverse("web:entry", args=[cast.entries["report"].pk]))
        client.get(reverse("web:search"), {"q": "Marieke"})
    for record in AccessLogRecord.objects.all():
        assert "Marieke" not in str(record.__dict__)


# --- the entry form ----------------------------------------------------------------------

def _form(cast, **extra):
    now = timezone.localtime() - timedelta(hours=1)
    data = {"kind": "note", "occurred_date": now.strftime("%Y-%m-%d"),
            "occurred_time": now.strftime("%H:%M"), "subjects": [str(cast.noor.pk)],
            "text": "Nieuwe aantekening", "confidentiality": "10",
            "legal_basis": "jeugdwet_taak"}
    data.update(extra)
    return data


def test_add_with_categories_member_and_reporter(login, cast):
    client = login("ruben")
    url = reverse("web:entry_add", args=[cast.household.pk])
    response = client.post(url, _form(
        cast, kind="report", health_data="on", third_party_data="on",
        confidential_for_member=str(cast.lieke.pk), reporter_name="Buurman Piet",
        reporter_relation="buurman", reporter_is_professional=""))
    assert response.status_code == 302, response.content.decode()
    entry = Entry.objects.get(text="Nieuwe aantekening")
    assert (entry.health_data, entry.criminal_data, entry.third_party_data) == \
        (True, False, True)
    assert entry.confidential_for_member == cast.lieke
    assert entry.reporter.name == "Buurman Piet" and not entry.reporter.is_professional


@pytest.mark.parametrize("extra,message", [
    ({"secrecy_release": "toestemming"},
     "Het beroepsgeheim doorbreken kan alleen bij een aantekening onder beroepsgeheim."),
    ({"reporter_name": "Iemand"}, "Een melder kan alleen bij een melding worden vastgelegd."),
    ({"kind": "report", "reporter_contact": "06-12345678"}, "Vul de naam van de melder in."),
])
def test_bad_new_fields_give_dutch_errors_and_save_nothing(login, cast, counts, extra,
                                                           message):
    before = counts()
    response = login("lotte").post(reverse("web:entry_add", args=[cast.household.pk]),
                                   _form(cast, **extra))
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    after = counts()
    assert after["Entry"] == before["Entry"]
    assert ReporterIdentity.objects.count() == 1


def test_service_refuses_a_confidential_member_outside_the_household(cast, ctx_of):
    stranger = Person.objects.create(given_names="Els", family_name="Vreemd",
                                     birth_date=timezone.localdate() - timedelta(days=9000))
    with pytest.raises(Exception) as caught:
        add_entry(ctx_of("lotte"), cast.household, kind="note", text="x",
                  occurred_at=timezone.now(), subjects=[cast.noor], confidentiality=10,
                  legal_basis="jeugdwet_taak", confidential_for_member=stranger)
    assert "lid van dit huishouden" in str(caught.value.message_dict)
    assert not Entry.objects.filter(text="x").exists()


def test_web_refuses_a_confidential_member_outside_the_household(login, cast, counts):
    before = counts()
    stranger = Person.objects.create(given_names="Els", family_name="Vreemd",
                                     birth_date=timezone.localdate() - timedelta(days=9000))
    response = login("lotte").post(reverse("web:entry_add", args=[cast.household.pk]),
                                   _form(cast, confidential_for_member=str(stranger.pk)))
    assert response.status_code == 200
    assert counts()["Entry"] == before["Entry"]


def test_correction_keeps_the_reporter(cast, ctx_of):
    report = cast.entries["report"]
    new = correct_entry(ctx_of("ruben"), report, text="Melding van school (aangevuld).",
                        reason="Aanvulling")
    assert new.reporter.name == "Marieke Dekker"
    assert ReporterIdentity.objects.get(entry=report).name == "Marieke Dekker"


def test_correction_form_keeps_and_cannot_drop_the_reporter(login, cast):
    report = cast.entries["report"]
    client = login("ruben")
    url = reverse("web:entry_correct", args=[report.pk])
    html = client.get(url).content.decode()
    assert 'value="Marieke Dekker"' in html
    occurred = timezone.localtime(report.occurred_at)
    data = {"text": "Aangevuld", "reason": "Aanvulling", "kind": "report",
            "occurred_date": occurred.strftime("%Y-%m-%d"),
            "occurred_time": occurred.strftime("%H:%M"),
            "subjects": [str(cast.mother.pk), str(cast.noor.pk)], "confidentiality": "10",
            "legal_basis": "wmo_vt", "reporter_name": "", "reporter_contact": "",
            "reporter_relation": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "de melder niet worden weggehaald" in response.content.decode()
    assert Entry.objects.filter(root_id=report.root_id).count() == 1
    data.update(reporter_name="Marieke Dekker", reporter_contact="groep 6, De Vlinder",
                reporter_relation="leerkracht van Noor", reporter_is_professional="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    new = Entry.objects.get(root_id=report.root_id, is_current=True)
    assert new.reporter.name == "Marieke Dekker" and new.reporter.is_professional


def test_correction_cannot_remove_a_sensitive_category(cast, ctx_of):
    with pytest.raises(Exception) as caught:
        correct_entry(ctx_of("lotte"), cast.entries["third_party"], text="x", reason="y",
                      third_party_data=False)
    assert "third_party_data" in caught.value.message_dict
