"""Each family login sees exactly the entries of the table in expectations.py, on the
list page, on the entry page (others: logged 404) and in the export."""

import json

import pytest

from netwerkdossier.audit.models import AccessLogRecord

from .expectations import LOGINS, add_test_entries, all_texts, expected

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(cast, ctx_of):
    added = add_test_entries(cast, ctx_of("lotte"))
    return {**cast.entries, **added}, all_texts(cast, added)


@pytest.mark.parametrize("username", LOGINS)
def test_each_login_sees_exactly_its_entries(cast, entries, portal_login, username):
    objects, texts = entries
    client = portal_login(username)
    html = client.get("/portaal/aantekeningen").content.decode()
    seen, hidden = expected(username)
    assert {k for k in texts if texts[k] in html} == seen
    for key in seen:
        assert client.get(f"/portaal/aantekeningen/{objects[key].pk}").status_code == 200
    for key in hidden:
        response = client.get(f"/portaal/aantekeningen/{objects[key].pk}")
        assert response.status_code == 404, key
        record = AccessLogRecord.objects.latest("pk")
        assert record.result == "refused" and str(objects[key].pk) in record.object_ids
    exported = json.loads(client.get("/portaal/mijn-gegevens.json").content)
    assert {k for k in texts if texts[k] in {e["tekst"] for e in exported["aantekeningen"]}} \
        == seen


def test_reporter_identity_never_reaches_the_family(cast, entries, portal_login):
    client = portal_login("sanne")
    html = client.get(f"/portaal/aantekeningen/{cast.entries['report'].pk}").content.decode()
    assert "Marieke Dekker" not in html and "De Vlinder" not in html
    assert "Marieke" not in client.get("/portaal/mijn-gegevens.json").content.decode()
