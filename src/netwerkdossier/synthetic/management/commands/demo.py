"""`netwerkdossier demo`: migrate, load the demo cast and a small region, print logins, serve."""

import os

import pyotp
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from netwerkdossier.accounts.models import User
from netwerkdossier.monitoring.models import Event as MonitoringEvent
from netwerkdossier.monitoring.models import QuestionnaireAnswer
from netwerkdossier.monitoring.rebuild import rebuild as rebuild_monitoring
from netwerkdossier.monitoring.refresh import refresh as refresh_monitoring
from netwerkdossier.synthetic import (
    analysis_demo,
    collaboration_demo,
    confidential_demo,
    decisions_demo,
    measures_demo,
    monitoring_demo,
    partners_demo,
    personas,
    questionnaire_demo,
    retention_demo,
    safety_demo,
)
from netwerkdossier.synthetic.generator import generate_region, is_seeded
from netwerkdossier.synthetic.region import build_region

DEMO_SEED = 2026


class Command(BaseCommand):
    help = "Start de demo: database klaarzetten, demopersonen laden en de server starten."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=200,
                            help="aantal synthetische huishoudens naast de vaste cast")
        parser.add_argument("--no-serve", action="store_true",
                            help="alleen klaarzetten, de server niet starten")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, households, no_serve, port, no_progress, **options):
        call_command("migrate", interactive=False, verbosity=0)
        usernames = [p[0] for p in personas.PROFESSIONALS]
        if not User.objects.filter(username__in=usernames).exists():
            self.stdout.write("Demopersonen en synthetische regio aanmaken ...")
            with transaction.atomic():
                cast = personas.build_cast()
                personas.add_family_logins(cast)
                safety_demo.build(cast)
                collaboration_demo.build(cast)
                analysis_demo.build(cast)
                partners_demo.build(cast)
                measures = measures_demo.build(cast)
                measures["omgangsregeling"] = measures_demo.contact_arrangement(cast)
                measures["verlenging"] = measures_demo.extension_requested(cast)
                decisions_demo.build(cast, measures)
                retention_demo.build(cast)
                monitoring_demo.build(cast)
                confidential_demo.build(cast)
        # Every demo professional's app has the key printed below, also in a demo
        # database made before second factors existed.
        for user in User.objects.filter(username__in=[
                p[0] for p in (*personas.PROFESSIONALS, *partners_demo.PARTNERS,
                               *monitoring_demo.POLICY_MAKERS)]):
            personas.give_demo_app(user)
        # The pilots' questionnaire and the CBS figures (also in an older demo database).
        questionnaire_new = not QuestionnaireAnswer.objects.exists()
        if questionnaire_new:
            questionnaire_demo.build(build_region().region)
        if not is_seeded() and households > 0:
            generate_region(households, seed=DEMO_SEED, progress=not no_progress)
            # The generator writes cases in bulk: the monitoring events come from them.
            rebuild_monitoring()
        elif not MonitoringEvent.objects.exists():
            rebuild_monitoring()  # a demo database made before monitoring existed
        elif questionnaire_new:
            refresh_monitoring(full=True)  # the figures per 1,000 children
        self._print_logins(port)
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _print_logins(self, port: int) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Demo-inloggegevens"))
        out.write("(synthetische gegevens; deze wachtwoorden zijn alleen voor de demo)")
        out.write("Inloggen met wachtwoord en daarna een code uit een authenticator-app met "
                  "de sleutel hieronder (of de code van dit moment, 30 seconden geldig):")
        for username, *_rest, description in (*personas.PROFESSIONALS,
                                               *partners_demo.PARTNERS,
                                               *monitoring_demo.POLICY_MAKERS):
            secret = personas.professional_totp_secret(username)
            out.write(f"  {username:<8} wachtwoord: {personas.DEMO_PASSWORD:<16} {description}")
            out.write(f"  {'':<8} sleutel: {secret}  (code nu: {pyotp.TOTP(secret).now()})")
        out.write("")
        portal = f"http://127.0.0.1:{port}/portaal/inloggen"
        out.write(self.style.MIGRATE_HEADING(f"Gezinsportaal ({portal})"))
        out.write("Inloggen met wachtwoord en een code uit een authenticator-app met het "
                  "TOTP-geheim hieronder (of de code van dit moment, 30 seconden geldig):")
        for username, _attr, secret in personas.FAMILY_LOGINS:
            out.write(f"  {username:<8} wachtwoord: {personas.DEMO_PASSWORD:<16} "
                      f"TOTP-geheim: {secret}  (code nu: {pyotp.TOTP(secret).now()})")
        out.write("")
        out.write(f"Open http://127.0.0.1:{port}/ in de browser.")
