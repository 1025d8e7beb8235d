"""A queue row stays in its table page up to 8160 bytes, about 110 records of one call
(PostgreSQL): its leaves are hex, which pglz tries and fails to compress, and moving
them to the TOAST table cost the writer and the sequencer about 3 µs per record
(docs/benchmarks.md, access log, session 21). Changes no row and takes no long lock.
Other databases: nothing to do."""

from django.db import migrations


def _alter(option: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE audit_unchainedrecord {option}")
    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_stored_digests")]

    operations = [migrations.RunPython(_alter("SET (toast_tuple_target = 8160)"),
                                       _alter("RESET (toast_tuple_target)"))]
