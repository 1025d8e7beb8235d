"""Database triggers that make the access log append-only on SQLite and PostgreSQL.

Destruction after the retention period (and a test-database flush) must first take
a purge permit (see purge.py); without one, every UPDATE, DELETE or TRUNCATE fails.
"""

TABLE = "audit_accesslogrecord"
PERMIT_TABLE = "audit_purge_permit"  # raw table, not a model: `flush` never empties it
PG_SETTING = "netwerkdossier.audit_purge"

SQLITE_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} (granted INTEGER NOT NULL)",
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE})
        BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
    f"DROP TABLE IF EXISTS {PERMIT_TABLE}",
]

PG_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_guard() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'access log is append-only (UPDATE refused)';
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_guard()""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_guard_delete()""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_guard_truncate()""",
]
# Row DELETE must return OLD to proceed; TRUNCATE (statement level) ignores the value.
PG_HELPERS = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_guard_delete() RETURNS trigger AS $$
    BEGIN
      IF coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN RETURN OLD; END IF;
      RAISE EXCEPTION 'access log is append-only (DELETE refused)';
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_guard_truncate() RETURNS trigger AS $$
    BEGIN
      IF coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN RETURN NULL; END IF;
      RAISE EXCEPTION 'access log is append-only (TRUNCATE refused)';
    END $$ LANGUAGE plpgsql""",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_guard()",
    f"DROP FUNCTION IF EXISTS {TABLE}_guard_delete()",
    f"DROP FUNCTION IF EXISTS {TABLE}_guard_truncate()",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": PG_HELPERS + PG_CREATE}.get(vendor)
    if statements is None:
        raise RuntimeError(f"No append-only triggers for database vendor {vendor!r}")
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(vendor, []):
        schema_editor.execute(sql)
