from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="decisionrecord",
            name="to_phase",
            field=models.CharField(blank=True, max_length=40),
        ),
    ]
