"""The access log is append-only and tamper-evident."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction

from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord, ChainHead, ChainLink, UnchainedRecord
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.triggers import PG_DROP, SQLITE_DROP
from netwerkdossier.audit.verify import verify_chain
from tests.audit.helpers import append_chained, link_at, positions

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(ctx_of):
    ctx = ctx_of("lotte")
    events = [LogEvent(event_code="household.read", action="R", object_type="household",
                       object_ids=[f"h{i}"], subject_ids=[f"p{i}"]) for i in range(6)]
    return append_chained(ctx, events)


def _without_guard():
    """What an attacker with database rights could do: drop the triggers."""
    drops = PG_DROP if connection.vendor == "postgresql" else SQLITE_DROP
    with connection.cursor() as cur:
        for sql in drops:
            cur.execute(sql)


def test_clean_chain_verifies(chain, capsys):
    assert [r.position for r in chain] == [1, 2, 3, 4, 5, 6]
    result = verify_chain()
    assert result.ok and result.checked == 6
    call_command("audit", "verify")
    assert "OK: 6 records verified" in capsys.readouterr().out


def test_update_and_delete_are_refused_by_the_database(chain):
    with pytest.raises((IntegrityError, ProgrammingError)), transaction.atomic():
        AccessLogRecord.objects.filter(pk=chain[2].pk).update(event_code="x")
    with pytest.raises((IntegrityError, ProgrammingError)), transaction.atomic():
        AccessLogRecord.objects.filter(pk=chain[2].pk).delete()
    assert AccessLogRecord.objects.count() == 6


def test_chain_links_are_insert_only_too(chain):
    for change in ({"position": 99}, {"hash": "0" * 64}, {"record_id": chain[4].pk},
                   {"seal": "0" * 32}, {"leaf": ""}):
        with pytest.raises((IntegrityError, ProgrammingError)), transaction.atomic():
            link_at(3).update(**change)
    with pytest.raises((IntegrityError, ProgrammingError)), transaction.atomic():
        link_at(3).delete()
    assert positions() == [1, 2, 3, 4, 5, 6]


def test_a_record_is_never_updated_also_not_before_it_is_chained(ctx_of):
    """The record table is insert-only: no UPDATE, whether the record is chained yet or
    not (the sequencer writes a link instead)."""
    with transaction.atomic():
        record = append(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")])[0]
    waiting = AccessLogRecord.objects.filter(pk=record.pk)
    for change in ({"username": "iemand"}, {"object_ids": ["x"]}, {"content_seal": "0" * 32},
                   {"break_glass": True}):
        with pytest.raises((IntegrityError, ProgrammingError)), transaction.atomic():
            waiting.update(**change)
    assert sequence() == 1
    assert waiting.get().username == "lotte" and waiting.get().link.position == 1


def test_a_request_waits_for_no_chain(ctx_of):
    """Records are written without a place in the chain, with their leaf and leaf seal
    in the queue; the sequencer gives the place."""
    with transaction.atomic():
        written = append(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")] * 3)
    stored = AccessLogRecord.objects.filter(id__in=[r.id for r in written])
    assert not ChainLink.objects.exists()
    assert all(len(r.content_seal) == 32 for r in stored)
    [queued] = UnchainedRecord.objects.all()  # one row for the call (decision 0055)
    assert [record_id for record_id, _leaf in queued.entries()] == [r.id for r in written]
    assert [len(leaf) for _id, leaf in queued.entries()] == [64] * 3
    assert len(queued.leaf_seal) == 32
    assert ChainHead.objects.filter(last_id__gt=0).count() == 0
    result = verify_chain()
    assert result.ok and result.checked == 0 and result.waiting == 3
    assert sequence() == 3
    assert sorted(stored.values_list("link__position", flat=True)) == [1, 2, 3]
    assert ChainHead.objects.get(pk=1).last_id == 3
    assert verify_chain().ok and verify_chain().checked == 3


def test_altered_record_is_named(chain):
    _without_guard()
    AccessLogRecord.objects.filter(pk=chain[3].pk).update(username="someone-else")
    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == chain[3].position
    assert "altered" in result.problem
    with pytest.raises(CommandError, match=f"record {chain[3].position}"):
        call_command("audit", "verify")


def test_removed_record_is_named(chain):
    _without_guard()
    AccessLogRecord.objects.filter(pk=chain[2].pk).delete()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == chain[2].position
    assert f"record {chain[2].position} is missing" in result.problem


def test_removed_record_and_link_are_named(chain):
    _without_guard()
    AccessLogRecord.objects.filter(pk=chain[2].pk).delete()
    link_at(chain[2].position).delete()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == chain[2].position
    assert f"record {chain[2].position} is missing" in result.problem


def test_removed_tail_is_detected(chain):
    _without_guard()
    AccessLogRecord.objects.filter(pk=chain[5].pk).delete()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == chain[5].position


def test_swapped_records_are_named(chain):
    _without_guard()
    first, second = (AccessLogRecord.objects.get(pk=chain[i].pk) for i in (1, 2))
    fields = ["object_ids", "subject_ids"]
    a = {f: getattr(first, f) for f in fields}
    b = {f: getattr(second, f) for f in fields}
    AccessLogRecord.objects.filter(pk=first.pk).update(**b)
    AccessLogRecord.objects.filter(pk=second.pk).update(**a)
    link_fields = ["leaf", "prev_hash", "hash"]
    a = {f: getattr(chain[1], f) for f in link_fields}
    b = {f: getattr(chain[2], f) for f in link_fields}
    link_at(chain[1].position).update(**b)
    link_at(chain[2].position).update(**a)
    result = verify_chain()
    assert not result.ok and result.first_bad_id == chain[1].position


def test_appends_continue_the_chain(chain, ctx_of):
    more = append_chained(ctx_of("ruben"), [LogEvent(event_code="entry.read", action="R")])
    assert more[0].position == chain[-1].position + 1
    assert more[0].prev_hash == chain[-1].hash
    assert verify_chain().ok


def test_log_written_inside_a_rolled_back_transaction_disappears_with_it(ctx_of):
    """Fail closed: the log record and the access commit or roll back together."""
    with transaction.atomic():
        sp = transaction.savepoint()
        append(ctx_of("lotte"), [LogEvent(event_code="household.read", action="R")])
        transaction.savepoint_rollback(sp)
    assert AccessLogRecord.objects.count() == 0
    assert verify_chain().ok


def test_waiting_records_are_counted_across_pieces(ctx_of, monkeypatch):
    """verify checks the unchained records in pieces (a stopped sequencer can leave very
    many); every piece counts."""
    from netwerkdossier.audit import verify

    with transaction.atomic():
        append(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")] * 5)
    monkeypatch.setattr(verify, "UNCHAINED_CHUNK", 2)
    result = verify_chain()
    assert result.ok and result.waiting == 5
