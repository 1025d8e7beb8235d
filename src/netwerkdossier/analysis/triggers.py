"""Database triggers that refuse UPDATE on analysis versions, family responses and
instrument results (SQLite and PostgreSQL): a second wall behind the models' save().

DELETE stays possible: only the retention process destroys (and a test flush).
"""

TABLES = ("analysis_analysisversion", "analysis_familyresponse", "analysis_instrumentresult")
MESSAGE = "saved analysis records are immutable; save a new version"


def _sqlite(table):
    return [f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""]


def _postgresql(table):
    return [f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        FOR EACH ROW EXECUTE FUNCTION analysis_immutable_guard()"""]


PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION analysis_immutable_guard() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION '{MESSAGE}';
    END $$ LANGUAGE plpgsql"""


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [PG_FUNCTION] + [s for t in TABLES for s in _postgresql(t)]
    elif vendor == "sqlite":
        statements = [s for t in TABLES for s in _sqlite(t)]
    else:
        raise RuntimeError(f"No immutability triggers for database vendor {vendor!r}")
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        on = f" ON {table}" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update{on}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS analysis_immutable_guard()")
