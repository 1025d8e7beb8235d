"""`netwerkdossier seed --households N --seed S`: fill the database with a synthetic region."""

from django.core.management.base import BaseCommand, CommandError

from netwerkdossier.synthetic.generator import AlreadySeeded, generate_region

LABELS = [
    ("organisations", "organisaties"),
    ("professionals", "professionals"),
    ("households", "huishoudens"),
    ("persons", "personen"),
    ("cases", "trajecten"),
    ("entries", "tijdlijnitems"),
]


class Command(BaseCommand):
    help = "Vul de database met een synthetische proeftuinregio (deterministisch per seed)."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=1000,
                            help="aantal huishoudens (standaard 1000)")
        parser.add_argument("--seed", type=int, default=1, help="startwaarde (standaard 1)")
        parser.add_argument("--no-progress", action="store_true",
                            help="geen voortgangsbalk tonen")

    def handle(self, *args, households, seed, no_progress, **options):
        if households < 1:
            raise CommandError("Geef minstens 1 huishouden op.")
        try:
            result = generate_region(households, seed=seed, progress=not no_progress)
        except AlreadySeeded as exc:
            raise CommandError(
                f"{exc} Gebruik een lege database (of `flush`) om opnieuw te seeden."
            ) from exc
        self.stdout.write(self.style.SUCCESS("Synthetische regio aangemaakt:"))
        for key, label in LABELS:
            self.stdout.write(f"  {label:<15} {result.counts[key]:>12,}".replace(",", "."))
        self.stdout.write(f"  {'duur':<15} {result.seconds:>11.1f}s")
