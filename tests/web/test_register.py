from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.households.models import Gezag, Household, HouseholdMember

URL = reverse("web:register")


def born(years):
    return (timezone.localdate() - timedelta(days=365 * years + 30)).strftime("%Y-%m-%d")


def post_data(*rows, **household):
    data = {"name": "Gezin De Vries", "street": "Kerkstraat 3", "postcode": "1741 CD",
            "municipality": "Noorderveld", "form-TOTAL_FORMS": str(len(rows)),
            "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "1", "form-MAX_NUM_FORMS": "20"}
    data.update(household)
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is not None:
                data[f"form-{i}-{key}"] = value
    return data


def adult(**kw):
    return {"given_names": "Eva", "family_name": "de Vries", "birth_date": born(35),
            "relation": "parent", "lives_in": "on", "holds_gezag": "on", **kw}


def child(**kw):
    return {"given_names": "Tim", "family_name": "de Vries", "birth_date": born(6),
            "relation": "child", "lives_in": "on", **kw}


def test_form_renders_with_labels(login, cast):
    html = login("lotte").get(URL).content.decode()
    assert "Nieuw huishouden registreren" in html
    assert 'for="id_form-0-existing_bsn"' in html
    assert "Heeft gezag over de kinderen in dit formulier" in html


def test_register_household_with_gezag(login, cast):
    response = login("lotte").post(URL, post_data(adult(bsn="123456770"), child()))
    household = Household.objects.get(name="Gezin De Vries")
    assert response.status_code == 302
    assert response.url == reverse("web:household", args=[household.pk])
    assert household.owner_organisation == cast.users["lotte"].memberships.first().organisation
    assert HouseholdMember.objects.filter(household=household).count() == 2
    gezag = Gezag.objects.get(child__given_names="Tim")
    assert gezag.holder.given_names == "Eva"
    assert AccessLogRecord.objects.filter(event_code="household.create").exists()
    page = login("lotte").get(response.url).content.decode()
    assert "Gezag: Eva de Vries (ouderlijk gezag)" in page


def test_add_member_row_without_javascript(login, cast, counts):
    before = counts()
    data = post_data(adult())
    data["add_member"] = "1"
    html = login("lotte").post(URL, data).content.decode()
    assert 'name="form-1-given_names"' in html
    assert 'value="Eva"' in html
    assert "Er is iets niet goed ingevuld" not in html
    assert counts() == before


def test_existing_person_by_bsn(login, cast):
    # Mark (the father) starts a household of his own; he is visible to lotte.
    response = login("lotte").post(URL, post_data(
        {"existing_bsn": cast.father.bsn, "relation": "parent", "lives_in": "on"},
        name="Huishouden De Boer"))
    assert response.status_code == 302
    household = Household.objects.get(name="Huishouden De Boer")
    assert household.members.get().person == cast.father


BAD_INPUT = [
    pytest.param([adult(bsn="123456789")], "Dit BSN klopt niet", "form-0-bsn",
                 id="invalid-bsn"),
    pytest.param([adult(birth_date=(timezone.localdate() + timedelta(days=3)).isoformat())],
                 "Een geboortedatum kan niet in de toekomst liggen.", "form-0-birth_date",
                 id="future-birth-date"),
    pytest.param([adult(bsn="111222333")], "Er is al een persoon met dit BSN in het dossier",
                 "form-0-bsn", id="duplicate-bsn"),
    pytest.param([adult(bsn="123456770"), child(bsn="123456770")],
                 "Dit BSN staat twee keer in het formulier.", "form-1-bsn",
                 id="bsn-twice-in-form"),
    pytest.param([adult(), {"existing_bsn": "100000009", "relation": "child",
                            "lives_in": "on"}],
                 "Dit kind woont in deze periode al in een ander huishouden.",
                 "form-1-lives_in", id="child-two-households"),
    pytest.param([adult(), {"existing_bsn": "123456770", "relation": "child"}],
                 "Geen persoon met dit BSN gevonden die u mag zien.", "form-1-existing_bsn",
                 id="unknown-existing-bsn"),
    pytest.param([adult(given_names="")], "Vul de voornamen in.",
                 "form-0-given_names", id="missing-given-names"),
]


@pytest.mark.parametrize("rows, message, field", BAD_INPUT)
def test_bad_input_gives_dutch_error_and_saves_nothing(login, cast, counts, rows, message,
                                                        field):
    before = counts()
    response = login("lotte").post(URL, post_data(*rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'")
    assert "Er is iets niet goed ingevuld. Er is niets opgeslagen." in html
    assert f'href="#id_{field}"' in html
    assert f'aria-describedby="id_{field}_error"' in html or \
        f'id="id_{field}_error"' in html
    assert counts() == before


def test_empty_household_name(login, cast, counts):
    before = counts()
    html = login("lotte").post(URL, post_data(adult(), name="")).content.decode()
    assert '<a href="#id_name">Vul de naam van het huishouden in.</a>' in html
    assert counts() == before


def test_child_elsewhere_may_join_without_living_here(login, cast):
    response = login("lotte").post(URL, post_data(
        adult(), {"existing_bsn": "100000009", "relation": "child"}))
    assert response.status_code == 302


def test_outsider_cannot_add_someone_they_cannot_see(login, cast, counts):
    before = counts()
    html = login("olga").post(URL, post_data(
        adult(), {"existing_bsn": cast.noor.bsn, "relation": "child"})).content.decode()
    assert "Geen persoon met dit BSN gevonden die u mag zien." in html
    assert "Noor Jansen" not in html
    assert counts() == before


def test_privacy_officer_may_not_register(login, cast):
    assert login("priya").get(URL).status_code == 403
