"""`netwerkdossier reach check|rebuild`: the derived person-reach table (decision 0019)."""

from django.core.management.base import BaseCommand, CommandError

from netwerkdossier.access.person_reach import differing_households, rebuild


class Command(BaseCommand):
    help = "Check the person-reach table against the source tables, or rebuild it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("check", help="Report households whose rows are out of step "
                                     "(exit code 1 if any).")
        sub.add_parser("rebuild", help="Rebuild the whole table, a chunk of households "
                                       "per transaction.")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            self.stdout.write(f"{rebuild()} rijen opnieuw opgebouwd.")
            return
        differing = differing_households()
        if differing:
            # Household ids only: no personal data in operator output.
            self.stdout.write("\n".join(str(h) for h in differing[:50]))
            raise CommandError(f"{len(differing)} huishouden(s) wijken af; "
                               "draai 'netwerkdossier reach rebuild'.")
        self.stdout.write("Bereik van personen klopt met de bronnen.")
