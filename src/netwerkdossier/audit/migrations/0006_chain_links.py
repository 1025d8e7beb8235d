"""The chain moves to a narrow, insert-only table of its own, and the id lists become
PostgreSQL `json` (decision 0047).

- Every chained record gets its ChainLink with the position, prev_hash, hash and seal it
  had; its leaf stays empty, which tells `audit verify` the hash covers the record's
  whole canonical text (chain.record_hash), as it did when it was chained. So every
  record written before keeps verifying, with the same hashes and seals (and the signed
  checkpoints still name the same hashes).
- The chain columns leave the record table, which is insert-only again.
- object_ids and subject_ids: jsonb -> json, in one table rewrite (PostgreSQL). json
  keeps the jsonb text, which is the canonical text the hashes were computed over.
- The queue gets the writer's leaf and leaf seal. Records still waiting keep their
  queue row with an empty leaf: the sequencer reads such a record, checks its content
  seal and chains it.

Time on PostgreSQL (docs/operator-guide.md, "Upgrading"): mostly the table rewrite.
"""

from django.db import migrations, models

import netwerkdossier.audit.models
from netwerkdossier.audit.triggers import install, uninstall


def copy_links(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        cur.execute("INSERT INTO audit_chainlink (position, record_id, leaf, prev_hash, hash, "
                    "seal) SELECT position, id, '', prev_hash, hash, seal "
                    "FROM audit_accesslogrecord WHERE position IS NOT NULL ORDER BY position")


def lists_as_json(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite keeps JSON as text either way
    schema_editor.execute(
        "ALTER TABLE audit_accesslogrecord "
        "ALTER COLUMN object_ids TYPE json USING object_ids::json, "
        "ALTER COLUMN subject_ids TYPE json USING subject_ids::json")


def lists_as_jsonb(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE audit_accesslogrecord "
        "ALTER COLUMN object_ids TYPE jsonb USING object_ids::jsonb, "
        "ALTER COLUMN subject_ids TYPE jsonb USING subject_ids::jsonb")


def _list_field():
    return netwerkdossier.audit.models.JSONListField(default=list)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_sequencer_queue")]
    operations = [
        migrations.RunPython(uninstall, install),
        migrations.CreateModel(
            name="ChainLink",
            fields=[
                ("position", models.BigIntegerField(primary_key=True, serialize=False)),
                ("leaf", models.CharField(blank=True, max_length=64)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
                ("seal", models.CharField(max_length=32)),
                ("record", models.OneToOneField(
                    db_constraint=False, on_delete=models.deletion.DO_NOTHING,
                    related_name="link", to="audit.accesslogrecord")),
            ],
        ),
        migrations.RunPython(copy_links, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="accesslogrecord", name="audit_record_unchained"),
        migrations.RemoveField(model_name="accesslogrecord", name="position"),
        migrations.RemoveField(model_name="accesslogrecord", name="prev_hash"),
        migrations.RemoveField(model_name="accesslogrecord", name="hash"),
        migrations.RemoveField(model_name="accesslogrecord", name="seal"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(lists_as_json, lists_as_jsonb)],
            state_operations=[
                migrations.AlterField(model_name="accesslogrecord", name="object_ids",
                                      field=_list_field()),
                migrations.AlterField(model_name="accesslogrecord", name="subject_ids",
                                      field=_list_field()),
            ]),
        migrations.AddField(model_name="unchainedrecord", name="leaf",
                            field=models.CharField(blank=True, default="", max_length=64)),
        migrations.AddField(model_name="unchainedrecord", name="leaf_seal",
                            field=models.CharField(blank=True, default="", max_length=32)),
        migrations.RunPython(install, uninstall),
    ]
