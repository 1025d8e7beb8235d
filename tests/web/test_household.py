import uuid

from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord


def url(cast):
    return reverse("web:household", args=[cast.household.pk])


def test_insider_sees_members_gezag_team_and_timeline(login, cast):
    response = login("lotte").get(url(cast))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Sanne Jansen", "Mark de Boer", "Noor Jansen", "Daan Jansen", "Lieke Jansen"):
        assert name in html
    assert "9 jaar" in html and "14 jaar" in html and "17 jaar" in html
    assert "Gezag: Sanne Jansen (ouderlijk gezag)" in html
    assert "Gezag beëindigd: Mark de Boer (ouderlijk gezag), tot en met" in html
    assert "Ruben Bakker" in html and "Vast duo" in html
    assert "Fase 1: directe veiligheid" in html
    assert "Huisbezoek met moeder" in html
    assert "<title>Gezin Jansen — Netwerkdossier</title>" in html


def test_granted_read_is_logged_with_members_as_subjects(login, cast):
    login("lotte").get(url(cast))
    record = AccessLogRecord.objects.get(event_code="household.read")
    assert record.result == "granted"
    assert record.object_ids == [str(cast.household.pk)]
    members = {str(p.pk) for p in (cast.mother, cast.father, cast.noor, cast.daan, cast.lieke)}
    assert set(record.subject_ids) == members
    assert record.rule == "team"
    entries = AccessLogRecord.objects.get(event_code="entry.list")
    assert str(cast.entries["conversation"].pk) in entries.object_ids


def test_outsider_gets_404_and_refusal_is_logged(login, cast):
    response = login("olga").get(url(cast))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Niet gevonden" in html and "Gezin Jansen" not in html
    record = AccessLogRecord.objects.get()
    assert record.result == "refused"
    assert record.username == "olga"
    assert record.object_ids == [str(cast.household.pk)]


def test_unknown_household_is_a_logged_404(login, cast):
    missing = uuid.uuid4()
    response = login("lotte").get(reverse("web:household", args=[missing]))
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().result == "refused"


def test_confidential_entries_are_not_listed(login, cast):
    html = login("ruben").get(url(cast)).content.decode()
    assert "Huisbezoek met moeder" in html
    assert cast.entries["secrecy"].text not in html
    assert cast.entries["org_note"].text not in html
    record = AccessLogRecord.objects.get(event_code="entry.list")
    assert str(cast.entries["secrecy"].pk) not in record.object_ids


def test_secrecy_author_sees_own_entry(login, cast):
    html = login("gert").get(url(cast)).content.decode()
    assert cast.entries["secrecy"].text in html
    assert cast.entries["org_note"].text not in html


def test_query_count_does_not_grow_with_entries(login, cast, make_entries,
                                               django_assert_max_num_queries):
    client = login("lotte")
    make_entries(60)
    # The page hands the subjects it loaded to the log (record(known_subjects=)), so
    # logging adds no query of its own.
    with django_assert_max_num_queries(30) as captured:
        response = client.get(url(cast))
    assert response.content.decode().count('class="nd-entry"') == 25
    # The household, its entries and placeholders are logged with one append.
    # Plain SQL, on PostgreSQL inside a statement that also queues the records for the
    # sequencer, or COPY (audit/log.py): any of them counts as the one append.
    appends = [q for q in captured.captured_queries
               if "insert into audit_accesslogrecord " in q["sql"].lower().replace('"', "")
               or q["sql"].lower().startswith("copy audit_accesslogrecord")]
    assert len(appends) == 1


def test_timeline_escapes_what_people_wrote(login, cast, ctx_of):
    from django.utils import timezone

    from netwerkdossier.dossier.models import Attachment
    from netwerkdossier.dossier.services import add_entry

    script = '<script>alert("x")</script> & <b>vet</b>'
    entry = add_entry(ctx_of("lotte"), cast.household, kind="note", text=script,
                      occurred_at=timezone.now(), subjects=[cast.noor], confidentiality=10,
                      legal_basis="jeugdwet_taak")
    Attachment.objects.filter(entry=entry).delete()
    html = login("lotte").get(url(cast)).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html
    # The item links to its own detail page and says why it is shown.
    detail = reverse("web:entry", args=[entry.pk])
    assert f'href="{detail}"' in html and f'href="{detail}#waarom"' in html


def test_team_can_start_a_report_from_the_household_page(login, cast):
    html = login("lotte").get(url(cast)).content.decode()
    assert f'href="{reverse("safety:report", args=[cast.household.pk])}"' in html


def test_timeline_names_a_subject_who_is_not_a_member(login, cast):
    from netwerkdossier.dossier.models import EntrySubject
    from netwerkdossier.households.models import Person

    outsider = Person.objects.create(given_names="Bram", family_name="Buiten",
                                     birth_date=cast.noor.birth_date)
    entry = cast.entries["conversation"]
    EntrySubject.objects.create(entry=entry, person=outsider)
    html = login("lotte").get(url(cast)).content.decode()
    assert "Bram Buiten" in html
