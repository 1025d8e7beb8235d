from django.db import migrations

from netwerkdossier.analysis.triggers import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
