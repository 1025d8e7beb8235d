"""`netwerkdossier secondfactor status|reset USERNAME`: a professional's second factor.

`reset` removes the user's authenticator app and recovery codes and signs out their
sessions: at the next sign-in with their password they set up a new app. Do it only
after checking who asks (in person, or by a call-back to a known number): whoever has
the password and signs in first after a reset chooses the app.
"""

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerkdossier.accounts.models import User


class Command(BaseCommand):
    help = "Toon of wis de tweede factor (authenticator-app, herstelcodes) van een gebruiker."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("status", "app ingesteld? hoeveel herstelcodes over?"),
                           ("reset", "app en herstelcodes wissen; opnieuw instellen")):
            sub.add_parser(name, help=text).add_argument("username")

    def handle(self, *args, action: str, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None or user.kind == User.Kind.GEZINSLID:
            raise CommandError(f"Geen professional met gebruikersnaam '{username}'.")
        if action == "status":
            app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            left = StaticToken.objects.filter(device__user=user).count()
            used = app.last_used_at if app else None
            when = f", laatst gebruikt {timezone.localtime(used):%Y-%m-%d %H:%M}" if used else ""
            self.stdout.write(f"{username}: app {'ingesteld' if app else 'niet ingesteld'}"
                              f"{when}; {left} herstelcodes over")
            return
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            signed_out = _end_sessions(user)
        self.stdout.write(f"Tweede factor van {username} gewist; {signed_out} sessie(s) "
                          "beëindigd. Bij de volgende keer inloggen stelt de gebruiker een "
                          "nieuwe app in.")


def _end_sessions(user) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended
