"""Database triggers that make the access log insert-only on SQLite and PostgreSQL.

Two tables, the records and their chain links (decision 0047); both refuse UPDATE.
DELETE (and TRUNCATE on PostgreSQL) is refused unless a row in the permit table allows
it; no session setting switches the guard off (decision 0027):

- PostgreSQL: a permit row for the current transaction id, written only by the function
  audit_purge_before() (SECURITY DEFINER), which refuses to run unless the newest link
  of the chain is the sealed "audit.purge" record saying what it removes (purge.py); or
  a "flush" permit for one backend, which the test suite takes before Django flushes the
  test database. The triggers are ENABLE ALWAYS, so session_replication_role does not
  skip them either. With separate database roles (operator guide) the application role
  may not write the permit table at all; the table owner can always drop the triggers,
  which `audit verify` reports (guard_problems()).
- SQLite (demo and tests): a permit is a row in a raw table; anyone who can write the
  database file can write it. The seals and checkpoints are what detect tampering there.

install() and uninstall() act on the tables that exist: earlier migrations ran them
before the link table was there.
"""

TABLE = "audit_accesslogrecord"
LINK_TABLE = "audit_chainlink"
GUARDED = (TABLE, LINK_TABLE)
PERMIT_TABLE = "audit_purge_permit"  # raw table, not a model: `flush` never empties it
PURGE_FUNCTION = "audit_purge_before"
PURGE_EVENT = "audit.purge"

# --- SQLite ----------------------------------------------------------------------------
SQLITE_TRIGGERS = {
    table: {
        f"{table}_no_update": f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
        f"{table}_no_delete": f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE})
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
    } for table in GUARDED
}
SQLITE_PERMIT = f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (granted INTEGER NOT NULL)"


def sqlite_create(tables=GUARDED) -> list[str]:
    return [SQLITE_PERMIT, *(sql for t in tables for sql in SQLITE_TRIGGERS[t].values())]


def sqlite_drop(tables=GUARDED, permits: bool = True) -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS {name}" for t in tables for name in SQLITE_TRIGGERS[t]]
    return drops + ([f"DROP TABLE IF EXISTS {PERMIT_TABLE}"] if permits else [])


# --- PostgreSQL ------------------------------------------------------------------------
_PERMITTED = f"""EXISTS (SELECT 1 FROM {PERMIT_TABLE} p
      WHERE (p.kind = 'retention' AND p.txid = txid_current())
         OR (p.kind = 'flush' AND p.backend_pid = pg_backend_pid()))"""
