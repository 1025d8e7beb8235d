"""`netwerkdossier audit verify|checkpoint|purge`: check, checkpoint and purge the access log."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from netwerkdossier.audit.checkpoint import CheckpointError, write_checkpoint
from netwerkdossier.audit.purge import PurgeRefused, purge_before
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.verify import verify_chain


class Command(BaseCommand):
    help = ("Access-log tools. `verify` names the first altered, removed, reordered or "
            "forged record; `sequence` chains records written since the last run; "
            "`checkpoint` signs the chain head into AUDIT_CHECKPOINT_DIR; `purge` "
            "destroys records after their retention period.")
    # The access-log tools touch only the audit tables; Django's system checks import
    # every URL and API module first (2-3 s of each timer run). `check --deploy` is the
    # operator's step for those (docs/operator-guide.md).
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check the chain, the seals, the checkpoints and "
                                      "the append-only guard.")
        sequence = sub.add_parser("sequence", help="Chain the records written but not "
                                  "chained yet (schedule every minute; requests do it too).")
        sequence.add_argument("--all", action="store_true",
                              help="Look for unchained records of all time, not only of "
                                   "the last day (after an upgrade; slower).")
        sub.add_parser("checkpoint", help="Write a signed checkpoint of the chain head "
                                          "(schedule every few minutes).")
        purge = sub.add_parser("purge", help="Destroy records at positions below --before "
                                             "(retention); leaves its own record.")
        purge.add_argument("--before", type=int, required=True)

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _verify(self, options):
        started = time.monotonic()
        sequence(wait=True)
        result = verify_chain()
        if "wait longer than" in result.problem:
            # Records held back from the queue before the timer's look-back: queue every
            # unchained record, chain them, and check again.
            sequence(wait=True, requeue_all=True)
            result = verify_chain()
        elapsed = time.monotonic() - started
        if result.ok:
            waiting = (f"; {result.waiting} written since, not chained yet"
                       if result.waiting else "")
            self.stdout.write(f"OK: {result.checked} records verified in {elapsed:.1f} s"
                              f"{waiting}")
            return
        where = f" at record {result.first_bad_id}" if result.first_bad_id else ""
        raise CommandError(f"Access log damaged{where}: {result.problem} "
                           f"({result.checked} records before it verified)")

    def _sequence(self, options):
        self.stdout.write(f"{sequence(wait=True, requeue_all=options['all'])} records "
                          "chained")

    def _checkpoint(self, options):
        try:
            written = write_checkpoint()
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        if written is None:
            self.stdout.write("The access log is empty: no checkpoint written.")
        else:
            self.stdout.write(f"Checkpoint {written.file}: record {written.last_id}")

    def _purge(self, options):
        try:
            with transaction.atomic():
                removed = purge_before(None, options["before"])
        except PurgeRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{removed} records destroyed; the purge itself is logged.")
