"""`netwerkdossier agreements load|list`: the region's sharing agreements as data."""

from django.core.management.base import BaseCommand

from netwerkdossier.access.agreements import load_agreements
from netwerkdossier.access.models import SharingAgreement


class Command(BaseCommand):
    help = "Load new versions of rules/sharing_agreements.toml, or list loaded agreements."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Load agreement versions that are not loaded yet.")
        sub.add_parser("list", help="List loaded agreements with their validity.")

    def handle(self, *args, action, **options):
        if action == "load":
            created = load_agreements()
            self.stdout.write(f"{created} nieuwe afspraakversie(s) geladen.")
            return
        for a in SharingAgreement.objects.order_by("key", "version"):
            until = a.valid_to.isoformat() if a.valid_to else "-"
            self.stdout.write(f"{a.key} v{a.version}\t{a.valid_from.isoformat()}\t{until}\t"
                              f"{a.rules.count()} regels\t{a.name}")
