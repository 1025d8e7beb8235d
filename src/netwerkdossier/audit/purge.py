"""The only paths that remove access-log records (decision 0027).

- purge_before(): retention destruction of the chained records before a position, with
  their chain links. It first appends an "audit.purge" record naming the first kept
  record, the hash before it (so `audit verify` can start the chain there) and how many
  records go, and chains it (so it is the newest link); then, on PostgreSQL, the
  SECURITY DEFINER function audit_purge_before() takes a permit for this transaction
  only and deletes.
  All in one transaction: no record of the purge, no purge.
- grant_permit() / revoke_permit(): a flush permit for the test suite (Django empties
  the test database between transactional tests). On PostgreSQL it is bound to this
  backend; with separate roles the application role cannot write it (operator guide).
"""

from contextlib import contextmanager

from django.db import connection, transaction

from .log import LogEvent, append
from .models import ChainLink
from .sequencer import sequence
from .triggers import LINK_TABLE, PERMIT_TABLE, PURGE_EVENT, PURGE_FUNCTION, TABLE


class PurgeRefused(Exception):
    pass


def grant_permit() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"INSERT INTO {PERMIT_TABLE} (kind, backend_pid) "
                        "VALUES ('flush', pg_backend_pid())")
        else:
            cur.execute(f"INSERT INTO {PERMIT_TABLE} (granted) VALUES (1)")


def revoke_permit() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"DELETE FROM {PERMIT_TABLE} WHERE kind = 'flush' "
                        "AND backend_pid = pg_backend_pid()")
        else:
            cur.execute(f"DELETE FROM {PERMIT_TABLE}")


@contextmanager
def purge_permit():
    """Flush permit for test databases only; retention goes through purge_before()."""
    grant_permit()
    try:
        yield
    finally:
        revoke_permit()


def purge_before(ctx, before: int) -> int:
    """Destroy the chained records at positions below `before`; returns how many."""
    with transaction.atomic():
        sequence(wait=True)  # the records before `before` are chained, and the head is current
        chained = ChainLink.objects.all()
        oldest = chained.order_by("position").values_list("position", flat=True).first()
        if oldest is None or before <= oldest:
            return 0
        anchor = chained.filter(position=before - 1).values_list("hash", flat=True).first()
        if anchor is None:
            raise PurgeRefused(f"record {before - 1} does not exist")
        count = chained.filter(position__lt=before).count()
        append(ctx, [LogEvent(event_code=PURGE_EVENT, action="D", object_type="access_log",
                              object_ids=[str(before), anchor, str(count)])])
        sequence(wait=True)
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute(f"SELECT {PURGE_FUNCTION}(%s)", [before])
                return cur.fetchone()[0]
            cur.execute(f"INSERT INTO {PERMIT_TABLE} (granted) VALUES (1)")
            cur.execute(f"DELETE FROM {TABLE} WHERE id IN (SELECT record_id "  # noqa: S608
                        f"FROM {LINK_TABLE} WHERE position < %s)", [before])
            removed = cur.rowcount
            cur.execute(f"DELETE FROM {LINK_TABLE} WHERE position < %s", [before])  # noqa: S608
            cur.execute(f"DELETE FROM {PERMIT_TABLE}")
            return removed
