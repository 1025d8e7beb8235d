"""One queue row per append() call (decision 0055). Rows queued before stand for their
own record (`record_ids` empty) and keep their leaf seal: the seal text of one record is
the same as before. The new column has a database default, so application servers of
the version before, still running while this migration runs, go on writing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_chain_links")]

    operations = [
        migrations.AddField(model_name="unchainedrecord", name="record_ids",
                            field=models.TextField(blank=True, default="", db_default="")),
        migrations.AlterField(model_name="unchainedrecord", name="leaf",
                              field=models.TextField(blank=True, default="")),
    ]
