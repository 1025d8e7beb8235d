"""The stored next deadline of a case no longer holds the safety plan's dates or the
follow-up checks (household work with readers of their own, session 18): recompute it
where it held one of them. Uses this release's lifecycle.deadline_candidates; a later
release that changes that function keeps this migration's result, which is what was
right when it ran."""

from django.db import migrations

FROM_HOUSEHOLD_WORK = ("Controle veiligheidsplan", "Afspraak uit het veiligheidsplan")


def recompute(apps, schema_editor):
    from netwerkdossier.cases.lifecycle import deadline_candidates

    case_model = apps.get_model("cases", "Case")
    stale = case_model.objects.filter(next_deadline_label__in=FROM_HOUSEHOLD_WORK) | \
        case_model.objects.filter(next_deadline_label__startswith="Nacontrole na ")
    changed = []
    for case in stale.iterator(chunk_size=2000):
        found = sorted(deadline_candidates(case), key=lambda c: c[0])
        case.next_deadline, case.next_deadline_label = (
            (found[0][0], str(found[0][1])) if found else (None, ""))
        changed.append(case)
    case_model.objects.bulk_update(changed, ["next_deadline", "next_deadline_label"],
                                   batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_reporter_feedback"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
