"""The refusal record survives the rollback of the request's transaction.

Runs without the test-case transaction (transactional_db), so ATOMIC_REQUESTS
really commits and rolls back, on SQLite and on PostgreSQL alike.
"""

import pytest

from netwerkdossier.accounts.tokens import ApiToken
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.verify import verify_chain
from tests.audit.helpers import newest_log_id

from .conftest import ApiClient, assert_problem


@pytest.mark.django_db(transaction=True)
def test_refusal_is_committed_after_rollback(transactional_db):
    from netwerkdossier.synthetic.personas import build_cast

    cast = build_cast()
    before = newest_log_id()
    token = ApiToken.issue(cast.users["olga"])
    response = ApiClient(token, "hulpverlening").get(f"/api/v1/households/{cast.household.pk}")
    assert_problem(response, 404)
    records = list(AccessLogRecord.objects.filter(id__gt=before).order_by("id"))
    assert [(r.result, r.object_ids, r.username, r.channel) for r in records] == [
        ("refused", [str(cast.household.pk)], "olga", "api")]
    # The token's last_used_at was written in the rolled-back transaction.
    assert ApiToken.objects.get(user=cast.users["olga"]).last_used_at is None
    # A granted read commits with its log record; the chain stays whole.
    lotte = ApiClient(ApiToken.issue(cast.users["lotte"]), "hulpverlening")
    assert lotte.get(f"/api/v1/households/{cast.household.pk}").status_code == 200
    assert AccessLogRecord.objects.filter(result="granted",
                                          event_code="api.household.read").count() == 1
    assert verify_chain().ok
