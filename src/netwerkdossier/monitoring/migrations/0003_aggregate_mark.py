"""Aggregates carry their suppression mark (marks.py). Marks did not exist before, so the
next refresh recomputes every period: the refresh state goes back to the first event."""

from django.db import migrations, models


def recompute_everything(apps, schema_editor):
    apps.get_model("monitoring", "RefreshState").objects.update(last_event_id=0)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0002_questionnaire_context"),
    ]

    operations = [
        migrations.AddField(
            model_name="aggregate",
            name="mark",
            field=models.CharField(blank=True, default="", max_length=2),
        ),
        migrations.RunPython(recompute_everything, migrations.RunPython.noop),
    ]
