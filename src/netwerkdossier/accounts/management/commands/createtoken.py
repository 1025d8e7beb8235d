"""`netwerkdossier createtoken USERNAME`: print a new API token (shown only this once)."""

from django.core.management.base import BaseCommand, CommandError

from netwerkdossier.accounts.models import User
from netwerkdossier.accounts.tokens import DEFAULT_DAYS, MAX_DAYS, ApiToken


class Command(BaseCommand):
    help = ("Maak een API-token voor een gebruiker en druk het af. Alleen een hash wordt "
            "bewaard: het token is later niet meer op te vragen. Gebruik het als "
            "'Authorization: Bearer <token>'.")

    def add_arguments(self, parser):
        parser.add_argument("username", help="Gebruikersnaam")
        # No default: what a token may do is chosen by whoever issues it.
        parser.add_argument("--scope", required=True, choices=[s.value for s in ApiToken.Scope],
                            help="read: alleen lezen; write: ook wijzigen")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help=f"geldig zoveel dagen (standaard {DEFAULT_DAYS}, "
                                 f"hoogstens {MAX_DAYS})")
        parser.add_argument("--name", default="", help="waarvoor het token is")

    def handle(self, *args, username: str, scope: str, days: int, name: str, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days moet tussen 1 en {MAX_DAYS} liggen.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief; "
                               "een token zou niet werken.")
        if not user.is_professional:
            raise CommandError(f"Gebruiker '{username}' is een gezinslid. Gezinsleden "
                               "gebruiken het portaal (/portaal/) en krijgen geen API-token.")
        self.stdout.write(ApiToken.issue(user, scope=scope, days=days, name=name))
