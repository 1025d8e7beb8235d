"""The canonical text of a record, built in Python and (on PostgreSQL) by the server.

`audit verify` on PostgreSQL lets the server build the text and hash of every record
(chain.canonical_sql / hash_sql); these tests pin that both sides agree byte for byte
on awkward values, and that the SQL verify and the Python walk report the same damage.
"""

import json
import time
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from netwerkdossier.audit import digests, verify
from netwerkdossier.audit.chain import (
    GENESIS_HASH,
    canonical_sql,
    canonical_text,
    hash_sql,
    json_list_text,
    leaf_hash,
    leaf_sql,
    record_hash,
)
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord, ChainLink, UnchainedRecord
from netwerkdossier.audit.triggers import PG_CREATE, PG_DROP, SQLITE_DROP
from tests.audit.helpers import append_chained, link_at, postgresql_only, record_at

pytestmark = pytest.mark.django_db

TRICKY_IDS = [
    [],
    ["7f0e1c3a-0000-4000-8000-000000000001", "7f0e1c3a-0000-4000-8000-000000000002", "3"],
    ["quote\"in", "back\\slash", "octal\\101\\\\", "tab\tnew\nline\r", "ctl\x01\x1f",
     "del\x7f", "é ß 李 🙂"],
    ["a,b", "[x]", " spaced ", ""],
]


class Actor:
    def __init__(self, username):
        self.username = username

    def log_fields(self):
        return {"user_id": "u-1", "username": self.username, "organisation_id": "",
                "role": "professional", "responsible_user_id": "u-1",
                "purpose": "hulpverlening", "channel": "web"}


def test_canonical_text_form():
    values = {
        "id": 7, "occurred_at": datetime(2026, 1, 2, 3, 4, 5, 0, tzinfo=UTC),
        "event_code": "entry.read", "action": "R", "result": "granted", "user_id": "u",
        "username": "Zoë", "organisation_id": "", "role": "r", "responsible_user_id": "u",
        "purpose": "p", "object_type": "entry", "object_ids": ["a", "b"], "subject_ids": [],
        "rule": "team", "consent_profile": "", "break_glass": True, "source": "s",
        "channel": "web",
    }
    text = canonical_text(values)
    assert text.split("\x1f")[:2] == ["7", "1767323045000000"]
    assert '["a", "b"]\x1f[]\x1fteam\x1f\x1f1\x1f' in text
    assert "Zoë" in text


@pytest.mark.parametrize("items", [*TRICKY_IDS, ["\ud800 lone", "\u2028"], [1, "a", None]])
def test_the_fast_json_list_is_json_dumps(items):
    """The writer's list text (chain.json_list_text) is exactly what json.dumps writes,
    for awkward strings, and for a list that is not all strings (its fallback)."""
    assert json_list_text(items) == json.dumps(items, ensure_ascii=False)


def _tricky_records():
    """Records through append(), plus rows written directly with hand-picked timestamps."""
    written = []
    with transaction.atomic():
        for i, ids in enumerate(TRICKY_IDS):
            written += append(Actor(["nv-wt-0001", "Zoë Çelik-Ünal", "李小龙", "o'Brien"][i]), [
                LogEvent(event_code="entry.list", action="R", object_type="entry",
                         object_ids=ids, subject_ids=list(reversed(ids)) + [42],
                         break_glass=bool(i % 2), consent_profile="toestemming" * (i % 2))])
    last = written[-1]
    stamps = [datetime(2026, 3, 1, 12, 0, 0, 0, tzinfo=UTC),  # microsecond 0
              datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),  # before the epoch
              datetime(2026, 3, 29, 1, 30, 0, 1, tzinfo=UTC)]  # DST change in NL
    for n, stamp in enumerate(stamps, start=1):
        AccessLogRecord.objects.create(
            id=last.id + n, occurred_at=stamp, event_code="x", action="R", result="granted",
            object_ids=TRICKY_IDS[2], subject_ids=[], break_glass=False)
    return AccessLogRecord.objects.order_by("id")


def _python_values(record):
    return {f.attname: getattr(record, f.attname) for f in AccessLogRecord._meta.fields}


@postgresql_only
def test_postgresql_builds_the_same_canonical_text_leaf_and_hash():
    """Records written by append() (COPY or INSERT) and through the ORM: the json
    columns keep the canonical text of the lists, whatever characters they hold; the
    leaf PostgreSQL stores (digests.py) is the same as the one it computes on request."""
    records = list(_tricky_records())
    assert len(records) == len(TRICKY_IDS) + 3
    with connection.cursor() as cur:
        cur.execute(f"SELECT id, {canonical_sql()}, {leaf_sql()}, "  # noqa: S608
                    f"{hash_sql(prev_hash=repr(GENESIS_HASH))}, leaf "
                    "FROM audit_accesslogrecord ORDER BY id")
        server = {rid: rest for rid, *rest in cur.fetchall()}
    queued = dict(entry for row in UnchainedRecord.objects.all() for entry in row.entries())
    for record in records:
        values = _python_values(record)
        text, leaf, digest, stored_leaf = server[record.id]
        assert text == canonical_text(values), record.id
        assert leaf == stored_leaf == leaf_hash(canonical_text(values)), record.id
        assert digest == record_hash(GENESIS_HASH, values), record.id
        if record.id in queued:  # written by append(): the writer's leaf is the same
            assert leaf == queued[record.id]


