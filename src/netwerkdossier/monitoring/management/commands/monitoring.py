"""`netwerkdossier monitoring rebuild|refresh|docs`."""

from django.core.management.base import BaseCommand

from netwerkdossier.monitoring import rebuild, reference, refresh


class Command(BaseCommand):
    help = ("Monitoring: gebeurtenissen opnieuw opbouwen uit het werk (rebuild), de cijfers "
            "bijwerken (refresh) of de indicatorendocumentatie schrijven (docs).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "refresh", "docs"])
        parser.add_argument("--full", action="store_true",
                            help="refresh: alle perioden opnieuw berekenen")

    def handle(self, *args, action, full, **options):
        if action == "rebuild":
            done = rebuild.rebuild()
            self.stdout.write(f"{done['events']} gebeurtenissen opgebouwd; "
                              f"{done['periods']} perioden berekend in "
                              f"{done['seconds']:.1f} s.")
        elif action == "refresh":
            done = refresh.refresh(full=full)
            self.stdout.write(f"{done['periods']} perioden bijgewerkt in "
                              f"{done['seconds']:.1f} s.")
        else:
            self.stdout.write(f"Geschreven: {reference.write()}")
