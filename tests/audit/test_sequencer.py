"""The sequencer chains written records, in batches, one sequencer at a time, without a
request ever waiting for it (decision 0031)."""

import contextlib
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction  # noqa: F401 (skipif)

from netwerkdossier.audit import sequencer
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord, ChainHead, ChainLink, UnchainedRecord
from netwerkdossier.audit.verify import verify_chain
from tests.audit.helpers import positions, postgresql_only


def write(ctx, n):
    with transaction.atomic():
        return append(ctx, [LogEvent(event_code="entry.read", action="R", object_ids=[str(i)])
                            for i in range(n)])


def position_of(record) -> int | None:
    return ChainLink.objects.filter(record_id=record.id).values_list(
        "position", flat=True).first()


@pytest.mark.django_db
def test_batches_continue_one_contiguous_chain(ctx_of, monkeypatch):
    monkeypatch.setattr(sequencer, "BATCH", 3)
    write(ctx_of("lotte"), 4)
    write(ctx_of("ruben"), 6)
    assert sequencer.sequence() == 10
    assert positions() == list(range(1, 11))
    assert sequencer.sequence() == 0  # nothing is chained twice
    newest = ChainLink.objects.get(position=10)
    assert ChainHead.objects.get(pk=1).last_hash == newest.hash
    assert verify_chain().ok and verify_chain().checked == 10


@pytest.mark.django_db
def test_records_are_chained_in_the_order_they_were_written(ctx_of):
    first, second = write(ctx_of("lotte"), 1), write(ctx_of("ruben"), 1)
    sequencer.sequence()
    assert position_of(first[0]) < position_of(second[0])


def test_each_commit_chains_its_own_records(transactional_db, ctx_of):
    """No timer needed while requests come in: the commit runs the sequencer."""
    write(ctx_of("lotte"), 2)
    assert AccessLogRecord.objects.filter(link__isnull=True).count() == 0
    assert positions() == [1, 2]


@contextlib.contextmanager
def lock_held_elsewhere():
    """Another connection holds the sequencer lock in its transaction until the end."""
    other = connection.copy()
    try:
        with other.cursor() as cur:
            cur.execute("BEGIN")
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [sequencer.LOCK_KEY])
        yield
        with other.cursor() as cur:
            cur.execute("COMMIT")
    finally:
        other.close()


@postgresql_only
def test_a_commit_that_finds_a_sequencer_running_leaves_its_records_to_it(
        transactional_db, ctx_of):
    """While another sequencer holds the lock, a commit asks once (one statement, no
    transaction) and leaves its records queued; the running one takes them after its
    own batch, and the next run here chains them."""
    from django.test.utils import CaptureQueriesContext

    with lock_held_elsewhere(), CaptureQueriesContext(connection) as captured:
        with transaction.atomic():
            [record] = append(ctx_of("lotte"), [LogEvent(event_code="entry.read",
                                                         action="R")])
            written = len(captured)
        committing = [q["sql"] for q in captured.captured_queries[written:]]
        after_commit = committing[committing.index("COMMIT") + 1:]
        assert len(after_commit) == 1 and "pg_try_advisory_lock" in after_commit[0]
        assert position_of(record) is None
        assert UnchainedRecord.objects.filter(pk=record.id).exists()
    assert sequencer.sequence() == 1
    assert position_of(record) == 1


def queued_only(monkeypatch, ctx, calls: int, n: int) -> list:
    """Records written and queued by `calls` commits of `n` records, not yet chained;
    the chain head is there (the first run ever creates it, the way with more steps)."""
    from netwerkdossier.audit import log
    from netwerkdossier.audit.chain import GENESIS_HASH

    ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    monkeypatch.setattr(log, "_sequence_after_commit", lambda: None)
    return [record for _ in range(calls) for record in write(ctx, n)]


def idle() -> bool:
    from psycopg.pq import TransactionStatus

    return connection.connection.info.transaction_status == TransactionStatus.IDLE