@postgresql_only
def test_canonical_sql_with_a_table_alias():
    _tricky_records()
    with connection.cursor() as cur:
        cur.execute(f"SELECT r.id, {canonical_sql('r')} "  # noqa: S608
                    "FROM audit_accesslogrecord r ORDER BY r.id")
        rows = cur.fetchall()
    records = {r.id: r for r in AccessLogRecord.objects.all()}
    assert all(text == canonical_text(_python_values(records[rid])) for rid, text in rows)


# --- the same verdict from the SQL verify and the Python walk ---------------------------

def _without_guard():
    with connection.cursor() as cur:
        for sql in (PG_DROP if connection.vendor == "postgresql" else SQLITE_DROP):
            cur.execute(sql)


def _remove(*positions):
    AccessLogRecord.objects.filter(link__position__in=positions).delete()
    ChainLink.objects.filter(position__in=positions).delete()


def _damage(kind, positions):
    if kind == "altered":
        record_at(positions[4]).update(object_ids=["other"])
    elif kind == "first_removed":
        _remove(positions[0])
    elif kind == "middle_removed":
        _remove(*positions[3:5])
    elif kind == "tail_removed":
        _remove(*positions[-2:])
    elif kind == "record_removed":  # its link left
        record_at(positions[4]).delete()
    elif kind == "link_repointed":  # two links name each other's records
        four, seven = (link_at(positions[i]).get().record_id for i in (3, 6))
        link_at(positions[3]).update(record_id=-1)
        link_at(positions[6]).update(record_id=four)
        link_at(positions[3]).update(record_id=seven)
    elif kind == "leaf_changed":
        link_at(positions[2]).update(leaf="e" * 64)
    elif kind == "relinked":  # a removed record hidden by rewriting the next prev_hash
        link_at(positions[5]).update(prev_hash=link_at(positions[3]).get().hash)
        _remove(positions[4])
    elif kind == "rehashed_but_next_unlinked":
        link_at(positions[2]).update(hash="f" * 64)
    elif kind == "hash_changed_and_next_relinked":  # only the link hash shows it
        link_at(positions[2]).update(hash="f" * 64)
        link_at(positions[3]).update(prev_hash="f" * 64)
    elif kind == "head_moved_back":
        from netwerkdossier.audit.models import ChainHead

        ChainHead.objects.filter(pk=1).update(last_id=positions[-2])


KINDS = ["none", "altered", "first_removed", "middle_removed", "tail_removed",
         "record_removed", "link_repointed", "leaf_changed", "relinked",
         "rehashed_but_next_unlinked", "hash_changed_and_next_relinked", "head_moved_back"]


@pytest.mark.parametrize("kind", KINDS)
def test_sql_and_python_verify_agree(kind):
    written = append_chained(Actor("nv-wt-0002"), [
        LogEvent(event_code="household.read", action="R", object_type="household",
                 object_ids=[f"h{i}"] * (i % 3), subject_ids=[f"p{i}"]) for i in range(9)])
    _without_guard()
    _damage(kind, [r.position for r in written])
    walked = verify._verify_python(chunk_size=3)
    assert walked.ok == (kind == "none")
    if connection.vendor == "postgresql":  # with the stored digests and without them
        assert digests.intact(connection) == frozenset(digests.TABLES)
        for trusted in (frozenset(), frozenset(digests.TABLES)):
            assert verify._verify_postgresql(trusted=trusted) == walked
    # The full verify names the same record and also reports the dropped guard.
    full = verify.verify_chain()
    assert not full.ok and full.first_bad_id == walked.first_bad_id
    assert "append-only guard" in full.problem


def _backends(expected: int | None = None) -> int:
    """Backends on the test database; with `expected`, wait up to 5 s for that number
    (a closed connection's backend leaves pg_stat_activity a moment later)."""
    deadline = time.monotonic() + 5
    while True:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database()")
            count = cur.fetchone()[0]
        if expected is None or count == expected or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


@postgresql_only
@pytest.mark.parametrize("kind", KINDS)
def test_parallel_ranges_agree_with_the_walk(transactional_db, kind):
    """Outside a transaction a large log is checked in position ranges on several
    connections; damage at or next to a range boundary must give the same verdict as the
    walk. (Each commit runs the sequencer, as in production.)"""
    written = append(Actor("nv-wt-0003"), [
        LogEvent(event_code="household.read", action="R", object_ids=[f"h{i}"])
        for i in range(9)])
    written = ChainLink.objects.filter(record_id__in=[r.id for r in written]).order_by("position")
    _without_guard()
    try:
        _damage(kind, [link.position for link in written])
        walked = verify._verify_python(chunk_size=4)
        backends = _backends()
        for workers in (2, 3, 4):  # several ranges per thread, one connection each
            assert verify._verify_postgresql(workers=workers, parallel_from=0,
                                             trusted=frozenset(digests.TABLES)) == walked
        assert verify._verify_postgresql(workers=2, parallel_from=0) == walked
        assert _backends(backends) == backends  # every thread's connection was closed
        assert walked.ok == (kind == "none")
    finally:  # committed DDL: put the guard back for the tests after this one
        with connection.cursor() as cur:
            for sql in PG_DROP + PG_CREATE:
                cur.execute(sql)
