"""`netwerkdossier monitoring rebuild|refresh|docs|import-statline FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwerkdossier.monitoring import rebuild, reference, refresh, statline
from netwerkdossier.monitoring.exchange import cli as exchange


class Command(BaseCommand):
    help = ("Monitoring: gebeurtenissen opnieuw opbouwen uit het werk (rebuild), de cijfers "
            "bijwerken (refresh), de indicatorendocumentatie schrijven (docs) of "
            "contextcijfers van CBS StatLine inlezen (import-statline BESTAND); "
            "regio-exports maken en inlezen en onderzoeksexports aanvragen en uitvoeren "
            "(zie monitoring/exchange/cli.py).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "refresh", "docs", "import-statline",
                                               *exchange.ACTIONS])
        parser.add_argument("file", nargs="?", help="import-statline: het CSV-bestand")
        parser.add_argument("--full", action="store_true",
                            help="refresh: alle perioden opnieuw berekenen")
        parser.add_argument("--maat", default=statline.CHILDREN,
                            choices=sorted(statline.MEASURES),
                            help="import-statline: welk cijfer het bestand bevat")
        exchange.add_arguments(parser)

    def handle(self, *args, action, full, file=None, maat=statline.CHILDREN, **options):
        if action in exchange.ACTIONS:
            exchange.run(self, action, {"file": file, **options})
        elif action == "import-statline":
            self._import_statline(file, maat)
        elif action == "rebuild":
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

    def _import_statline(self, file, measure):
        if not file:
            raise CommandError("Geef het CSV-bestand van StatLine op.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        try:
            done = statline.import_file(path.read_bytes(), measure)
        except statline.StatlineError as exc:
            raise CommandError("Niets ingelezen. " + " ".join(exc.problems)) from exc
        years = ", ".join(str(y) for y in done["years"])
        self.stdout.write(f"{done['created']} cijfers toegevoegd en {done['updated']} "
                          f"bijgewerkt ({statline.MEASURES[measure]}, {years}); "
                          f"{done['skipped']} regels zonder cijfer overgeslagen.")
        # The figures "per 1,000 children" of every period may change.
        done = refresh.refresh(full=True)
        self.stdout.write(f"{done['periods']} perioden opnieuw berekend.")