@postgresql_only
def test_after_a_commit_a_batch_is_two_messages(transactional_db, ctx_of, monkeypatch):
    """Outside a transaction (after the request's commit) a batch takes two round trips:
    BEGIN, the lock, the head and the queue read; then the links, COMMIT and the look
    for more work (it was six)."""
    from django.test.utils import CaptureQueriesContext

    queued_only(monkeypatch, ctx_of("lotte"), 2, 2)
    with CaptureQueriesContext(connection) as captured:
        assert sequencer.sequence() == 4
    sent = [q["sql"] for q in captured.captured_queries]
    assert len(sent) == 2, sent
    assert sent[0].startswith("BEGIN;") and "pg_try_advisory_xact_lock" in sent[0]
    assert "; COMMIT; SELECT" in sent[1]
    assert positions() == [1, 2, 3, 4]
    assert not UnchainedRecord.objects.exists()
    assert verify_chain().ok and idle()


@postgresql_only
def test_the_look_after_the_commit_keeps_the_run_going(transactional_db, ctx_of,
                                                       monkeypatch):
    """One queue row per batch: the look for more work after each COMMIT finds the next
    row, so one run chains all three, two messages per batch."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(sequencer, "QUEUE_ROWS", 1)
    written = queued_only(monkeypatch, ctx_of("lotte"), 3, 2)
    with CaptureQueriesContext(connection) as captured:
        assert sequencer.sequence() == 6
    assert len(captured) == 6
    assert [position_of(r) for r in written] == [1, 2, 3, 4, 5, 6]


@postgresql_only
def test_a_failure_between_the_two_messages_leaves_nothing_half_done(
        transactional_db, ctx_of, monkeypatch):
    queued_only(monkeypatch, ctx_of("lotte"), 1, 2)
    computed = sequencer._links_after

    def fails(*args):
        raise RuntimeError("between the messages")

    monkeypatch.setattr(sequencer, "_links_after", fails)
    with pytest.raises(RuntimeError):
        sequencer.sequence()
    assert idle() and positions() == []
    monkeypatch.setattr(sequencer, "_links_after", computed)
    assert sequencer.sequence() == 2  # the lock went with the rollback
    assert verify_chain().ok


@postgresql_only
def test_a_sequencer_that_finds_the_lock_taken_ends_its_transaction(
        transactional_db, ctx_of, monkeypatch):
    """Taken between the commit's probe and the batch: this one ends its transaction
    (as a statement, so psycopg keeps its prepared statements) and leaves the records to
    the one running."""
    from django.test.utils import CaptureQueriesContext

    [first, _second] = queued_only(monkeypatch, ctx_of("lotte"), 1, 2)
    with lock_held_elsewhere(), CaptureQueriesContext(connection) as captured:
        assert sequencer.sequence() == 0
        assert [q["sql"] for q in captured.captured_queries][1:] == ["ROLLBACK"]
        assert idle() and position_of(first) is None
    assert sequencer.sequence() == 2


def test_a_rolled_back_request_leaves_no_record_and_no_hole(transactional_db, ctx_of):
    write(ctx_of("lotte"), 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        append(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")])
        raise RuntimeError
    write(ctx_of("lotte"), 1)
    assert positions() == [1, 2]
    assert verify_chain().ok


@postgresql_only
def test_sequencers_in_parallel_build_one_contiguous_chain(transactional_db, ctx_of,
                                                          monkeypatch):
    """Four writers commit while four sequencers run at once on their own connections:
    a sequencer that finds another one running returns at once (it does not wait), and
    the chain has every record exactly once, without gaps."""
    monkeypatch.setattr(sequencer, "sequence_after_commit", lambda: None)
    monkeypatch.setattr(sequencer, "BATCH", 7)
    ctx = ctx_of("lotte")
    ctx.log_fields()  # resolve the actor on this thread's connection
    errors = []
    stop = threading.Event()

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as exc:  # reported by the test below
                errors.append(exc)
            finally:
                connections.close_all()
        return threading.Thread(target=run)

    def writer():
        for _ in range(15):
            write(ctx, 4)

    def chainer():
        while not stop.is_set():
            sequencer.sequence()

    writers = [in_thread(writer) for _ in range(4)]
    chainers = [in_thread(chainer) for _ in range(4)]
    for thread in writers + chainers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in chainers:
        thread.join()
    assert errors == []
    sequencer.sequence(wait=True)
    assert AccessLogRecord.objects.count() == 240
    assert positions() == list(range(1, 241))
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_record_taken_off_the_queue_is_queued_again_by_the_operator(ctx_of):
    """Removing the queue row holds a record back only until the timer's `audit
    sequence` (or `audit verify`) runs; meanwhile requests do not chain it."""
    [record] = write(ctx_of("lotte"), 1)
    UnchainedRecord.objects.filter(pk=record.id).delete()
    assert sequencer.sequence() == 0
    call_command("audit", "sequence")
    assert position_of(record) == 1
    assert not UnchainedRecord.objects.exists()


@pytest.mark.django_db
def test_every_write_is_queued_and_leaves_the_queue_when_chained(ctx_of):
    first = write(ctx_of("lotte"), 9)
    second = write(ctx_of("lotte"), 2)
    rows = UnchainedRecord.objects.order_by("id")
    assert [[i for i, _leaf in row.entries()] for row in rows] == [
        [r.id for r in first], [r.id for r in second]]  # one row per call
    assert sequencer.sequence() == 11
    assert not UnchainedRecord.objects.exists()
    assert verify_chain().ok



@pytest.mark.django_db
def test_a_queue_row_for_a_chained_record_is_only_dequeued(ctx_of):
    [record] = write(ctx_of("lotte"), 1)
    sequencer.sequence()
    UnchainedRecord.objects.create(id=record.id)  # added by hand
    assert sequencer.sequence() == 0
    assert not UnchainedRecord.objects.exists()
    assert position_of(record) == 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_sequencer_chains_the_writers_leaf_without_reading_the_record(ctx_of):
    """The queue row carries the leaf the link gets; a record queued again by hand (no
    leaf) is read, and gets the same leaf."""
    from netwerkdossier.audit.chain import leaf_of

    [first], [second] = write(ctx_of("lotte"), 1), write(ctx_of("lotte"), 1)
    queued = UnchainedRecord.objects.get(pk=first.id)
    UnchainedRecord.objects.filter(pk=second.id).update(leaf="", leaf_seal="")
    assert sequencer.sequence() == 2
    values = AccessLogRecord.objects.filter(pk=first.id).values()[0]
    assert ChainLink.objects.get(record_id=first.id).leaf == queued.leaf == leaf_of(values)
    assert queued.entries() == [(first.id, queued.leaf)]
    values = AccessLogRecord.objects.filter(pk=second.id).values()[0]
    assert ChainLink.objects.get(record_id=second.id).leaf == leaf_of(values)
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_leaf_seal_moved_to_another_record_is_refused(ctx_of):
    """A queue row's leaf and seal copied onto another record's queue row: that record
    is not chained with a leaf that is not its own."""
    [first], [second] = write(ctx_of("lotte"), 1), write(ctx_of("lotte"), 1)
    queued = UnchainedRecord.objects.get(pk=first.id)
    UnchainedRecord.objects.filter(pk=second.id).update(leaf=queued.leaf,
                                                        leaf_seal=queued.leaf_seal)
    assert sequencer.sequence() == 1
    assert position_of(first) == 1 and position_of(second) is None


def _plan_nodes(node, parents=()):
    yield node, parents
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child, (*parents, node))


@postgresql_only
def test_the_queue_read_probes_the_links_per_queued_row_not_the_whole_log(ctx_of):
    """Found on a server without autovacuum (session 13): read as a join, the queue was
    merged with the link index from the first record on, 78 ms per run at 100,000
    records, growing with the log. Whatever the statistics say, the links are looked up
    by record id, once per queued row (the index only: a small test table would
    otherwise be scanned)."""
    write(ctx_of("lotte"), 50)
    sequencer.sequence()
    write(ctx_of("ruben"), 5)  # queued, not yet chained
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("ANALYZE audit_unchainedrecord")
        cur.execute("ANALYZE audit_chainlink")
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN (FORMAT JSON) " + sequencer._QUEUED_PG.format(
            where="", limit=sequencer.QUEUE_ROWS))
        plan = cur.fetchone()[0][0]["Plan"]
    nodes = list(_plan_nodes(plan))
    kinds = {node["Node Type"] for node, _parents in nodes}
    assert not kinds & {"Merge Join", "Hash Join", "Hash"}, kinds
    link_reads = [(node, parents) for node, parents in nodes
                  if node.get("Relation Name") == "audit_chainlink"]
    assert link_reads
    for node, parents in link_reads:
        assert node["Node Type"] in ("Index Scan", "Index Only Scan")
        assert parents[-1]["Node Type"] == "Limit"  # at most one link per queued row
        assert any(p["Node Type"] == "Nested Loop" for p in parents)


@pytest.mark.django_db
def test_the_look_for_more_work_reads_the_queue_in_id_order(ctx_of):
    """Between two vacuums the queue's table is mostly dequeued rows; a look without an
    order scanned them all (7-18 ms each time on PostgreSQL), in id order it walks the
    index from the lowest waiting id."""
    from django.test.utils import CaptureQueriesContext

    write(ctx_of("lotte"), 2)
    with CaptureQueriesContext(connection) as seen:
        assert sequencer._waiting(set()) is True
    sql = seen.captured_queries[-1]["sql"]
    assert "audit_unchainedrecord" in sql and "ORDER BY" in sql
    sequencer.sequence()
    assert sequencer._waiting(set()) is False


@pytest.mark.django_db
def test_a_queue_row_cut_or_lengthened_is_refused(ctx_of):
    """One leaf seal covers all ids and leaves of a call (decision 0055): a row with a
    record taken out, or another record's id put in, chains none of its records."""
    written = write(ctx_of("lotte"), 3)
    row = UnchainedRecord.objects.get()
    ids, leaves = row.record_ids.split(","), row.leaf.split(",")
    UnchainedRecord.objects.filter(pk=row.id).update(
        record_ids=",".join(ids[:2]), leaf=",".join(leaves[:2]))
    assert sequencer.sequence() == 0
    UnchainedRecord.objects.filter(pk=row.id).update(
        record_ids=",".join([*ids, str(written[-1].id + 1)]), leaf=",".join([*leaves, leaves[0]]))
    assert sequencer.sequence() == 0
    assert not ChainLink.objects.exists()


@pytest.mark.django_db
def test_a_record_queued_twice_is_chained_once(ctx_of):
    """A row added by hand for a record that a call's row holds too: chained once, by
    whichever row comes first."""
    written = write(ctx_of("lotte"), 3)
    UnchainedRecord.objects.create(id=written[0].id - 1 if written[0].id > 1 else 0,
                                   record_ids=str(written[1].id))
    assert sequencer.sequence() == 3
    assert sorted(ChainLink.objects.values_list("record_id", flat=True)) == \
        [r.id for r in written]
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_operator_requeues_no_record_that_a_row_holds(ctx_of):
    """The timer's requeue looks inside each row: the second and third record of a call
    are queued already, under the first one's id."""
    write(ctx_of("lotte"), 3)
    sequencer._requeue(None)
    assert UnchainedRecord.objects.count() == 1
    [record] = write(ctx_of("lotte"), 1)
    UnchainedRecord.objects.filter(pk=record.id).delete()
    sequencer._requeue(None)
    assert UnchainedRecord.objects.filter(pk=record.id, leaf="").exists()
    assert sequencer.sequence() == 4
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_row_queued_by_the_version_before_is_chained(ctx_of):
    """During an upgrade, application servers of the version before decision 0055 go on
    queueing a row per record without `record_ids` (its database default): chained,
    their leaf seal over one id and leaf being the same text as before."""
    write(ctx_of("lotte"), 1)
    row = UnchainedRecord.objects.get()
    UnchainedRecord.objects.all().delete()
    with connection.cursor() as cur:
        cur.execute("INSERT INTO audit_unchainedrecord (id, leaf, leaf_seal) VALUES "
                    "(%s, %s, %s)", [row.id, row.leaf, row.leaf_seal])
    assert UnchainedRecord.objects.get().record_ids == ""
    assert sequencer.sequence() == 1
    assert verify_chain().ok
