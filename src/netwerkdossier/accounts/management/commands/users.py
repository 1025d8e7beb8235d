"""`netwerkdossier users [--json]`: who can log in, in which organisation and role.

Shows only what an operator needs: username, organisation, role and whether the
account is active. No names, e-mail addresses or BSNs.
"""

import json

from django.core.management.base import BaseCommand
from django.db.models import Prefetch, Q
from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Membership

GEZINSLID = User.Kind.GEZINSLID


def user_rows() -> list[dict]:
    today = timezone.localdate()
    current = Membership.objects.filter(valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    ).select_related("organisation").order_by("valid_from", "id")
    users = User.objects.order_by("username").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships"))
    rows = []
    for user in users:
        places = [(m.organisation.name, m.role) for m in user.current_memberships] or \
            [(None, "gezinslid" if user.kind == GEZINSLID else None)]
        rows.extend({"username": user.username, "organisation": organisation, "role": role,
                     "active": user.is_active} for organisation, role in places)
    return rows


class Command(BaseCommand):
    help = ("Toon de gebruikers met organisatie, rol en of het account actief is "
            "(gezinsleden met rol 'gezinslid').")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true",
                            help="Als JSON-lijst van objecten (username, organisation, "
                                 "role, active).")

    def handle(self, *args, **options):
        rows = user_rows()
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        headers = ("GEBRUIKER", "ORGANISATIE", "ROL", "ACTIEF")
        table = [(r["username"], r["organisation"] or "-", r["role"] or "-",
                  "ja" if r["active"] else "nee") for r in rows]
        widths = [max(len(str(v)) for v in column) for column in zip(headers, *table,
                                                                      strict=False)]
        for line in (headers, *table):
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in
                                        zip(line, widths, strict=True)).rstrip())
