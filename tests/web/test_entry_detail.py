import uuid

from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.services import correct_entry


def test_detail_shows_entry_and_why(login, cast):
    entry = cast.entries["conversation"]
    response = login("ruben").get(reverse("web:entry", args=[entry.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert entry.text in html
    assert "Waarom zie ik dit?" in html and "team" in html
    record = AccessLogRecord.objects.get(event_code="entry.read")
    assert record.object_ids == [str(entry.pk)]
    assert str(cast.noor.pk) in record.subject_ids


def test_history_lists_all_versions(login, cast, ctx_of):
    old = cast.entries["conversation"]
    new = correct_entry(ctx_of("lotte"), old, text="Huisbezoek, gecorrigeerd.",
                        reason="Datum van het bezoek stond verkeerd.")
    html = login("ruben").get(reverse("web:entry", args=[old.pk])).content.decode()
    assert "Versie 2" in html and "Versie 1" in html
    assert old.text in html and new.text in html
    assert "Datum van het bezoek stond verkeerd." in html


def test_confidential_entry_is_404_for_other_discipline(login, cast):
    response = login("ruben").get(reverse("web:entry", args=[cast.entries["secrecy"].pk]))
    assert response.status_code == 404
    assert cast.entries["secrecy"].text not in response.content.decode()
    record = AccessLogRecord.objects.get()
    assert record.result == "refused" and record.rule == "confidential"


def test_outsider_gets_404(login, cast):
    response = login("olga").get(reverse("web:entry", args=[cast.entries["report"].pk]))
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().result == "refused"


def test_unknown_entry(login, cast):
    response = login("lotte").get(reverse("web:entry", args=[uuid.uuid4()]))
    assert response.status_code == 404
