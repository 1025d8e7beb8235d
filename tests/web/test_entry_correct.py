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
    # The level chosen before stays chosen; there is no empty choice that would keep it
    # silently.
    select = html.split('id="id_confidentiality"')[1].split("</select>")[0]
    assert '<option value=""' not in select
    assert f'<option value="{entry.confidentiality}" selected>' in select


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


def test_opening_an_old_version_leads_to_the_newest(login, cast):
    entry = cast.entries["conversation"]
    client = login("lotte")
    client.post(url(entry), post_data(entry))
    newest = Entry.objects.get(replaces=entry)
    response = client.get(url(entry), follow=True)
    assert response.redirect_chain == [(url(newest), 302)]
    assert "U corrigeert de nieuwste versie." in response.content.decode()
    assert not AccessLogRecord.objects.filter(result="refused").exists()


def someone_else_corrects(cast, entry, text="Tamara's versie van het gesprek."):
    """Tamara (team manager of the same wijkteam) saves a version first."""
    from netwerkdossier.access.api import context_for
    from netwerkdossier.dossier.services import correct_entry

    return correct_entry(context_for(cast.users["tamara"]), entry, text=text,
                         reason="Aangevuld", rule="manager+eigen_organisatie")


def test_a_stale_form_shows_both_texts_and_keeps_the_typed_one(login, cast):
    entry = cast.entries["conversation"]
    client = login("lotte")
    assert client.get(url(entry)).status_code == 200  # the form is opened at version 1
    newest = someone_else_corrects(cast, entry)
    mine = "Mijn eigen correctie, met zorg getypt."
    response = client.post(url(entry), post_data(entry, text=mine))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft deze aantekening intussen gecorrigeerd" in html
    assert "Tamara&#x27;s versie van het gesprek." in html  # theirs
    assert html.count(mine) == 2  # in the comparison and still in the text field
    assert f'action="{url(newest)}"' in html  # saving again corrects the newest version
    # Nothing saved from the stale form, no refusal, and the newest text shown is logged.
    assert Entry.objects.filter(root_id=entry.root_id).count() == 2
    assert not AccessLogRecord.objects.filter(result="refused").exists()
    shown = AccessLogRecord.objects.filter(event_code="entry.read").last()
    assert str(newest.pk) in shown.object_ids
    saved = client.post(url(newest), post_data(newest, text=mine))
    assert saved.status_code == 302
    assert Entry.objects.get(replaces=newest).text == mine


def test_losing_the_race_inside_the_save_shows_the_conflict(login, cast, monkeypatch):
    """Both saw version 1 as current; the other transaction committed first."""
    from netwerkdossier.web.views import entries

    entry = cast.entries["conversation"]
    client = login("lotte")
    real = entries.correct_entry

    def other_commits_first(ctx, old, **kwargs):
        someone_else_corrects(cast, old)
        return real(ctx, old, **kwargs)

    monkeypatch.setattr(entries, "correct_entry", other_commits_first)
    response = client.post(url(entry), post_data(entry, text="Mijn tekst"))
    assert response.status_code == 200
    assert "Iemand anders heeft deze aantekening intussen gecorrigeerd" in \
        response.content.decode()
    assert Entry.objects.filter(root_id=entry.root_id).count() == 2


def test_a_stale_form_of_another_organisation_still_gets_404(login, cast):
    entry = cast.entries["conversation"]
    someone_else_corrects(cast, entry)
    assert login("ruben").post(url(entry), post_data(entry)).status_code == 404
    assert AccessLogRecord.objects.get(result="refused").rule == "not_owner"


def test_outsider_gets_404(login, cast):
    response = login("olga").get(url(cast.entries["conversation"]))
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().result == "refused"
