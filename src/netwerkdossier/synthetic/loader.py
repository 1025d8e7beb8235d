"""Bulk loading of generated rows: COPY on PostgreSQL, bulk_create elsewhere.

For a large PostgreSQL load the secondary indexes, primary keys, unique constraints and
foreign keys of the big tables are dropped first and recreated afterwards from the
definitions PostgreSQL itself reports (pg_get_indexdef / pg_get_constraintdef), so the
schema after the load is exactly the schema the migrations made. Everything runs in
the caller's transaction: if the load fails, the drops roll back with it.
"""

from dataclasses import dataclass, field

from django.db import connection

# The oids of the tables named in the (only) query parameter, a text array.
TABLE_OIDS = "ARRAY(SELECT to_regclass(t)::oid FROM unnest(%s::text[]) AS t)"


@dataclass
class _Saved:
    keys: list[tuple[str, str, str]] = field(default_factory=list)  # table, name, def
    indexes: list[tuple[str, str]] = field(default_factory=list)  # name, def
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Loader:
    """Writes rows (tuples in `columns` order, named by field attname) for a model."""

    def __init__(self, models: list, fast: bool = False):
        self.models = models
        self.fast = fast and is_postgres()
        self._saved: _Saved | None = None
        self.rows_written: dict[str, int] = {}

    # -- schema handling (PostgreSQL, fast mode) ---------------------------------
    def _tables(self) -> list[str]:
        return [m._meta.db_table for m in self.models]

    def prepare(self) -> None:
        if not is_postgres():
            return
        with connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit TO off")
            if not self.fast:
                return
            cur.execute("SET LOCAL maintenance_work_mem TO '512MB'")
            self._saved = self._capture(cur)
            q = connection.ops.quote_name
            # ALTER TABLE refuses tables with queued deferred FK checks: run them now.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _ in self._saved.foreign_keys:
                cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
            for name, _ in self._saved.indexes:
                cur.execute(f"DROP INDEX {name}")
            for table, name, _ in self._saved.keys:
                cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
            cur.execute("SET CONSTRAINTS ALL DEFERRED")

    def _capture(self, cur) -> _Saved:
        tables = self._tables()
        saved = _Saved()
        cur.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND (conrelid = ANY(" + TABLE_OIDS + ") "
            "OR confrelid = ANY(" + TABLE_OIDS + ")) ORDER BY 1, 2",
            [tables, tables],
        )
        saved.foreign_keys = list(cur.fetchall())
        cur.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid = ANY(ARRAY(SELECT to_regclass(t)::oid FROM unnest(%s::text[]) t)) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
            [tables],
        )
        saved.indexes = list(cur.fetchall())
        cur.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype IN ('p', 'u') "
            "AND conrelid = ANY(" + TABLE_OIDS + ") ORDER BY contype, 1, 2",
            [tables],
        )
        saved.keys = list(cur.fetchall())
        return saved

    def finish(self, on_step=None) -> None:
        """Recreate what prepare() dropped, then refresh the planner statistics."""
        if not is_postgres():
            return
        q = connection.ops.quote_name
        with connection.cursor() as cur:
            if self._saved is not None:
                steps = (
                    [(f"ALTER TABLE {t} ADD CONSTRAINT {q(n)} {d}", n)
                     for t, n, d in self._saved.keys]
                    + [(d, n) for n, d in self._saved.indexes]
                    + [(f"ALTER TABLE {t} ADD CONSTRAINT {q(n)} {d}", n)
                       for t, n, d in self._saved.foreign_keys]
                )
                for statement, name in steps:
                    if on_step:
                        on_step(name)
                    cur.execute(statement)
                self._saved = None
            for table in self._tables():
                if on_step:
                    on_step(f"ANALYZE {table}")
                cur.execute(f"ANALYZE {q(table)}")

    # -- rows -------------------------------------------------------------------------
    def write(self, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        table = model._meta.db_table
        self.rows_written[table] = self.rows_written.get(table, 0) + len(rows)
        if is_postgres():
            q = connection.ops.quote_name
            # Fields the generator does not write get their model default, as
            # bulk_create would give them: a NOT NULL column added later (with a Django
            # default, which is no database default) must not break seeding.
            defaults = _defaulted_fields(model, columns)
            db_columns = ", ".join(q(model._meta.get_field(c).column)
                                   for c in (*columns, *(f.name for f in defaults)))
            with connection.cursor() as wrapper:
                raw = wrapper.cursor  # the psycopg 3 cursor
                with raw.copy(f"COPY {q(table)} ({db_columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, *(f.get_default() for f in defaults)))
        else:
            model.objects.bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500
            )


def _defaulted_fields(model, columns) -> list:
    """The NOT NULL fields with a default that `columns` leaves out."""
    named = set(columns)
    return [f for f in model._meta.concrete_fields
            if f.name not in named and f.attname not in named and not f.primary_key
            and not f.null and f.has_default()]
