"""The one path that may delete access-log rows: retention destruction and test flushes."""

from contextlib import contextmanager

from django.db import connection

from .triggers import PERMIT_TABLE, PG_SETTING


def grant_permit() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"SET {PG_SETTING} = 'on'")
        else:
            cur.execute(f"INSERT INTO {PERMIT_TABLE} (granted) VALUES (1)")


def revoke_permit() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"RESET {PG_SETTING}")
        else:
            cur.execute(f"DELETE FROM {PERMIT_TABLE}")


@contextmanager
def purge_permit():
    grant_permit()
    try:
        yield
    finally:
        revoke_permit()
