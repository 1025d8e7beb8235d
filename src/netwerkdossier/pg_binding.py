"""Integer parameters sent as text when PostgreSQL binds them (decision 0054).

Django wraps the values of integer fields in psycopg's Int2/Int4/Int8. With parameters
bound on the server (settings: `server_side_binding`), psycopg 3.3's C transformer sent
such a value in binary and cut one that does not fit to its low bytes: 111,222,333 in a
smallint column was stored as 7,741, without an error, whenever a plain int came earlier
in the same statement (the transformer then reuses the plain int's binary dumper for
the wrapper). Sent as text, PostgreSQL parses each value and refuses one out of range
(`DataError`), as it does with client-side binding; PostgreSQL still types the
parameter (int2, int4, int8 or numeric, by the value).
"""

from django.db.backends.signals import connection_created


def _integers_as_text(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    from psycopg.types import numeric

    adapters = connection.connection.adapters
    for wrapper, text_dumper in ((int, numeric.IntDumper), (numeric.Int2, numeric.Int2Dumper),
                                 (numeric.Int4, numeric.Int4Dumper),
                                 (numeric.Int8, numeric.Int8Dumper)):
        adapters.register_dumper(wrapper, text_dumper)


def register() -> None:
    """Connect the receiver (AccountsConfig.ready), for every new connection."""
    connection_created.connect(_integers_as_text, dispatch_uid="netwerkdossier.pg_binding")
