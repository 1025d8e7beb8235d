"""Records carry a seal; the append-only guard no longer listens to a session setting.

The triggers are dropped around AddField (SQLite rebuilds the table for it) and
installed in their new form: a retention permit per transaction written only by the
SECURITY DEFINER purge function, a flush permit per backend for the test suite,
ENABLE ALWAYS (decision 0027). Records written before this migration have no seal and
do not verify; nothing had been released.
"""

from django.db import migrations, models

from netwerkdossier.audit.triggers import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [
        migrations.RunPython(uninstall, install),
        migrations.AddField(model_name="accesslogrecord", name="seal",
                            field=models.CharField(default="", max_length=32)),
        migrations.RunPython(install, uninstall),
    ]
