"""`netwerkdossier retention due|files`: the scheduled side of the destruction process
(decision 0035). `due` computes, per organisation, what has passed its retention period
and tells its privacy officers in the application; it destroys nothing (they approve on
the "Bewaartermijnen" page). `files` lists attachment files no record names any more
(a crash between a destruction's commit and the file removal) and removes them with
--remove. Output names counts and organisations only: no personal data."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from netwerkdossier.access.rules_common import active_on
from netwerkdossier.accounts.models import Notification
from netwerkdossier.dossier.models import Entry
from netwerkdossier.organisations.models import Membership, Organisation
from netwerkdossier.retention.due import due_parts
from netwerkdossier.retention.files import orphaned_files, remove_files

KIND = "retention.due"


class Command(BaseCommand):
    help = "List what has passed its retention period, or sweep orphaned attachment files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="Count due parts per organisation and notify "
                                         "its privacy officers.")
        due.add_argument("--quiet", action="store_true", help="Do not notify anyone.")
        files = sub.add_parser("files", help="List orphaned attachment files.")
        files.add_argument("--remove", action="store_true", help="Remove them.")

    def handle(self, *args, action, **options):
        if action == "files":
            orphans = orphaned_files()
            if options["remove"]:
                self.stdout.write(f"{remove_files(orphans)} bestand(en) verwijderd.")
            else:
                self.stdout.write(f"{len(orphans)} bestand(en) zonder bijlage.")
            return
        owners = Entry.objects.values_list("owner_organisation_id", flat=True).distinct()
        for organisation in Organisation.objects.filter(pk__in=owners).order_by("name"):
            count = len(due_parts(organisation))
            self.stdout.write(f"{organisation.name}: {count} dossier(s) over de "
                              "bewaartermijn")
            if count and not options["quiet"]:
                self._notify(organisation, count)

    @staticmethod
    def _notify(organisation, count: int) -> None:
        """One unread notice per officer: replaced, not piled up, on every run."""
        officers = Membership.objects.filter(
            active_on(), organisation=organisation,
            role=Membership.Role.PRIVACY_OFFICER).values_list("user_id", flat=True)
        with transaction.atomic():
            Notification.objects.filter(recipient_id__in=list(officers), kind=KIND,
                                        read_at__isnull=True).delete()
            Notification.objects.bulk_create(Notification(
                recipient_id=user_id, kind=KIND, link=reverse("retention:due"),
                text=_("%(n)s dossier(s) van uw organisatie zijn over de bewaartermijn. "
                       "Beoordeel ze bij 'Bewaartermijnen'.") % {"n": count})
                for user_id in officers)
