from django.urls import reverse

SEARCH = reverse("web:search")


def test_name_prefix_tokens(login, cast, last_log):
    html = login("lotte").get(SEARCH, {"q": "noo jan"}).content.decode()
    assert "Noor Jansen" in html
    assert "Daan Jansen" not in html
    assert reverse("web:household", args=[cast.household.pk]) in html
    record = last_log(event_code="person.search")
    assert record.subject_ids == [str(cast.noor.pk)]


def test_tussenvoegsel_does_not_block_search(login, cast):
    html = login("lotte").get(SEARCH, {"q": "Mark de Boer"}).content.decode()
    assert "Mark de Boer" in html


def test_bsn_and_birth_date(login, cast):
    client = login("lotte")
    assert "Daan Jansen" in client.get(SEARCH, {"q": "100000010"}).content.decode()
    born = cast.lieke.birth_date.strftime("%d-%m-%Y")
    html = client.get(SEARCH, {"q": born}).content.decode()
    assert "Lieke Jansen" in html and "Daan Jansen" not in html


def test_household_by_name(login, cast):
    html = login("lotte").get(SEARCH, {"q": "Gezin Jan"}).content.decode()
    assert "Gezin Jansen" in html


def test_outsider_finds_nothing_and_nothing_is_logged(login, cast, last_log):
    html = login("olga").get(SEARCH, {"q": "jansen"}).content.decode()
    assert "Noor Jansen" not in html
    assert "Geen personen gevonden die u mag zien" in html
    html = login("olga").get(SEARCH, {"q": "100000009"}).content.decode()
    assert "Noor" not in html
    assert last_log(event_code="person.search") is None


def test_privacy_officer_sees_no_families(login, cast):
    html = login("priya").get(SEARCH, {"q": "jansen"}).content.decode()
    assert "Noor Jansen" not in html
