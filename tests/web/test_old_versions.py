"""Old versions by id on the web: /aantekeningen/<old id> answers 404 (and is logged) to
whoever the correction closed the entry for (issue 10, "Old versions")."""

import pytest
from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Confidentiality
from netwerkdossier.dossier.services import correct_entry

pytestmark = pytest.mark.django_db


def test_old_version_page_refused_after_raising_protection(login, cast, ctx_of):
    old = cast.entries["conversation"]
    url = reverse("web:entry", args=[old.pk])
    assert login("ruben").get(url).status_code == 200
    new = correct_entry(ctx_of("lotte"), old, text="Huisbezoek, alleen voor het wijkteam.",
                        reason="Bevat interne afwegingen",
                        confidentiality=Confidentiality.ORGANISATIE)
    assert login("ruben").get(url).status_code == 404
    refused = AccessLogRecord.objects.filter(result="refused", username="ruben")
    assert any(str(old.pk) in r.object_ids for r in refused)
    html = login("lotte").get(url).content.decode()
    assert old.text in html and new.text in html


def test_old_version_page_refused_after_adding_health_data(login, cast, ctx_of):
    old = cast.entries["report"]
    correct_entry(ctx_of("ruben"), old, text="Melding; moeder is in behandeling bij GGZ.",
                  reason="Aanvulling", health_data=True)
    assert login("lotte").get(reverse("web:entry", args=[old.pk])).status_code == 404
    assert login("ruben").get(reverse("web:entry", args=[old.pk])).status_code == 200
