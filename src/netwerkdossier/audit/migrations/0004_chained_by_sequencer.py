"""Records are chained by a sequencer after the request commits (decision 0031).

New columns: `position` (the record's place in the chain) and `content_seal` (the
writer's seal). Records written before this migration were chained at write time with
their id as their place, so they get position = id; their hashes stay valid because
the canonical text holds the id, not the position. On PostgreSQL the id sequence was
never used (ids came from the chain head) and is moved past the newest id. The
append-only triggers are dropped around the change and installed in their new form,
which allows the one-time chaining UPDATE.
"""

from django.db import migrations, models

from netwerkdossier.audit.triggers import TABLE, install, uninstall


def number_existing_records(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET position = id")  # noqa: S608
        if schema_editor.connection.vendor == "postgresql":
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), "
                        f"coalesce(max(id), 0) + 1, false) FROM {TABLE}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_record_seal_and_purge_guard")]
    operations = [
        migrations.RunPython(uninstall, install),
        migrations.AddField(
            model_name="accesslogrecord", name="content_seal",
            field=models.CharField(default="", max_length=32)),
        migrations.AddField(
            model_name="accesslogrecord", name="position",
            field=models.BigIntegerField(null=True, unique=True)),
        migrations.AlterField(
            model_name="accesslogrecord", name="hash",
            field=models.CharField(default="", max_length=64)),
        migrations.AlterField(
            model_name="accesslogrecord", name="prev_hash",
            field=models.CharField(default="", max_length=64)),
        migrations.AddIndex(
            model_name="accesslogrecord",
            index=models.Index(condition=models.Q(("position__isnull", True)),
                               fields=["id"], name="audit_record_unchained")),
        migrations.RunPython(number_existing_records, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
