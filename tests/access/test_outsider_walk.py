"""Walk every URL pattern and API route that takes an object id: an outsider gets 404,
and each attempt leaves an access-log record with result "refused"."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from outsider_objects import collect  # tests/access is on sys.path (rootdir-less test dir)

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.services import add_entry
from netwerkdossier.synthetic.sign_in import sign_in
from tests.audit.helpers import newest_log_id
from tests.conftest import state_purpose

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:\w+:)?\w+>")
# The emergency-access form is meant for outsiders and is the same page for every id,
# household or not, so it cannot answer 404 for unknown ids without becoming an
# existence oracle. The walk checks instead that it reveals nothing (the same body for
# every id, none of the household's data, nothing read so nothing logged), and that a
# valid request for an id that is no household gets the logged 404. Its POST for the
# real household would open it, so that one is left to tests/web/test_break_glass.py.
OUTSIDER_FORM = {"huishoudens/<uuid:pk>/noodtoegang"}
FORM_BODY = {"reason": "Acute zorgen, het team is niet bereikbaar.",
             "purpose": "hulpverlening", "understood": "on", "code": "000000"}
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')
HOUSEHOLD_DATA = ("Jansen", "Lindelaan", "1741 AB", "Noorderveld", "Sanne", "Noor")
POST_BODY = '{"text": "Aanvulling", "reason": "Correctie"}'


@pytest.fixture(autouse=True)
def _second_factor_accepted(monkeypatch):
    """The walk is about refusals, not the fresh code emergency access asks for (that
    is tests/web/test_break_glass.py): every code counts as fresh here."""
    from netwerkdossier.web.views import break_glass

    monkeypatch.setattr(break_glass, "fresh_code_error", lambda user, code: None)


def routes_with_ids(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes_with_ids(pattern, route)
        elif isinstance(pattern, URLPattern) and PARAM.search(route):
            yield route


@pytest.fixture
def object_ids(cast, ctx_of):
    entry = add_entry(ctx_of("lotte"), cast.household, kind="document", text="Verslag",
                      occurred_at=timezone.now(), subjects=[cast.noor], confidentiality=10,
                      legal_basis="jeugdwet_taak",
                      uploads=[SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 x")])
    return {
        "household": cast.household.pk, "entry": cast.entries["report"].pk,
        "person": cast.noor.pk, "case": cast.case.pk,
        "attachment": entry.attachments.get().pk,
        **collect(cast, ctx_of),
    }


def test_every_route_with_an_id_refuses_the_outsider(cast, client, object_ids):
    routes = sorted(set(routes_with_ids()))
    # Guard against a vacuous pass: the known routes must be among those walked.
    assert any(r.startswith("huishoudens/") for r in routes), routes
    assert any(r.startswith("api/v1/households/") for r in routes), routes
    assert any(r.startswith("api/v1/entries/") for r in routes), routes

    outsider = cast.users["olga"]
    sign_in(client, outsider)
    state_purpose(client, "hulpverlening")
    token = ApiToken.issue(outsider)
    walked = 0
    for route in routes:
        if route in OUTSIDER_FORM:
            walked += walk_outsider_form(client, route, object_ids)
            continue
        for kind, object_id in object_ids.items():
            url = "/" + PARAM.sub(str(object_id), route)
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}",
                       "HTTP_X_PURPOSE": "hulpverlening"} if route.startswith("api/") else {}
            before = newest_log_id()
            response = client.get(url, **headers)
            if response.status_code == 405:
                # POST-only routes get a well-formed body, so only access can refuse it.
                response = client.post(url, data=POST_BODY, content_type="application/json",
                                       **headers)
            assert response.status_code == 404, (url, kind, response.status_code)
            refused = AccessLogRecord.objects.filter(pk__gt=before, result="refused")
            assert refused.exists(), (url, kind)
            assert str(object_id) in refused.last().object_ids, (url, kind)
            if route.startswith("api/"):
                assert response["Content-Type"].startswith("application/problem+json")
            walked += 1
    assert walked >= 5 * len(object_ids)


def walk_outsider_form(client, route, object_ids) -> int:
    bodies = set()
    for kind, object_id in object_ids.items():
        url = "/" + PARAM.sub(str(object_id), route)
        before = newest_log_id()
        response = client.get(url)
        assert response.status_code == 200, (url, kind, response.status_code)
        html = response.content.decode()
        for secret in HOUSEHOLD_DATA:
            assert secret not in html, (url, kind, secret)
        assert newest_log_id() == before, (url, kind)  # showing the form logs nothing
        bodies.add(CSRF.sub(r"\1CSRF", html).replace(str(object_id), "ID"))
        if kind == "household":
            continue
        response = client.post(url, FORM_BODY)
        assert response.status_code == 404, (url, kind, response.status_code)
        refused = AccessLogRecord.objects.filter(pk__gt=before, result="refused")
        assert str(object_id) in refused.get().object_ids, (url, kind)
    assert len(bodies) == 1, route  # the same page for a household and for any other id
    return len(object_ids)


def test_refused_writes_are_logged_with_their_action(cast, client):
    sign_in(client, cast.users["olga"])
    state_purpose(client, "hulpverlening")
    before = newest_log_id()
    response = client.post(f"/huishoudens/{cast.household.pk}/aantekeningen/nieuw",
                           {"kind": "note", "text": "Poging"})
    assert response.status_code == 404
    record = AccessLogRecord.objects.filter(pk__gt=before).get()
    assert (record.result, record.action) == ("refused", "C")
    response = client.post(f"/aantekeningen/{cast.entries['report'].pk}/corrigeren",
                           {"text": "Poging", "reason": "x"})
    assert response.status_code == 404
    assert AccessLogRecord.objects.latest("pk").action == "U"