# Function bodies (shared by both tables), compared with pg_proc.prosrc by
# guard_problems().
PG_BODIES = {
    f"{TABLE}_guard": """
    BEGIN
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
PG_TRIGGERS = {  # table: {trigger name: (timing and event, level, function)}
    table: {
        f"{table}_no_update": ("BEFORE UPDATE", "ROW", f"{TABLE}_guard"),
        f"{table}_no_delete": ("BEFORE DELETE", "ROW", f"{TABLE}_guard_delete"),
        f"{table}_no_truncate": ("BEFORE TRUNCATE", "STATEMENT", f"{TABLE}_guard_truncate"),
    } for table in GUARDED
}
# Removes the chained records at positions below before_position and their links, for
# retention only: the caller (purge.py) must first have appended the audit.purge record
# for exactly this position and chained it, holding the chain head, so that record is
# the newest link this transaction sees.
PG_PURGE_BODY = f"""
    DECLARE
      newest record;
      removed bigint;
    BEGIN
      SELECT r.event_code, r.object_ids INTO newest FROM {LINK_TABLE} l
        LEFT JOIN {TABLE} r ON r.id = l.record_id ORDER BY l.position DESC LIMIT 1;
      IF newest IS NULL OR newest.event_code IS DISTINCT FROM '{PURGE_EVENT}'
         OR newest.object_ids ->> 0 IS DISTINCT FROM before_position::text THEN
        RAISE EXCEPTION 'purge refused: log the {PURGE_EVENT} record first';
      END IF;
      INSERT INTO {PERMIT_TABLE} (kind, txid) VALUES ('retention', txid_current());
      DELETE FROM {TABLE} WHERE id IN
        (SELECT record_id FROM {LINK_TABLE} WHERE position < before_position);
      GET DIAGNOSTICS removed = ROW_COUNT;
      DELETE FROM {LINK_TABLE} WHERE position < before_position;
      DELETE FROM {PERMIT_TABLE} WHERE kind = 'retention' AND txid = txid_current();
      RETURN removed;
    END """

PG_PERMIT = f"""CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (
        kind text NOT NULL CHECK (kind IN ('retention', 'flush')),
        txid bigint, backend_pid integer, granted_at timestamptz NOT NULL DEFAULT now())"""


def pg_create(tables=GUARDED) -> list[str]:
    triggers = [(t, name, spec) for t in tables for name, spec in PG_TRIGGERS[t].items()]
    return [
        PG_PERMIT,
        *(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $${body}$$ "
          "LANGUAGE plpgsql" for name, body in PG_BODIES.items()),
        *(f"CREATE TRIGGER {name} {timing} ON {t} FOR EACH {level} EXECUTE FUNCTION {fn}()"
          for t, name, (timing, level, fn) in triggers),
        # Fire whatever session_replication_role a session sets.
        *(f"ALTER TABLE {t} ENABLE ALWAYS TRIGGER {name}" for t, name, _ in triggers),
        *([f"""CREATE OR REPLACE FUNCTION {PURGE_FUNCTION}(before_position bigint)
           RETURNS bigint SECURITY DEFINER SET search_path FROM CURRENT
           AS $${PG_PURGE_BODY}$$ LANGUAGE plpgsql"""] if LINK_TABLE in tables else []),
    ]


def pg_drop(tables=GUARDED, permits: bool = True) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {t}" for t in tables for name in PG_TRIGGERS[t]),
        *([f"DROP FUNCTION IF EXISTS {name}()" for name in PG_BODIES] if permits else []),
        f"DROP FUNCTION IF EXISTS {PURGE_FUNCTION}(bigint)",
        *([f"DROP TABLE IF EXISTS {PERMIT_TABLE}"] if permits else []),
    ]


# What an attacker with the table owner's rights runs (tests, the benchmark's tamper
# check): every trigger of both tables dropped.
PG_CREATE = pg_create()
PG_DROP = pg_drop()
SQLITE_CREATE = sqlite_create()
SQLITE_DROP = sqlite_drop()


def _existing(schema_editor) -> tuple[str, ...]:
    names = set(schema_editor.connection.introspection.table_names())
    return tuple(t for t in GUARDED if t in names)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    build = {"sqlite": sqlite_create, "postgresql": pg_create}.get(vendor)
    if build is None:
        raise RuntimeError(f"No append-only triggers for database vendor {vendor!r}")
    for sql in build(_existing(schema_editor)):
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    build = {"sqlite": sqlite_drop, "postgresql": pg_drop}.get(schema_editor.connection.vendor)
    for sql in build(_existing(schema_editor)) if build else []:
        schema_editor.execute(sql)


def guard_problems(connection) -> list[str]:
    """What is missing or changed in the append-only guard (empty: all in place)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT t.tgname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = ANY(%s::regclass[]) "
                "AND NOT t.tgisinternal", [list(GUARDED)])
            found = {name: (enabled, fn, src) for name, enabled, fn, src in cur.fetchall()}
            problems = []
            for table in GUARDED:
                for name, (_timing, _level, fn) in PG_TRIGGERS[table].items():
                    enabled, actual_fn, src = found.get(name, (None, None, None))
                    if enabled is None:
                        problems.append(f"trigger {name} is missing")
                    elif enabled != "A":
                        problems.append(f"trigger {name} is not enabled always")
                    elif actual_fn != fn or src != PG_BODIES[fn]:
                        problems.append(f"trigger {name} runs changed code")
            return problems
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name IN (%s, %s)", list(GUARDED))
        found = dict(cur.fetchall())
        return [f"trigger {name} is missing or changed"
                for table in GUARDED for name, sql in SQLITE_TRIGGERS[table].items()
                if found.get(name) != sql]
