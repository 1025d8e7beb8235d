"""Version chain protection (docs/decisions/0021): every version carries the strictest
level, categories and confidential member of its chain, and a cap on its secrecy release
from the versions after it. The data step fills these for chains that already exist."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count

OPENNESS = {"": 0, "toestemming": 1, "conflict_van_plichten": 2}
CATEGORIES = ("health_data", "criminal_data", "third_party_data")


def fill_chains(apps, schema_editor):
    Entry = apps.get_model("dossier", "Entry")
    roots = (Entry.objects.exclude(root_id=None).values("root_id")
             .annotate(n=Count("id")).filter(n__gt=1).values_list("root_id", flat=True))
    for root_id in roots.iterator():
        versions = list(Entry.objects.filter(root_id=root_id).order_by("version").values(
            "id", "confidentiality", "secrecy_release", "confidential_for_member_id",
            *CATEGORIES))
        members = [v["confidential_for_member_id"] for v in versions
                   if v["confidential_for_member_id"] is not None]
        chain = {"chain_confidentiality": max(v["confidentiality"] for v in versions),
                 "chain_confidential_for_member_id": members[-1] if members else None}
        for name in CATEGORIES:
            chain[f"chain_{name}"] = any(v[name] for v in versions)
        for i, version in enumerate(versions):
            later = [v["secrecy_release"] for v in versions[i + 1:]]
            cap = min(later, key=lambda r: OPENNESS.get(r, 0), default="conflict_van_plichten")
            Entry.objects.filter(pk=version["id"]).update(chain_secrecy_release=cap, **chain)


class Migration(migrations.Migration):

    dependencies = [
        ('dossier', '0002_sensitivity_and_reporter'),
        ('households', '0002_bsn_unique_message'),
    ]

    operations = [
        migrations.AddField(
            model_name='entry',
            name='chain_confidential_for_member',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.person'),
        ),
        migrations.AddField(
            model_name='entry',
            name='chain_confidentiality',
            field=models.PositiveSmallIntegerField(choices=[(10, 'Netwerk (team, volgens afspraken)'), (20, 'Organisatie (alleen eigen organisatie)'), (30, 'Beroepsgeheim (alleen eigen discipline)')], db_default=10, default=10),
        ),
        migrations.AddField(
            model_name='entry',
            name='chain_criminal_data',
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name='entry',
            name='chain_health_data',
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name='entry',
            name='chain_secrecy_release',
            field=models.CharField(blank=True, db_default='conflict_van_plichten', default='conflict_van_plichten', max_length=30),
        ),
        migrations.AddField(
            model_name='entry',
            name='chain_third_party_data',
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RunPython(fill_chains, migrations.RunPython.noop),
    ]
