"""`netwerkdossier createtoken USERNAME`: print a new API token (shown only this once)."""

from django.core.management.base import BaseCommand, CommandError

from netwerkdossier.accounts.models import User
from netwerkdossier.accounts.tokens import ApiToken


class Command(BaseCommand):
    help = ("Maak een API-token voor een gebruiker en druk het af. Alleen een hash wordt "
            "bewaard: het token is later niet meer op te vragen. Gebruik het als "
            "'Authorization: Bearer <token>'.")

    def add_arguments(self, parser):
        parser.add_argument("username", help="Gebruikersnaam")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief; "
                               "een token zou niet werken.")
        if not user.is_professional:
            raise CommandError(f"Gebruiker '{username}' is een gezinslid. Gezinsleden "
                               "gebruiken het portaal (/portaal/) en krijgen geen API-token.")
        self.stdout.write(ApiToken.issue(user))
