"""Only the retention purge removes records, and it leaves its own record; no session
setting switches the append-only guard off."""

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from netwerkdossier.audit.checkpoint import write_checkpoint
from netwerkdossier.audit.log import LogEvent
from netwerkdossier.audit.models import AccessLogRecord, ChainLink
from netwerkdossier.audit.purge import PurgeRefused, purge_before
from netwerkdossier.audit.triggers import PURGE_EVENT, PURGE_FUNCTION
from netwerkdossier.audit.verify import verify_chain
from tests.audit.helpers import append_chained, positions, postgresql_only, record_at

# The record at position 6, removed or altered in plain SQL.
DELETE_6 = ("DELETE FROM audit_accesslogrecord "
            "WHERE id = (SELECT record_id FROM audit_chainlink WHERE position = 6)")
UPDATE_6 = ("UPDATE audit_accesslogrecord SET username = 'x' "
            "WHERE id = (SELECT record_id FROM audit_chainlink WHERE position = 6)")

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(ctx_of):
    """Six chained records, at positions 1 to 6."""
    return append_chained(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R",
                                                     object_ids=[f"e{i}"]) for i in range(6)])


def refused(*statements, match="append-only"):
    """The last statement fails (the ones before it, e.g. a SET, succeed)."""
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), \
            connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


@postgresql_only
def test_no_session_setting_switches_the_guard_off(records):
    for setting in ("SET LOCAL netwerkdossier.audit_purge = 'on'",
                    "SET LOCAL session_replication_role = 'replica'"):
        for statement in (DELETE_6,
                          "TRUNCATE audit_accesslogrecord",
                          UPDATE_6,
                          "DELETE FROM audit_chainlink WHERE position = 6",
                          "TRUNCATE audit_chainlink",
                          "UPDATE audit_chainlink SET hash = 'x' WHERE position = 6"):
            refused(setting, statement)
    assert AccessLogRecord.objects.count() == 6 and ChainLink.objects.count() == 6


@postgresql_only
def test_the_purge_function_refuses_without_its_record(records):
    refused(f"SELECT {PURGE_FUNCTION}(4)", match="purge refused")
    assert AccessLogRecord.objects.count() == 6


@postgresql_only
def test_a_flush_permit_holds_for_its_own_backend_only(records):
    with connection.cursor() as cur:
        cur.execute("INSERT INTO audit_purge_permit (kind, backend_pid) "
                    "VALUES ('flush', pg_backend_pid() + 1)")
    refused(DELETE_6)
    refused("DELETE FROM audit_chainlink WHERE position = 6")


def test_delete_without_a_permit_is_refused(records):
    refused(DELETE_6)
    refused(UPDATE_6)
    refused("DELETE FROM audit_chainlink WHERE position = 6")
    refused("UPDATE audit_chainlink SET hash = 'x' WHERE position = 6")


def test_retention_purge_leaves_its_record_and_the_rest_verifies(records, ctx_of):
    write_checkpoint()  # at record 6: below and above the purge point
    with transaction.atomic():
        removed = purge_before(ctx_of("lotte"), 4)
    assert removed == 3
    assert positions() == [4, 5, 6, 7]
    assert AccessLogRecord.objects.count() == 4
    purge = record_at(7).get()
    assert purge.event_code == PURGE_EVENT and purge.action == "D"
    assert purge.object_ids == ["4", records[2].hash, "3"]
    result = verify_chain()
    assert result.ok and result.checked == 4
    append_chained(ctx_of("lotte"), [LogEvent(event_code="entry.read", action="R")])
    assert verify_chain().ok and verify_chain().checked == 5


def test_a_purge_without_its_record_is_named(records):
    """Deleting the oldest records by hand (guard dropped) is not a purge."""
    from netwerkdossier.audit.triggers import PG_DROP, SQLITE_DROP

    with connection.cursor() as cur:
        for sql in PG_DROP if connection.vendor == "postgresql" else SQLITE_DROP:
            cur.execute(sql)
    AccessLogRecord.objects.filter(link__position__lt=3).delete()
    ChainLink.objects.filter(position__lt=3).delete()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == 1


def test_a_forged_purge_record_does_not_excuse_missing_records(records):
    from netwerkdossier.audit.chain import leaf_of, link_hash
    from netwerkdossier.audit.triggers import PG_DROP, SQLITE_DROP

    with connection.cursor() as cur:
        for sql in PG_DROP if connection.vendor == "postgresql" else SQLITE_DROP:
            cur.execute(sql)
    values = {f.attname: getattr(records[-1], f.attname)
              for f in AccessLogRecord._meta.fields}
    values.update(id=records[-1].id + 1, event_code=PURGE_EVENT,
                  object_ids=["3", records[1].hash, "2"])
    AccessLogRecord.objects.create(**values)
    leaf = leaf_of(values)
    ChainLink.objects.create(position=7, record_id=values["id"], leaf=leaf,
                             prev_hash=records[-1].hash,
                             hash=link_hash(records[-1].hash, leaf), seal="1" * 32)
    AccessLogRecord.objects.filter(link__position__lt=3).delete()
    ChainLink.objects.filter(position__lt=3).delete()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == 1


def test_purge_command(records, capsys):
    call_command("audit", "purge", "--before", "3")
    assert "2 records destroyed" in capsys.readouterr().out
    assert AccessLogRecord.objects.filter(event_code=PURGE_EVENT).count() == 1
    assert verify_chain().ok


def test_nothing_to_purge(records, ctx_of):
    assert purge_before(ctx_of("lotte"), 1) == 0
    with pytest.raises(PurgeRefused):
        purge_before(ctx_of("lotte"), 99)


@postgresql_only
def test_an_application_role_cannot_delete_or_write_permits(records, ctx_of):
    """With separate roles (operator guide) the application role can append and purge
    through the function, but neither delete records nor write a permit itself."""
    ctx = ctx_of("lotte")
    ctx.log_fields()
    role = f"nd_app_probe_{uuid.uuid4().hex[:12]}"  # rolled back with the test
    with connection.cursor() as cur:
        for sql in (f"CREATE ROLE {role} NOLOGIN",
                    f"GRANT SELECT, INSERT ON audit_accesslogrecord TO {role}",
                    f"GRANT SELECT, INSERT ON audit_chainlink TO {role}",
                    f"GRANT USAGE ON SEQUENCE audit_accesslogrecord_id_seq TO {role}",
                    f"GRANT SELECT, INSERT, DELETE ON audit_unchainedrecord TO {role}",
                    f"GRANT SELECT, UPDATE ON audit_chainhead TO {role}",
                    f"GRANT EXECUTE ON FUNCTION {PURGE_FUNCTION}(bigint) TO {role}",
                    f"SET LOCAL ROLE {role}"):
            cur.execute(sql)
    refused(DELETE_6, match="permission denied")
    refused("DELETE FROM audit_chainlink WHERE position = 6", match="permission denied")
    refused(UPDATE_6,
            match="permission denied")
    refused("INSERT INTO audit_purge_permit (kind, backend_pid) "
            "VALUES ('flush', pg_backend_pid())", match="permission denied")
    refused(f"SELECT {PURGE_FUNCTION}(4)", match="purge refused")
    assert purge_before(ctx, 4) == 3
    with connection.cursor() as cur:
        cur.execute("SELECT current_user")
        assert cur.fetchone()[0] == role
