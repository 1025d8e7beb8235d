"""Database triggers that make the access log append-only on SQLite and PostgreSQL.

UPDATE is refused, except the sequencer's one-time chaining (decision 0031): a record
without a position gets one, with prev_hash, hash and seal, and every written column
(CHAIN_FROZEN) stays as it was. DELETE (and TRUNCATE on PostgreSQL) is refused unless a row in
the permit table allows it; no session setting switches the guard off (decision 0027):

- PostgreSQL: a permit row for the current transaction id, written only by the function
  audit_purge_before() (SECURITY DEFINER), which refuses to run unless the newest record
  of the log is the sealed "audit.purge" record saying what it removes (purge.py); or a
  "flush" permit for one backend, which the test suite takes before Django flushes the
  test database. The triggers are ENABLE ALWAYS, so session_replication_role does not
  skip them either. With separate database roles (operator guide) the application role
  may not write the permit table at all; the table owner can always drop the triggers,
  which `audit verify` reports (guard_problems()).
- SQLite (demo and tests): a permit is a row in a raw table; anyone who can write the
  database file can write it. The seals and checkpoints are what detect tampering there.
"""

from .chain import CHAINED_FIELDS

TABLE = "audit_accesslogrecord"
PERMIT_TABLE = "audit_purge_permit"  # raw table, not a model: `flush` never empties it
PURGE_FUNCTION = "audit_purge_before"
PURGE_EVENT = "audit.purge"

# What the writer wrote: never changed, also not while chaining.
CHAIN_FROZEN = (*CHAINED_FIELDS, "content_seal")
# The only UPDATE allowed: chaining a record once (both databases, null-safe equality).
_CHAINING_SQLITE = " AND ".join(["OLD.position IS NULL", "NEW.position IS NOT NULL",
                                 *(f"OLD.{c} IS NEW.{c}" for c in CHAIN_FROZEN)])
_CHAINING_PG = ("OLD.position IS NULL AND NEW.position IS NOT NULL AND "
                f"ROW({', '.join(f'OLD.{c}' for c in CHAIN_FROZEN)}) IS NOT DISTINCT FROM "
                f"ROW({', '.join(f'NEW.{c}' for c in CHAIN_FROZEN)})")

# --- SQLite ----------------------------------------------------------------------------
SQLITE_TRIGGERS = {
    f"{TABLE}_no_update": f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        WHEN NOT ({_CHAINING_SQLITE})
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
    f"{TABLE}_no_delete": f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE})
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
}
SQLITE_CREATE = [f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (granted INTEGER NOT NULL)",
                 *SQLITE_TRIGGERS.values()]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
    f"DROP TABLE IF EXISTS {PERMIT_TABLE}",
]

# --- PostgreSQL ------------------------------------------------------------------------
_PERMITTED = f"""EXISTS (SELECT 1 FROM {PERMIT_TABLE} p
      WHERE (p.kind = 'retention' AND p.txid = txid_current())
         OR (p.kind = 'flush' AND p.backend_pid = pg_backend_pid()))"""
