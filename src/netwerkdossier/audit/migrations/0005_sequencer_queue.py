"""The sequencer's queue (decision 0031): the ids of records written but not chained
yet, in a small table of their own. Records already waiting are queued."""

from django.db import migrations, models


def queue_waiting_records(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        cur.execute("INSERT INTO audit_unchainedrecord (id) "
                    "SELECT id FROM audit_accesslogrecord WHERE position IS NULL")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chained_by_sequencer")]
    operations = [
        migrations.CreateModel(
            name="UnchainedRecord",
            fields=[("id", models.BigIntegerField(primary_key=True, serialize=False))]),
        migrations.RunPython(queue_waiting_records, migrations.RunPython.noop),
    ]
