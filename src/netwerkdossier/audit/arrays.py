"""Array parameters for the access log's bulk statements on PostgreSQL, sent as one
comma-joined text each and split by the server.

psycopg dumps a list parameter element by element and tests each one against a regular
expression for quoting: about 1.5 µs per element, ten elements per record between the
writer's queue rows and the sequencer's links (docs/benchmarks.md, access log, session
15). These columns hold only digits and lowercase hex (ids, hashes, seals computed by
the application), which never contain the separator, so a join is exact. Not for text
from elsewhere.
"""

SEPARATOR = ","


def join(values) -> str:
    """The values (ints or hex strings) as one parameter for joined_array()."""
    return SEPARATOR.join(map(str, values))


def joined_array(sql_type: str) -> str:
    """SQL for a parameter made by join(), as an array of `sql_type`."""
    return f"string_to_array(%s, '{SEPARATOR}')::{sql_type}[]"
