import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.services import add_entry


def make_attachment(cast, ctx_of, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    entry = add_entry(ctx_of("lotte"), cast.household, kind="document", text="Verslag",
                      occurred_at=cast.entries["report"].occurred_at, subjects=[cast.noor],
                      confidentiality=10, legal_basis="jeugdwet_taak",
                      uploads=[SimpleUploadedFile("verslag.txt", b"Vertrouwelijk verslag.")])
    return entry.attachments.get()


def test_download_is_attachment_with_nosniff_and_logged(login, cast, ctx_of, settings,
                                                        tmp_path):
    attachment = make_attachment(cast, ctx_of, settings, tmp_path)
    response = login("ruben").get(reverse("web:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "verslag.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Vertrouwelijk verslag."
    record = AccessLogRecord.objects.filter(event_code="attachment.read").get()
    assert record.result == "granted" and str(attachment.pk) in record.object_ids
    assert record.subject_ids == [str(cast.noor.pk)]


def test_outsider_gets_404_logged_with_attachment_id(login, cast, ctx_of, settings,
                                                     tmp_path):
    attachment = make_attachment(cast, ctx_of, settings, tmp_path)
    before = AccessLogRecord.objects.count()
    response = login("olga").get(reverse("web:attachment", args=[attachment.pk]))
    assert response.status_code == 404
    record = AccessLogRecord.objects.order_by("-id").first()
    assert AccessLogRecord.objects.count() == before + 1
    assert record.result == "refused" and record.object_ids == [str(attachment.pk)]
    assert record.object_type == "attachment"


def test_unknown_attachment(login, cast):
    missing = uuid.uuid4()
    response = login("lotte").get(reverse("web:attachment", args=[missing]))
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().object_ids == [str(missing)]
