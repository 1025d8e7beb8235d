"""Every way of tampering with the access log is detected and names the right record.

The attacker here can do anything the database user can (drop the triggers, write any
row, move the chain head) but holds neither the access-log key nor write access to the
checkpoint directory. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from netwerkdossier.audit.chain import CHAINED_FIELDS, leaf_of, link_hash
from netwerkdossier.audit.checkpoint import write_checkpoint
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord, ChainHead, ChainLink, UnchainedRecord
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.triggers import PG_DROP, SQLITE_DROP, TABLE
from netwerkdossier.audit.verify import verify_chain
from tests.audit.helpers import append_chained, link_at, postgresql_only, record_at

pytestmark = pytest.mark.django_db
FIELDS = (*CHAINED_FIELDS, "content_seal")
LINK_FIELDS = ("position", "record_id", "leaf", "prev_hash", "hash", "seal")


@pytest.fixture
def chain(ctx_of):
    """Records 1 to 6 (positions), and a signed checkpoint at 6 (as the scheduled run
    writes). Records are found by position below: that is what `audit verify` names."""
    events = [LogEvent(event_code="household.read", action="R", object_type="household",
                       object_ids=[f"h{i}"], subject_ids=[f"p{i}"]) for i in range(6)]
    records = append_chained(ctx_of("lotte"), events)
    assert [r.position for r in records] == [1, 2, 3, 4, 5, 6]
    assert write_checkpoint().last_id == 6
    assert verify_chain().ok
    return records


def new_id() -> int:
    return AccessLogRecord.objects.order_by("-id").first().id + 1


def drop_guard():
    with connection.cursor() as cur:
        for sql in PG_DROP if connection.vendor == "postgresql" else SQLITE_DROP:
            cur.execute(sql)


def values_of(position: int) -> dict:
    """The record at `position` (its written columns)."""
    return dict(zip(FIELDS, record_at(position).values_list(*FIELDS)[0], strict=True))


def link_of(position: int) -> dict:
    return dict(zip(LINK_FIELDS, link_at(position).values_list(*LINK_FIELDS)[0], strict=True))


def set_head(position: int) -> None:
    ChainHead.objects.filter(pk=1).update(last_id=position, last_hash=link_at(position).get().hash)


def forge(values: dict, position: int, **link) -> None:
    """A record with `values` and its link at `position` after the link before it, with
    a correct leaf and hash (what anyone can compute without the key)."""
    AccessLogRecord.objects.create(**values)
    leaf = leaf_of(values)
    prev = link_at(position - 1).get().hash
    ChainLink.objects.create(**{"position": position, "record_id": values["id"], "leaf": leaf,
                                "prev_hash": prev, "hash": link_hash(prev, leaf),
                                "seal": "0" * 32, **link})


def rehash_from(position: int) -> None:
    """Recompute leaf, prev_hash and hash of the link at `position` and every later one,
    and the head."""
    prev = link_at(position - 1).get().hash if position > 1 else "0" * 64
    for link in ChainLink.objects.filter(position__gte=position).order_by("position"):
        leaf = leaf_of(values_of(link.position))
        digest = link_hash(prev, leaf)
        link_at(link.position).update(leaf=leaf, prev_hash=prev, hash=digest)
        prev = digest
    set_head(ChainLink.objects.order_by("-position").first().position)


def assert_named(rid: int, *words: str):
    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == rid, result.problem
    for word in words:
        assert word in result.problem
    with pytest.raises(CommandError, match=f"at record {rid}:"):
        call_command("audit", "verify")
    return result


def test_alter_a_record(chain):
    drop_guard()
    record_at(3).update(username="iemand-anders")
    assert_named(3, "record 3 was altered")


def test_delete_one_in_the_middle(chain):
    drop_guard()
    record_at(3).delete()
    link_at(3).delete()
    assert_named(3, "record 3 is missing")


def test_delete_a_record_and_keep_its_link(chain):
    drop_guard()
    record_at(3).delete()
    assert_named(3, "record 3 is missing")


def test_swap_two(chain):
    """Swap everything two records and their links hold, except ids and positions."""
    drop_guard()
    two, three = values_of(2), values_of(3)
    moved = [f for f in FIELDS if f != "id"]
    record_at(2).update(**{f: three[f] for f in moved})
    record_at(3).update(**{f: two[f] for f in moved})
    two, three = link_of(2), link_of(3)
    moved = ("leaf", "prev_hash", "hash", "seal")
    link_at(2).update(**{f: three[f] for f in moved})
    link_at(3).update(**{f: two[f] for f in moved})
    assert_named(2)


def test_swap_two_positions(chain):
    drop_guard()
    link_at(2).update(position=0)
    link_at(3).update(position=2)
    link_at(0).update(position=3)
    assert_named(2, "record 2 does not follow its predecessor")


def test_swap_the_records_two_links_name(chain):
    """The chain itself untouched, its links pointed at each other's records."""
    drop_guard()
    two, three = link_of(2)["record_id"], link_of(3)["record_id"]
    link_at(2).update(record_id=-1)
    link_at(3).update(record_id=two)
    link_at(2).update(record_id=three)
    assert_named(2, "record 2 was altered")


def test_insert_one(chain):
    """A record slipped in at position 4: the later ones are renumbered, the new one gets
    a correct leaf, prev_hash and hash, and the head is moved. It has no valid seal."""
    drop_guard()
    for position in (6, 5, 4):
        link_at(position).update(position=position + 1)
    forge({**values_of(3), "id": new_id(), "username": "verzonnen"}, 4,
          seal=link_of(5)["seal"])  # a seal copied from a real record
    set_head(7)
    assert_named(4, "record 4 is not sealed")


