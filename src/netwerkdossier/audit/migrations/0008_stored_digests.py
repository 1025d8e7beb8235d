"""The leaf of every record and the hash of every link, stored by PostgreSQL as
generated columns (decision 0060; digests.py). Each ALTER rewrites its table once and
locks it meanwhile: about a minute per million records (docs/operator-guide.md). Other
databases: nothing to do."""

from django.db import migrations

from netwerkdossier.audit import digests


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_queue_rows_per_call")]

    operations = [migrations.RunPython(digests.install, digests.uninstall)]
