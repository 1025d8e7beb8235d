"""append() writes what it hashed, in as few statements as it can (audit/log.py)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from netwerkdossier.audit import log
from netwerkdossier.audit.log import VALUE_SEP, LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord, UnchainedRecord
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.verify import verify_chain
from tests.audit.helpers import postgresql_only

pytestmark = pytest.mark.django_db

# Values a column split could get wrong: quotes, backslashes, JSON escapes, both
# separators (the JSON escapes them), non-ASCII, empty texts.
AWKWARD_IDS = ['a"b', "c\\d", "e\x1ef", "g\x1fh", "é ✓", "", "[1, 2]", "x,y"]


def _awkward_events(count: int) -> list[LogEvent]:
    return [LogEvent(event_code="entry.list", action="R", object_type="entry",
                     object_ids=[f"e-{i}", *AWKWARD_IDS[i % 3:]],
                     subject_ids=["b", "a", "b", AWKWARD_IDS[i % len(AWKWARD_IDS)]],
                     rule="" if i % 2 else "team", consent_profile="",
                     break_glass=bool(i % 3 == 1), purpose="noodtoegang" if i == 1 else "")
            for i in range(count)]


def _written(ctx, events):
    with transaction.atomic():
        return append(ctx, events)


def _assert_stored_as_returned(returned):
    for record in returned:
        stored = AccessLogRecord.objects.get(pk=record.pk)
        assert not record._state.adding and record._state.db == "default"
        for column in log.COLUMNS:
            assert getattr(record, column) == getattr(stored, column), column


@pytest.mark.parametrize("count", [1, 2, 30])  # one record as a row; more by columns
def test_the_returned_records_are_what_was_stored(ctx_of, count):
    """append() returns the records as written, without reading them back: every column
    (the id lists as lists, the seal) equal to the stored row, marked as saved; and the
    chain's leaves, computed from the text append() hashed, verify against the rows."""
    assert tuple(f.attname for f in AccessLogRecord._meta.concrete_fields) == log.COLUMNS
    returned = _written(ctx_of("lotte"), _awkward_events(count))
    assert len(returned) == count
    _assert_stored_as_returned(returned)
    assert returned[0].subject_ids == sorted({"a", "b", AWKWARD_IDS[0]})
    if count > 1:
        assert returned[1].purpose == "noodtoegang" and returned[1].break_glass
        assert returned[0].purpose == "hulpverlening" and not returned[0].break_glass
    sequence()
    assert verify_chain().ok


def test_a_code_holding_the_separator_is_stored_as_hashed(ctx_of):
    """A value the column split would cut in two goes as rows of values instead."""
    events = _awkward_events(3)
    events[1].rule = f"regel{VALUE_SEP}twee"
    returned = _written(ctx_of("lotte"), events)
    _assert_stored_as_returned(returned)
    assert AccessLogRecord.objects.get(pk=returned[1].pk).rule == f"regel{VALUE_SEP}twee"
    sequence()
    assert verify_chain().ok


def test_every_call_leaves_one_queue_row(ctx_of):
    first = _written(ctx_of("lotte"), _awkward_events(9))
    second = _written(ctx_of("lotte"), _awkward_events(1))
    rows = UnchainedRecord.objects.order_by("id")
    assert [[i for i, _leaf in row.entries()] for row in rows] == [
        [r.id for r in first], [r.id for r in second]]


def _statements_of(ctx, events) -> list[str]:
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        append(ctx, events)
        statements = [q["sql"] for q in queries.captured_queries]
    # The test's own transaction makes the atomic block a savepoint.
    return [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE"))]


@postgresql_only
@pytest.mark.parametrize("count", [1, 2, 100])
def test_a_call_is_two_statements_on_postgresql(ctx_of, count):
    """The ids, then the records with their queue row in one statement: each round trip
    costs the server and the writer more than the rows (docs/benchmarks.md, access
    log, session 21)."""
    ids, written = _statements_of(ctx_of("lotte"), _awkward_events(count))
    assert "nextval" in ids
    assert written.startswith(f"WITH written AS (INSERT INTO {AccessLogRecord._meta.db_table}")
    assert f"INSERT INTO {UnchainedRecord._meta.db_table}" in written
    assert ("unnest(" in written) == (count > 1)  # by columns from two records on


@postgresql_only
def test_the_separator_in_a_code_falls_back_to_rows_in_one_statement(ctx_of):
    events = _awkward_events(3)
    events[2].event_code = f"entry{VALUE_SEP}list"
    ids, written = _statements_of(ctx_of("lotte"), events)
    assert "unnest(" not in written and "VALUES" in written


@postgresql_only
def test_a_call_of_a_hundred_records_keeps_its_queue_row_in_the_table(ctx_of):
    """Its leaves stay in the row, uncompressed: hex does not compress, and the TOAST
    table cost every write and every dequeue (migration audit/0009)."""
    _written(ctx_of("lotte"), _awkward_events(100))
    table = UnchainedRecord._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT reltoastrelid::regclass::text FROM pg_class "  # noqa: S608
                    f"WHERE relname = '{table}'")
        toast = cur.fetchone()[0]
        cur.execute(f"SELECT count(*) FROM {toast}")  # noqa: S608
        assert cur.fetchone()[0] == 0
        cur.execute(f"SELECT pg_column_size(leaf), octet_length(leaf) FROM {table}")  # noqa: S608
        stored, length = cur.fetchone()
    assert length > 6000 and stored > length  # as written, with its header
