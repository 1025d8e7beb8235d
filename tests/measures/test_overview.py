"""The family legal overview page and its PDF (measures/overview_views.py) for every
professional persona: each sees exactly the measures they may read (the same table as
the measure pages, tests/measures/test_pages.py), conflicts only between those, and the
logged 404 outside the household. Family accounts never reach the professional UI."""

import pytest

from netwerkdossier.audit.models import AccessLogRecord
from tests.measures.test_pages import PERSONAS
from tests.portal.pdf import document_text

pytestmark = pytest.mark.django_db
LABELS = {"ots": "Ondertoezichtstelling (OTS)",
          "uithuisplaatsing": "Machtiging uithuisplaatsing",
          "huisverbod": "Tijdelijk huisverbod", "gedragsaanwijzing": "Gedragsaanwijzing"}


@pytest.fixture
def everyone(world, seat_and_emergency):
    return world


def _url(world):
    return f"/huishoudens/{world.household.pk}/juridisch-overzicht"


@pytest.mark.parametrize("username", PERSONAS)
def test_overview_shows_what_the_persona_may_read(everyone, login, username):
    purpose, reads, _register, _change = PERSONAS[username]
    client = login(username, purpose)
    response = client.get(_url(everyone))
    if username == "olga":
        assert response.status_code == 404
        assert AccessLogRecord.objects.filter(event_code="household.legal_overview",
                                              result="refused", username="olga").exists()
        assert client.get(_url(everyone) + "?formaat=pdf").status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    shown = {key for key, m in everyone.measures.items() if f"/maatregelen/{m.pk}" in html}
    assert shown == reads, username
    logged = AccessLogRecord.objects.filter(event_code="household.legal_overview",
                                            username=username, result="granted")
    assert logged.filter(object_type="measure").exists() == bool(reads)
    assert logged.filter(object_type="household").exists()
    pdf = client.get(_url(everyone) + "?formaat=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = document_text(pdf.content)
    for key, label in LABELS.items():
        assert (label in text) == (key in reads), (username, key)
    assert AccessLogRecord.objects.filter(event_code="household.legal_overview.export",
                                          username=username).exists()


def test_overview_sections_for_the_rvt(everyone, login):
    html = login("ruben").get(_url(everyone)).content.decode()
    # Who decides: the court and the mayor, with the measures each decided.
    assert "Rechtbank Noord-Holland (synthetisch)" in html
    assert "Burgemeester van Noorderveld (synthetisch)" in html
    # Mark's huisverbod ends in two days without a decided extension: the red signal.
    assert 'data-signal="maatregel_loopt_af"' in html
    # Daan is placed out of home but registered at home: a point of attention.
    assert 'data-coherence="uithuisgeplaatst_maar_thuis"' in html
    # The court's decisions can be appealed within three months: still open.
    assert "Naar de rechter" in html
    # The timeline: one bar per measure the reader may read, as strings with a point.
    assert html.count('class="nd-chart__bar"') == 3
    assert "width=\"" in html and ",0\"" not in html


def test_a_contact_arrangement_against_the_restraining_order_shows_as_a_conflict(everyone,
                                                                               login):
    from tests.measures.test_coherence import _contact_arrangement

    _contact_arrangement(everyone, everyone.lieke, everyone.father)
    html = login("ruben").get(_url(everyone)).content.decode()
    assert 'data-coherence="contactverbod_tegen_omgang"' in html
    text = document_text(login("ruben").get(_url(everyone) + "?formaat=pdf").content)
    assert "Contactverbod botst met omgangsregeling" in text


def test_family_accounts_do_not_reach_the_overview(everyone, client):
    """A parent with gezag and a 14-year-old have portal accounts; the professional
    overview is not theirs (their own measures are in the portal)."""
    from netwerkdossier.accounts.models import User
    from netwerkdossier.synthetic.sign_in import sign_in

    accounts = User.objects.filter(kind=User.Kind.GEZINSLID,
                                   person__in=[everyone.mother, everyone.daan])
    assert accounts.count() == 2
    for account in accounts:
        sign_in(client, account)
        response = client.get(_url(everyone))
        assert response.status_code in (302, 404), account.username
        assert b"Juridisch overzicht" not in response.content


@pytest.mark.parametrize("username", ["rianne", "ruben", "lotte", "gert", "piet", "stella",
                                      "eva"])
def test_requests_in_preparation_show_for_who_may_read_them(everyone, login, username):
    """The Raad's drafted OTS request for Noor (the demo's, decisions app) is a decision
    still to come: the overview lists it exactly for those the access module lets read
    it, with a link to it, and logs it."""
    from netwerkdossier.access.api import READ, context_for, decide
    from netwerkdossier.synthetic import decisions_demo

    decisions_demo.build(everyone, everyone.measures)
    from netwerkdossier.decisions.models import MeasureRequest

    draft = MeasureRequest.objects.get(household=everyone.household)
    purpose = PERSONAS[username][0]
    may = decide(context_for(everyone.users[username], purpose=purpose), READ, draft).allowed
    html = login(username, purpose).get(_url(everyone)).content.decode()
    assert (f"/verzoekschriften/{draft.pk}" in html) == may, username
    assert AccessLogRecord.objects.filter(
        event_code="household.legal_overview", username=username,
        object_type="measure_request").exists() == may
    if username == "rianne":
        assert may  # the author's organisation reads its own draft
