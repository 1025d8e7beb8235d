"""The hash chain: a record's hash covers its own fields and the previous record's hash.

The canonical text of a record is its CHAINED_FIELDS joined by SEP, each written in a
form that PostgreSQL can produce byte for byte (so `audit verify` can let the server
build the text, or even the hash, per row; see verify.py and canonical_sql()):

- timestamps: integer microseconds since the Unix epoch (UTC);
- id lists: JSON text as json.dumps(ensure_ascii=False) writes it ('["a", "b"]', '[]').
  The columns are PostgreSQL `json` (text kept as written; decision 0047), and the
  writer stores exactly this text; lists written before were jsonb, whose output for a
  list of strings is the same text (same separators, same escapes: only '"',
  backslash and characters below U+0020);
- booleans: "1" or "0";
- everything else: str().

hash = sha256(prev_hash + SEP + text) as lowercase hex, over UTF-8.

The text holds the record's `id`, not its `position` in the chain: the sequencer gives
positions after the record is written (decision 0031). Positions need no hash of their
own: they must run without gaps from the start, and each record names its predecessor's
hash, so a record can only sit at one place.

The writer also seals the text itself (content_seal_text()): a row slipped into the
table by someone without the key is never chained and sealed on the application's
behalf.

Chain links (decision 0047). The chain lives in a narrow table of its own (ChainLink),
written by INSERT: the writer computes the record's *leaf* = sha256(text) and queues it
with a leaf seal (HMAC over the record ids and leaves, leaf_seal_text()); the sequencer
chains leaves without reading or rewriting the record:

    link hash = sha256(prev_hash + SEP + leaf)

`audit verify` checks leaf = sha256(canonical text) per record and the link hashes per
link. Links of records chained before decision 0047 have no leaf (''): their hash is
record_hash(prev_hash, values), as before, and verify checks it so.
"""

import hashlib
import json
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring
from operator import itemgetter

GENESIS_HASH = "0" * 64
SEP = "\x1f"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# Order matters: changing it invalidates every stored hash.
CHAINED_FIELDS = (
    "id", "occurred_at", "event_code", "action", "result", "user_id", "username",
    "organisation_id", "role", "responsible_user_id", "purpose", "object_type", "object_ids",
    "subject_ids", "rule", "consent_profile", "break_glass", "source", "channel",
)
TIMESTAMP_FIELDS = frozenset({"occurred_at"})
LIST_FIELDS = frozenset({"object_ids", "subject_ids"})
BOOLEAN_FIELDS = frozenset({"break_glass"})


def epoch_micros(value: datetime) -> int:
    """Microseconds since 1970-01-01 UTC (a naive datetime is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - EPOCH) // _MICROSECOND


def json_list_text(items) -> str:
    """json.dumps(items, ensure_ascii=False) for a list of strings, in about 60 % of
    its time (the same C string encoder, without a JSONEncoder per call: 3.1 against
    5.3 µs for 25 ids); the access log writes two such lists per record."""
    try:
        return "[" + ", ".join(map(encode_basestring, items)) + "]"
    except TypeError:  # not all strings
        return json.dumps(items, ensure_ascii=False)


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return json_list_text(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return str(epoch_micros(value))
    return str(value)


_CHAINED_VALUES = itemgetter(*CHAINED_FIELDS)


def canonical_text(values: dict) -> str:
    # A text stays itself (no call per field): the writer passes most values as text.
    return SEP.join([v if type(v) is str else _text(v) for v in _CHAINED_VALUES(values)])


def content_seal_text(values: dict, text: str | None = None) -> str:
    """What the writer's content seal covers (a prefix keeps it apart from chain seals);
    `text`: the record's canonical text, when the caller has it already."""
    return "content" + SEP + (canonical_text(values) if text is None else text)


def record_hash(prev_hash: str, values: dict, text: str | None = None) -> str:
    """The hash of a legacy link (chained before decision 0047): over the whole text."""
    text = canonical_text(values) if text is None else text
    return hashlib.sha256((prev_hash + SEP + text).encode()).hexdigest()


def leaf_hash(text: str) -> str:
    """The record's leaf: sha256 of its canonical text (hex)."""
    return hashlib.sha256(text.encode()).hexdigest()


def leaf_of(values: dict) -> str:
    return leaf_hash(canonical_text(values))


def link_hash(prev_hash: str, leaf: str) -> str:
    """The hash of a link with a leaf."""
    return hashlib.sha256((prev_hash + SEP + leaf).encode()).hexdigest()


def leaf_seal_text(record_ids: str, leaves: str) -> str:
    """What the writer's leaf seal covers: the ids of the records one call wrote and
    their leaves, each comma-joined in the same order (one record: its id and leaf; a
    prefix keeps it apart from content and chain seals). The sequencer chains queued
    leaves only with a valid leaf seal, so a queue row cannot be forged, moved to other
    records or cut (decisions 0047 and 0055)."""
    return "leaf" + SEP + record_ids + SEP + leaves


