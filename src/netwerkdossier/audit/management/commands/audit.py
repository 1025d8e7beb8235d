"""`netwerkdossier audit verify`: check the hash chain of the access log."""

import time

from django.core.management.base import BaseCommand, CommandError

from netwerkdossier.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Access-log tools. `verify` reports the first altered, removed or reordered record."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check the whole hash chain.")

    def handle(self, *args, **options):
        started = time.monotonic()
        result = verify_chain()
        elapsed = time.monotonic() - started
        if result.ok:
            self.stdout.write(f"OK: {result.checked} records verified in {elapsed:.1f} s")
            return
        raise CommandError(
            f"Access log damaged at record {result.first_bad_id}: {result.problem} "
            f"({result.checked} records before it verified)"
        )
