"""Bad input on the web: a Dutch message, nothing saved, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netwerkdossier.dossier.models import Entry

from .test_entry_add import form_data

pytestmark = pytest.mark.django_db


def test_impossible_date_gets_a_dutch_message_and_keeps_the_text(login, cast):
    before = Entry.objects.count()
    response = login("lotte").post(reverse("web:entry_add", args=[cast.household.pk]),
                                   form_data(cast, occurred_date="0001-01-01"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul een datum tussen 1900 en 2100 in." in html
    assert "Gesprek met Noor op school." in html  # the typed text is not lost
    assert Entry.objects.count() == before


def test_nul_in_text_gets_a_dutch_message(login, cast):
    before = Entry.objects.count()
    response = login("lotte").post(reverse("web:entry_add", args=[cast.household.pk]),
                                   form_data(cast, text="Gesprek\u0000 met Noor"))
    assert response.status_code == 200
    assert "Null-tekens zijn niet toegestaan" in response.content.decode()
    assert Entry.objects.count() == before


def test_nul_in_search_is_a_dutch_400_page(login):
    response = login("lotte").get("/zoeken", {"q": "jan\u0000sen"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit verzoek kan niet worden verwerkt" in html and 'lang="nl"' in html


def test_too_large_upload_is_a_dutch_413_page(login, cast, settings):
    settings.ATTACHMENT_MAX_BYTES = 10_000
    before = Entry.objects.count()
    upload = SimpleUploadedFile("groot.pdf", b"%PDF-1.4 " + b"x" * 1_100_000,
                                content_type="application/pdf")
    response = login("lotte").post(reverse("web:entry_add", args=[cast.household.pk]),
                                   {**form_data(cast), "attachments": upload})
    assert response.status_code == 413
    assert "te groot" in response.content.decode()
    assert Entry.objects.count() == before