def link_digest(prev_hash: str, leaf: str, values: dict | None) -> str:
    """The hash a link must carry: link_hash() with a leaf, record_hash() without."""
    if leaf:
        return link_hash(prev_hash, leaf)
    return record_hash(prev_hash, values)


# --- the same canonical text and hash, built by PostgreSQL -----------------------------
# The hashed bytes come from textsend(): the text in the connection's client encoding,
# which Django sets to UTF8 on every connection, so on a UTF8 database a plain copy
# (convert_to(…, 'UTF8') validated every text again: 5 % of verify's records query).

def _field_sql(name: str, alias: str) -> str:
    column = f"{alias}{name}"
    if name in TIMESTAMP_FIELDS:
        # extract() returns an exact numeric on PostgreSQL 14 and later.
        return f"(extract(epoch FROM {column}) * 1000000)::bigint::text"
    if name in LIST_FIELDS:
        return f"{column}::text"
    if name in BOOLEAN_FIELDS:
        return f"(CASE WHEN {column} THEN '1' ELSE '0' END)"
    return f"{column}::text"


def canonical_sql(alias: str = "") -> str:
    """A PostgreSQL text expression equal to canonical_text() of the row (`alias.` prefix
    optional). tests/audit checks the two agree on awkward values."""
    prefix = f"{alias}." if alias else ""
    # One concat_ws() builds the text in one allocation (a chain of || copies it 37
    # times). concat_ws skips NULLs; every chained column is NOT NULL.
    return "concat_ws(chr(31), " + ", ".join(_field_sql(name, prefix)
                                               for name in CHAINED_FIELDS) + ")"


def hash_sql(alias: str = "", prev_hash: str | None = None) -> str:
    """A PostgreSQL expression equal to record_hash(prev_hash, row) for the record row
    `alias` (a legacy link's hash); `prev_hash`: the SQL of the previous hash (default:
    the row's own prev_hash column)."""
    prefix = f"{alias}." if alias else ""
    prev_hash = prev_hash or f"{prefix}prev_hash"
    return (f"encode(sha256(textsend(concat_ws(chr(31), {prev_hash}, "
            f"{canonical_sql(alias)}))), 'hex')")


def leaf_sql(alias: str = "") -> str:
    """A PostgreSQL expression equal to leaf_hash(canonical_text(row))."""
    return f"encode(sha256(textsend({canonical_sql(alias)})), 'hex')"


def link_hash_sql(alias: str = "") -> str:
    """A PostgreSQL expression equal to link_hash(prev_hash, leaf) of a link row."""
    prefix = f"{alias}." if alias else ""
    return (f"encode(sha256(textsend(concat_ws(chr(31), {prefix}prev_hash, "
            f"{prefix}leaf))), 'hex')")


# --- the same leaf and link hash, stored by PostgreSQL (decision 0060) -----------------
# Generated columns take only IMMUTABLE functions, so these differ from the forms above
# in three places, not in their result: `||` instead of concat_ws() (STABLE: it takes
# "any"), the epoch from an interval (extract() from a timestamptz is STABLE), and the
# UTF-8 bytes through decode(…, 'escape') with every backslash doubled instead of
# textsend() (STABLE: the client encoding). On a UTF8 database the bytes are the same.
# Every name is one of pg_catalog's, which no database user can redefine.

def _bytes_sql(text: str) -> str:
    return f"decode(replace({text}, E'\\\\', E'\\\\\\\\'), 'escape')"


def _immutable_field_sql(name: str) -> str:
    if name in TIMESTAMP_FIELDS:
        return (f"(extract(epoch FROM ({name} - '1970-01-01 00:00:00+00'::timestamptz))"
                " * 1000000)::bigint::text")
    if name in BOOLEAN_FIELDS:
        return f"(CASE WHEN {name} THEN '1' ELSE '0' END)"
    return f"{name}::text"


def leaf_column_sql() -> str:
    """The generation expression of a record's stored leaf: leaf_hash(canonical_text())
    of the row, computed by PostgreSQL whenever the row is written."""
    text = " || chr(31) || ".join(_immutable_field_sql(name) for name in CHAINED_FIELDS)
    return f"encode(sha256({_bytes_sql(text)}), 'hex')"


def link_hash_column_sql() -> str:
    """The generation expression of a link's computed hash: link_hash(prev_hash, leaf),
    or '' for a link chained before decision 0047 (no leaf)."""
    return (f"CASE WHEN leaf = '' THEN '' ELSE encode(sha256("
            f"{_bytes_sql('prev_hash::text || chr(31) || leaf::text')}), 'hex') END")
