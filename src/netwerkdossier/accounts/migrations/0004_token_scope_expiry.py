"""API tokens get a scope, a name and an expiry. Tokens that existed could write, so they
keep "write"; they expire 90 days after this migration."""

from django.db import migrations, models

import netwerkdossier.accounts.tokens


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_notification")]

    operations = [
        migrations.AddField(
            model_name="apitoken", name="name",
            field=models.CharField(blank=True, max_length=100)),
        migrations.AddField(
            model_name="apitoken", name="scope",
            field=models.CharField(choices=[("read", "lezen"), ("write", "lezen en schrijven")],
                                   default="write", max_length=5),
            preserve_default=False),
        migrations.AddField(
            model_name="apitoken", name="expires_at",
            field=models.DateTimeField(default=netwerkdossier.accounts.tokens.default_expiry)),
    ]