# Function bodies, compared with pg_proc.prosrc by guard_problems().
PG_BODIES = {
    f"{TABLE}_guard": f"""
    BEGIN
      IF {_CHAINING_PG} THEN RETURN NEW; END IF;
      RAISE EXCEPTION 'access log is append-only (UPDATE refused)';
    END """,
    # Row DELETE must return OLD to proceed; TRUNCATE (statement level) ignores the value.
    f"{TABLE}_guard_delete": f"""
    BEGIN
      IF {_PERMITTED} THEN RETURN OLD; END IF;
      RAISE EXCEPTION 'access log is append-only (DELETE refused)';
    END """,
    f"{TABLE}_guard_truncate": f"""
    BEGIN
      IF {_PERMITTED} THEN RETURN NULL; END IF;
      RAISE EXCEPTION 'access log is append-only (TRUNCATE refused)';
    END """,
}
PG_TRIGGERS = {  # trigger name: (timing and event, level, function)
    f"{TABLE}_no_update": ("BEFORE UPDATE", "ROW", f"{TABLE}_guard"),
    f"{TABLE}_no_delete": ("BEFORE DELETE", "ROW", f"{TABLE}_guard_delete"),
    f"{TABLE}_no_truncate": ("BEFORE TRUNCATE", "STATEMENT", f"{TABLE}_guard_truncate"),
}
# Removes the chained records at positions below before_position, for retention only:
# the caller (purge.py) must first have appended the audit.purge record for exactly this
# position and chained it, holding the chain head, so that record is the newest chained
# one this transaction sees.
PG_PURGE_BODY = f"""
    DECLARE
      newest record;
      removed bigint;
    BEGIN
      SELECT event_code, object_ids INTO newest FROM {TABLE}
        WHERE position IS NOT NULL ORDER BY position DESC LIMIT 1;
      IF newest IS NULL OR newest.event_code <> '{PURGE_EVENT}'
         OR newest.object_ids ->> 0 IS DISTINCT FROM before_position::text THEN
        RAISE EXCEPTION 'purge refused: log the {PURGE_EVENT} record first';
      END IF;
      INSERT INTO {PERMIT_TABLE} (kind, txid) VALUES ('retention', txid_current());
      DELETE FROM {TABLE} WHERE position < before_position;
      GET DIAGNOSTICS removed = ROW_COUNT;
      DELETE FROM {PERMIT_TABLE} WHERE kind = 'retention' AND txid = txid_current();
      RETURN removed;
    END """

PG_CREATE = [
    f"""CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (
        kind text NOT NULL CHECK (kind IN ('retention', 'flush')),
        txid bigint, backend_pid integer, granted_at timestamptz NOT NULL DEFAULT now())""",
    *(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $${body}$$ LANGUAGE plpgsql"
      for name, body in PG_BODIES.items()),
    *(f"CREATE TRIGGER {name} {timing} ON {TABLE} FOR EACH {level} EXECUTE FUNCTION {fn}()"
      for name, (timing, level, fn) in PG_TRIGGERS.items()),
    # Fire whatever session_replication_role a session sets.
    *(f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER {name}" for name in PG_TRIGGERS),
    f"""CREATE OR REPLACE FUNCTION {PURGE_FUNCTION}(before_position bigint) RETURNS bigint
        SECURITY DEFINER SET search_path FROM CURRENT
        AS $${PG_PURGE_BODY}$$ LANGUAGE plpgsql""",
]
PG_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}" for name in PG_TRIGGERS),
    *(f"DROP FUNCTION IF EXISTS {name}()" for name in PG_BODIES),
    f"DROP FUNCTION IF EXISTS {PURGE_FUNCTION}(bigint)",
    f"DROP TABLE IF EXISTS {PERMIT_TABLE}",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}.get(vendor)
    if statements is None:
        raise RuntimeError(f"No append-only triggers for database vendor {vendor!r}")
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(vendor, []):
        schema_editor.execute(sql)


def guard_problems(connection) -> list[str]:
    """What is missing or changed in the append-only guard (empty: all in place)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT t.tgname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = %s::regclass "
                "AND NOT t.tgisinternal", [TABLE])
            found = {name: (enabled, fn, src) for name, enabled, fn, src in cur.fetchall()}
            problems = []
            for name, (_timing, _level, fn) in PG_TRIGGERS.items():
                enabled, actual_fn, src = found.get(name, (None, None, None))
                if enabled is None:
                    problems.append(f"trigger {name} is missing")
                elif enabled != "A":
                    problems.append(f"trigger {name} is not enabled always")
                elif actual_fn != fn or src != PG_BODIES[fn]:
                    problems.append(f"trigger {name} runs changed code")
            return problems
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = %s", [TABLE])
        found = dict(cur.fetchall())
        return [f"trigger {name} is missing or changed"
                for name, sql in SQLITE_TRIGGERS.items() if found.get(name) != sql]
