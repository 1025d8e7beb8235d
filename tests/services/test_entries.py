"""Adding and correcting timeline entries; attachments are checked before storing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Attachment, Entry
from netwerkdossier.dossier.services import add_entry, correct_entry

pytestmark = pytest.mark.django_db


def counts():
    return (Entry.objects.count(), Attachment.objects.count(), AccessLogRecord.objects.count())


def add(ctx, cast, **kw):
    fields = {"kind": "note", "text": "Gesprek over de afspraken.",
              "occurred_at": timezone.now() - timedelta(hours=1), "subjects": [cast.noor],
              "confidentiality": 10, "legal_basis": "jeugdwet_taak", "case": cast.case}
    return add_entry(ctx, cast.household, **{**fields, **kw})


def test_add_entry_records_owner_author_and_log(cast, ctx_of):
    entry = add(ctx_of("ruben"), cast,
                uploads=[SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 test")])
    assert entry.owner_organisation == cast.users["ruben"].memberships.get().organisation
    assert entry.author_discipline == "vt_medewerker"
    assert entry.root_id == entry.id and entry.version == 1
    assert entry.attachments.get().content_type == "application/pdf"
    record = AccessLogRecord.objects.get(event_code="entry.create")
    assert record.subject_ids == [str(cast.noor.pk)]


def test_correction_is_a_new_version_and_keeps_the_old_text(cast, ctx_of):
    ctx = ctx_of("lotte")
    first = add(ctx, cast, text="Eerste tekst")
    second = correct_entry(ctx, first, text="Verbeterde tekst", reason="Datum klopte niet")
    first.refresh_from_db()
    assert (first.text, first.is_current) == ("Eerste tekst", False)
    assert (second.version, second.replaces_id, second.root_id) == (2, first.id, first.id)
    assert list(Entry.objects.filter(root_id=first.id).order_by("version")) == [first, second]


def test_correcting_an_old_version_is_refused(cast, ctx_of):
    ctx = ctx_of("lotte")
    first = add(ctx, cast)
    correct_entry(ctx, first, text="Nieuw", reason="Aanvulling")
    first.refresh_from_db()
    before = counts()
    with pytest.raises(ValidationError, match="oude versie"):
        correct_entry(ctx, first, text="Nog eens", reason="Fout")
    assert counts() == before


@pytest.mark.parametrize("kw,field", [
    ({"text": "   "}, "text"),
    ({"occurred_at": timezone.now() + timedelta(days=2)}, "occurred_at"),
    ({"subjects": []}, "subjects"),
    ({"confidentiality": 99}, "confidentiality"),
    ({"legal_basis": "zomaar"}, "legal_basis"),
])
def test_bad_entry_input_saves_nothing(cast, ctx_of, kw, field):
    before = counts()
    with pytest.raises(ValidationError) as info:
        add(ctx_of("lotte"), cast, **kw)
    assert field in info.value.message_dict
    assert counts() == before


def test_subject_must_belong_to_the_household(cast, ctx_of):
    from netwerkdossier.households.models import Person

    stranger = Person.objects.create(given_names="Piet", family_name="Vreemd",
                                     birth_date=timezone.localdate() - timedelta(days=9000))
    with pytest.raises(ValidationError, match="leden van dit huishouden"):
        add(ctx_of("lotte"), cast, subjects=[stranger])


@pytest.mark.parametrize("name,content,message", [
    ("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Programma's en scripts"),
    ("start.txt", b"#!/bin/sh\nrm -rf /\n", "Programma's en scripts"),
    ("foto.png", b"%PDF-1.4 not a png", "Dit soort bestand"),
    ("data.bin", b"\x00\x01\x02\x03" * 10, "Dit soort bestand"),
])
def test_executable_or_mislabelled_attachment_is_refused(cast, ctx_of, name, content,
                                                         message):
    before = counts()
    with pytest.raises(ValidationError) as info:
        add(ctx_of("lotte"), cast, uploads=[SimpleUploadedFile(name, content)])
    assert message in info.value.message_dict["attachments"][0]
    assert counts() == before


def test_oversized_attachment_is_refused(cast, ctx_of, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    before = counts()
    with pytest.raises(ValidationError, match="te groot"):
        add(ctx_of("lotte"), cast, uploads=[SimpleUploadedFile("a.txt", b"a" * 2048)])
    assert counts() == before


def test_failed_save_leaves_no_stored_file(cast, ctx_of, settings, monkeypatch, tmp_path):
    import netwerkdossier.dossier.services as services

    def broken_log(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(services, "record", broken_log)
    with pytest.raises(RuntimeError):
        add(ctx_of("lotte"), cast, uploads=[SimpleUploadedFile("a.txt", b"hallo")])
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert Entry.objects.filter(text="Gesprek over de afspraken.").count() == 0


def test_only_secrecy_bound_disciplines_choose_beroepsgeheim(cast, ctx_of):
    with pytest.raises(ValidationError, match="beroepsgeheim"):
        add(ctx_of("lotte"), cast, confidentiality=30)  # maatschappelijk werker
    assert add(ctx_of("gert"), cast, confidentiality=30).confidentiality == 30


def test_correction_cannot_lower_confidentiality(cast, ctx_of):
    ctx = ctx_of("lotte")
    entry = add(ctx, cast, confidentiality=20)
    with pytest.raises(ValidationError, match="niet lager"):
        correct_entry(ctx, entry, text="Nu voor iedereen", reason="Delen", confidentiality=10)
    raised = correct_entry(ctx, entry, text="Strenger", reason="Gevoelig", confidentiality=20)
    assert raised.confidentiality == 20