def test_delete_the_newest_records(chain):
    """Remove records 5 and 6 and move the head back: the chain itself is consistent, the
    signed checkpoint at 6 is what shows it."""
    drop_guard()
    AccessLogRecord.objects.filter(link__position__gte=5).delete()
    ChainLink.objects.filter(position__gte=5).delete()
    set_head(4)
    result = assert_named(5, "records 5 to 6 were removed", "checkpoint")
    assert result.checked == 4


def test_append_a_forged_record_with_a_correct_hash(chain):
    """Needs no more than INSERT: the triggers allow appends."""
    forge({**values_of(6), "id": new_id(), "event_code": "entry.read"}, 7)
    set_head(7)
    assert_named(7, "record 7 is not sealed")


def test_append_a_forged_record_without_moving_the_head(chain):
    forge({**values_of(6), "id": new_id()}, 7)
    assert_named(7, "record 7 lies beyond the chain head")


def test_alter_one_and_rehash_the_rest(chain):
    drop_guard()
    record_at(3).update(subject_ids=["iemand-anders"])
    rehash_from(3)
    assert_named(3, "record 3 is not sealed")


def test_rehash_everything_after_removing_the_tail(chain):
    """Rewrite the whole log shorter: seals and the checkpoint both object; the first
    rewritten record is named."""
    drop_guard()
    AccessLogRecord.objects.filter(link__position__gte=4).delete()
    ChainLink.objects.filter(position__gte=4).delete()
    record_at(2).update(purpose="anders")
    rehash_from(2)
    assert_named(2)


def test_change_the_chain_head(chain):
    set_head(4)
    assert_named(5, "beyond the chain head")


def test_change_the_chain_head_hash(chain):
    ChainHead.objects.filter(pk=1).update(last_hash="f" * 64)
    assert_named(6, "the chain head does not match record 6")


def test_drop_the_trigger(chain):
    drop_guard()
    result = verify_chain()
    assert not result.ok and result.first_bad_id is None
    assert "append-only guard" in result.problem and "_no_update" in result.problem
    with pytest.raises(CommandError, match="append-only guard"):
        call_command("audit", "verify")


def test_drop_the_trigger_and_alter_a_record(chain):
    drop_guard()
    record_at(2).update(rule="noodtoegang")
    result = assert_named(2, "record 2 was altered", "append-only guard")
    assert result.checked == 1


@postgresql_only
def test_disabled_or_replaced_trigger_is_reported(chain):
    with connection.cursor() as cur:
        cur.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_no_delete")
        cur.execute(f"""CREATE OR REPLACE FUNCTION {TABLE}_guard() RETURNS trigger AS $$
            BEGIN RETURN NEW; END $$ LANGUAGE plpgsql""")
    problem = verify_chain().problem
    assert f"trigger {TABLE}_no_delete is not enabled always" in problem
    assert f"trigger {TABLE}_no_update runs changed code" in problem


@pytest.mark.parametrize("queued", ["not", "with a copied leaf seal", "with its own leaf",
                                    "without a leaf"])
def test_a_row_slipped_in_is_never_chained_and_is_reported(chain, queued):
    """An INSERT by someone without the key, queued or not: the sequencer does not chain
    it on the application's behalf (no valid leaf seal, no valid content seal), and
    verify names it."""
    with transaction.atomic():  # a real queue row to copy the leaf seal from, rolled back
        real = UnchainedRecord.objects.get(
            pk=append(None, [LogEvent(event_code="x", action="R")])[0].id)
        transaction.set_rollback(True)
    forged = {**values_of(6), "id": max(new_id(), real.id + 1),  # content seal copied
              "username": "verzonnen"}
    AccessLogRecord.objects.create(**forged)
    if queued != "not":
        leaf = {"with a copied leaf seal": real.leaf, "with its own leaf": leaf_of(forged),
                "without a leaf": ""}[queued]
        UnchainedRecord.objects.create(id=forged["id"], leaf=leaf, leaf_seal=real.leaf_seal)
    assert sequence() == 0
    assert not ChainLink.objects.filter(record_id=forged["id"]).exists()
    result = verify_chain()
    assert not result.ok and result.first_bad_id is None
    assert f"not written by the application (no valid content seal; first id {forged['id']})" \
        in result.problem
    with pytest.raises(CommandError, match="not written by the application"):
        call_command("audit", "verify")


def test_a_record_held_back_from_the_chain_is_reported(chain, ctx_of, settings):
    """Written by the application but not chained for longer than the grace period (a
    stopped sequencer, or someone holding records back)."""
    with transaction.atomic():
        record = append(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")])[0]
    assert verify_chain().ok and verify_chain().waiting == 1
    settings.AUDIT_SEQUENCE_GRACE = -1
    result = verify_chain()
    assert not result.ok
    assert f"1 records wait longer than -1 s to be chained (first id {record.id})" \
        in result.problem
    call_command("audit", "verify")  # the operator's command chains it first
    assert AccessLogRecord.objects.get(pk=record.id).link.position == 7


def test_a_record_taken_off_the_queue_long_ago_is_chained_by_verify(chain, ctx_of, settings,
                                                                    monkeypatch):
    """Held back past the look-back of the timer's requeue: `audit verify` finds it in
    its full pass and chains it."""
    from datetime import timedelta

    from netwerkdossier.audit import sequencer

    with transaction.atomic():
        record = append(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")])[0]
    UnchainedRecord.objects.filter(pk=record.id).delete()
    settings.AUDIT_SEQUENCE_GRACE = -1
    monkeypatch.setattr(sequencer, "requeue_window", lambda: timedelta(seconds=-60))
    call_command("audit", "sequence")
    assert not ChainLink.objects.filter(record_id=record.id).exists()
    call_command("audit", "verify")
    assert AccessLogRecord.objects.get(pk=record.id).link.position == 7
