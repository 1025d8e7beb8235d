"""The exchange steps of `netwerkdossier monitoring` (the command delegates here):

    keygen --regio CODE --sleutel PAD            a key pair; prints the trust entry
    export-region --gebruiker U --regio CODE --sleutel PAD --uit BESTAND
                  [--soort H|K] [--periode 2026-H1 ...]
    import-region BESTAND --gebruiker U [--vertrouwd SLEUTELLIJST]
    research-request --gebruiker U --project P --kolommen regio,route,...
    research-approve --gebruiker FG --aanvraag N --sleutelbestand PAD --uit BESTAND
    research-reject --gebruiker FG --aanvraag N

Every step names who takes it (--gebruiker); access/monitoring_exchange.py decides
whether she may, and a refusal is logged and ends with a Dutch message and exit code 1.
"""

import json
import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from netwerkdossier.access.context import context_for
from netwerkdossier.access.monitoring_exchange import (
    ExchangeRefused,
    export_region_context,
    import_region_context,
)
from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Region

from .. import periods
from . import region_export, region_import, research, signing

ACTIONS = ("keygen", "export-region", "import-region", "research-request",
           "research-approve", "research-reject")
SHOWN_PERIODS = 4


def add_arguments(parser) -> None:
    parser.add_argument("--gebruiker", help="uitwisseling: wie deze stap zet (gebruikersnaam)")
    parser.add_argument("--regio", help="keygen, export-region: de code van de regio")
    parser.add_argument("--soort", choices=sorted(periods.KINDS), default="H",
                        help="export-region: H (halfjaar) of K (kwartaal)")
    parser.add_argument("--periode", action="append", default=[],
                        help="export-region: een periode, bijv. 2026-H1 (herhaalbaar)")
    parser.add_argument("--sleutel", help="keygen, export-region: de privésleutel (PEM)")
    parser.add_argument("--uit", help="export-region, research-approve: het uitvoerbestand")
    parser.add_argument("--vertrouwd", help="import-region: de lijst van vertrouwde sleutels")
    parser.add_argument("--project", help="research-request: de naam van het project")
    parser.add_argument("--kolommen", default="", help="research-request: kolommen, met komma's")
    parser.add_argument("--aanvraag", type=int, help="research-approve/-reject: het nummer")
    parser.add_argument("--sleutelbestand",
                        help="research-approve: bestand met de onderzoekssleutel")


def _context(username):
    if not username:
        raise CommandError("Geef met --gebruiker op wie deze stap zet.")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Onbekende gebruiker: {username}.")
    return context_for(user, channel="cli")


def _region(code):
    found = Region.objects.filter(code=code or "").first()
    if found is None:
        raise CommandError(f"Onbekende regio: {code or '(geen)'}. Geef de code met --regio.")
    return found


def _required(value, option):
    if not value:
        raise CommandError(f"Geef {option} op.")
    return value


def _new_file(value) -> Path:
    path = Path(_required(value, "--uit"))
    if path.exists():
        raise CommandError(f"{path} bestaat al; kies een nieuw bestand.")
    if not path.parent.is_dir():
        raise CommandError(f"De map {path.parent} bestaat niet.")
    return path


def _write_private(path: Path, content: bytes) -> None:
    """Only the owner may read the file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def run(command, action: str, options: dict) -> None:
    try:
        _run(command, action, options)
    except ExchangeRefused as exc:
        raise CommandError(f"Geweigerd. {exc.message}") from exc


def _run(command, action, o) -> None:
    out = command.stdout
    if action == "keygen":
        region = _region(o["regio"])
        path = Path(_required(o["sleutel"], "--sleutel"))
        if path.exists():
            raise CommandError(f"{path} bestaat al; een sleutel wordt nooit overschreven.")
        private = signing.new_private_key()
        _write_private(path, signing.private_pem(private))
        out.write(f"Privésleutel geschreven naar {path} (alleen leesbaar voor u). Stuur "
                  "deze regels naar het landelijk programmateam:\n\n"
                  + signing.trust_entry(region.code, private.public_key()))
    elif action == "export-region":
        region = _region(o["regio"])
        ctx = export_region_context(_context(o["gebruiker"]), region)
        try:
            private = signing.load_private(_required(o["sleutel"], "--sleutel"))
        except (OSError, ValueError) as exc:
            raise CommandError("De privésleutel kon niet worden gelezen.") from exc
        kind = o["soort"]
        keys = o["periode"] or [p.key for p in periods.recent(timezone.localdate(), kind,
                                                              SHOWN_PERIODS)]
        parsed = [periods.parse(k) for k in keys]
        if any(p is None or p.kind != kind for p in parsed):
            raise CommandError("Geef perioden van de gekozen soort, bijv. 2026-H1 of 2026-K3.")
        target = _new_file(o["uit"])
        signed = region_export.signed(region, kind, keys, private)
        content = json.dumps(signed, ensure_ascii=False, indent=1).encode("utf-8")
        region_export.log(ctx, region, kind, keys, content)
        target.write_bytes(content)
        out.write(f"Regio-export van {region.name} ({len(signed['document']['cells'])} cellen, "
                  f"{', '.join(keys)}) geschreven naar {target}.")
    elif action == "import-region":
        ctx = import_region_context(_context(o["gebruiker"]))
        path = Path(_required(o.get("file"), "het bestand"))
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        trusted = signing.trusted_keys(o["vertrouwd"]) if o["vertrouwd"] else None
        source = region_import.import_file(ctx, path.read_bytes(), trusted)
        out.write(f"Ingelezen: {source.name} ({source.cells.count()} cellen, "
                  f"{', '.join(source.periods)}).")
    elif action == "research-request":
        found = research.request(_context(o["gebruiker"]), _required(o["project"], "--project"),
                                 [c.strip() for c in o["kolommen"].split(",") if c.strip()])
        out.write(f"Aanvraag {found.pk} vastgelegd ({', '.join(found.columns)}). Een "
                  "functionaris gegevensbescherming moet hem goedkeuren.")
    elif action == "research-approve":
        ctx = _context(o["gebruiker"])
        key_path = Path(_required(o["sleutelbestand"], "--sleutelbestand"))
        target = _new_file(o["uit"])
        if not key_path.is_file():
            raise CommandError(f"Sleutelbestand niet gevonden: {key_path}")
        found, content = research.approve(ctx, _required(o["aanvraag"], "--aanvraag"),
                                          key_path.read_bytes())
        _write_private(target, content)
        out.write(f"Onderzoeksexport {found.pk} geschreven naar {target}: {found.rows} rijen, "
                  f"k = {found.k}.")
    elif action == "research-reject":
        found = research.reject(_context(o["gebruiker"]), _required(o["aanvraag"],
                                                                    "--aanvraag"))
        out.write(f"Aanvraag {found.pk} afgewezen.")

