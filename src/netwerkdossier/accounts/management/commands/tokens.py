"""`netwerkdossier tokens list|revoke`: see every API token and revoke one.

Shows no secret (only the first characters, which `createtoken` printed too), the owner,
scope, expiry, last use and status. Revoking takes effect on the next request.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from netwerkdossier.accounts.tokens import ApiToken


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "nooit"


class Command(BaseCommand):
    help = "Toon API-tokens (list) of trek er een in (revoke PREFIX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="alle tokens, nieuwste eerst")
        listing.add_argument("--user", help="alleen van deze gebruikersnaam")
        listing.add_argument("--all", action="store_true",
                             help="ook verlopen en ingetrokken tokens")
        revoke = sub.add_parser("revoke", help="trek een token in")
        revoke.add_argument("prefix", help="de eerste tekens van het token (nd_xxxxx)")

    def handle(self, *args, action: str, **options):
        if action == "list":
            return self._list(options.get("user"), options.get("all"))
        return self._revoke(options["prefix"])

    def _list(self, username, everything) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("-created_at")
        if username:
            tokens = tokens.filter(user__username=username)
        if not everything:
            tokens = tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        self.stdout.write("prefix    gebruiker       bereik  verloopt op       "
                          "laatst gebruikt   status       naam")
        for t in tokens:
            self.stdout.write(f"{t.prefix:<9} {t.user.username:<15} {t.scope:<7} "
                              f"{_when(t.expires_at):<17} {_when(t.last_used_at):<17} "
                              f"{t.status:<12} {t.name}")

    def _revoke(self, prefix: str) -> None:
        matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not matches:
            raise CommandError(f"Geen geldig token met prefix '{prefix}'.")
        if len(matches) > 1:
            raise CommandError(f"Meer dan één token begint met '{prefix}'; trek ze in via "
                               "de gebruiker (tokens list --user).")
        ApiToken.objects.filter(pk=matches[0].pk).update(revoked_at=timezone.now())
        self.stdout.write(f"Token {prefix} van {matches[0].user.username} is ingetrokken.")
