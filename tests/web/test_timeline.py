from django.urls import reverse

from netwerkdossier.audit.models import AccessLogRecord


def household_url(cast):
    return reverse("web:household", args=[cast.household.pk])


def partial_url(cast):
    return reverse("web:timeline", args=[cast.household.pk])


def test_filter_by_member(login, cast):
    html = login("lotte").get(household_url(cast), {"lid": str(cast.father.pk)}).content.decode()
    assert "Gesprek met vader" in html
    assert "Huisbezoek met moeder" not in html


def test_filter_by_kind_and_organisation(login, cast):
    client = login("lotte")
    html = client.get(household_url(cast), {"soort": "report"}).content.decode()
    assert "Melding van school" in html and "Huisbezoek" not in html
    rvt = cast.entries["report"].owner_organisation_id
    html = client.get(household_url(cast), {"organisatie": str(rvt)}).content.decode()
    assert "Melding van school" in html and "Gesprek met vader" in html
    assert "Huisbezoek" not in html


def test_invalid_filter_values_are_ignored(login, cast):
    response = login("lotte").get(household_url(cast), {"lid": "nonsense", "pagina": "x"})
    assert response.status_code == 200
    assert "Huisbezoek met moeder" in response.content.decode()


def test_pagination(login, cast, make_entries):
    make_entries(30, days_ago=1)  # newer than the cast's entries
    client = login("lotte")
    first = client.get(household_url(cast)).content.decode()
    assert first.count('class="nd-entry"') == 25
    assert "Volgende pagina" in first and "Vorige pagina" not in first
    assert "Huisbezoek met moeder" not in first
    second = client.get(household_url(cast), {"pagina": 2}).content.decode()
    # lotte sees 7 of the cast's 9 entries (tests/access/test_persona_table.py): 37 in all.
    assert second.count('class="nd-entry"') == 12
    assert "Huisbezoek met moeder" in second
    assert "Vorige pagina" in second and "Volgende pagina" not in second


def test_partial_with_htmx_and_its_log(login, cast):
    response = login("lotte").get(partial_url(cast), {"soort": "report"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="tijdlijn-inhoud"')
    assert "Melding van school" in html and "<html" not in html
    record = AccessLogRecord.objects.get(event_code="entry.list")
    assert record.object_ids == [str(cast.entries["report"].pk)]


def test_partial_without_htmx_redirects_to_full_page(login, cast):
    response = login("lotte").get(partial_url(cast), {"soort": "report"})
    assert response.status_code == 302
    assert response.url == household_url(cast) + "?soort=report"


def test_partial_refuses_outsider(login, cast):
    response = login("olga").get(partial_url(cast), HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert AccessLogRecord.objects.get().result == "refused"
