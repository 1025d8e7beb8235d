from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry


def url(entry):
    return reverse("web:entry_correct", args=[entry.pk])


def post_data(entry, **overrides):
    data = {"text": "Huisbezoek met moeder en de drie kinderen.", "reason": "Aantal kinderen",
            "kind": entry.kind, "occurred_date": entry.occurred_at.strftime("%Y-%m-%d"),
            "occurred_time": "10:00", "subjects": [str(p.pk) for p in entry.subjects.all()],
            "confidentiality": str(entry.confidentiality), "legal_basis": entry.legal_basis}
    data.update(overrides)
    return data


def test_form_is_prefilled(login, cast):
    entry = cast.entries["conversation"]
    html = login("lotte").get(url(entry)).content.decode()
    assert entry.text in html
    assert "Waarom corrigeert u dit?" in html


def test_correction_makes_a_new_version(login, cast):
    entry = cast.entries["conversation"]
    client = login("lotte")
    response = client.post(url(entry), post_data(entry))
    new = Entry.objects.get(replaces=entry)
    assert response.status_code == 302
    assert response.url == reverse("web:entry", args=[new.pk])
    entry.refresh_from_db()
    assert not entry.is_current and new.version == 2
    html = client.get(reverse("web:entry", args=[new.pk])).content.decode()
    assert "Huisbezoek met moeder en de drie kinderen." in html and entry.text in html
    timeline = client.get(reverse("web:household", args=[cast.household.pk])).content.decode()
    assert "versie 2 — gecorrigeerd" in timeline
    assert entry.text not in timeline


def test_reason_is_required(login, cast, counts):
    entry = cast.entries["conversation"]
    before = counts()
    response = login("lotte").post(url(entry), post_data(entry, reason=""))
    html = response.content.decode()
    assert "Schrijf waarom u dit corrigeert." in html
    assert 'href="#id_reason"' in html
    assert counts() == before


def test_other_organisation_may_not_correct(login, cast):
    entry = cast.entries["conversation"]  # written by lotte's wijkteam
    response = login("ruben").get(url(entry))
    assert response.status_code == 404
    record = AccessLogRecord.objects.get()
    assert record.result == "refused" and record.rule == "not_owner"
    assert login("ruben").post(url(entry), post_data(entry)).status_code == 404
    assert not Entry.objects.filter(replaces=entry).exists()


def test_old_version_cannot_be_corrected(login, cast):
    entry = cast.entries["conversation"]
    client = login("lotte")
    client.post(url(entry), post_data(entry))
    assert client.get(url(entry)).status_code == 404


def test_outsider_gets_404(login, cast):
    response = login("olga").get(url(cast.entries["conversation"]))
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().result == "refused"
