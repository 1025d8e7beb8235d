"""Read a regional export file (region_file.py) into the national picture.

Refused, with a Dutch message and nothing stored: a file that is no JSON or not shaped
as an export, another format or format version, a key that is not in the list of
trusted keys or that belongs to another region, a signature that does not match, an
unknown indicator or definition version, a period or cell that does not fit, and any
small cell (1 to 4) the region did not suppress, or a group where one hidden cell could
be recomputed from the total (secondary suppression missing). A region this
installation computes itself is refused too: it would be counted twice.
"""

import hashlib
import json
import re
from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from netwerkdossier.access.monitoring_exchange import ExchangeRefused
from netwerkdossier.access.reads import event
from netwerkdossier.organisations.models import Region

from .. import periods, suppression
from ..indicators import all_indicators
from ..models import Event
from . import region_file, signing
from .models import ImportedCell, ImportedRegion

REGION_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")  # Region.code is a slug of at most 40


def _refuse(message: str, **values):
    return ExchangeRefused(message % values if values else message)


def parse(raw: bytes) -> tuple[dict, dict]:
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _refuse(_("Het bestand is geen geldig JSON-bestand.")) from None
    if not (isinstance(envelope, dict) and isinstance(envelope.get("document"), dict)
            and isinstance(envelope.get("signature"), dict)):
        raise _refuse(_("Het bestand heeft niet de vorm van een regio-export (document en "
                        "handtekening ontbreken)."))
    document = envelope["document"]
    if document.get("format") != region_file.FORMAT:
        raise _refuse(_("Het bestand is geen regio-export van Netwerkdossier."))
    if document.get("format_version") != region_file.FORMAT_VERSION:
        raise _refuse(_("Onbekende formaatversie %(found)s. Deze installatie leest versie "
                        "%(known)s."), found=document.get("format_version"),
                      known=region_file.FORMAT_VERSION)
    return document, envelope["signature"]


def check_signature(document: dict, signature: dict, trusted: dict) -> None:
    region = document.get("region") if isinstance(document.get("region"), dict) else {}
    if signature.get("algorithm") != signing.ALGORITHM:
        raise _refuse(_("Onbekende handtekeningmethode; verwacht wordt ed25519."))
    entry = trusted.get(signature.get("key_id"))
    if entry is None:
        raise _refuse(_("Onbekende sleutel: de sleutel waarmee dit bestand is ondertekend, "
                        "staat niet in de lijst van vertrouwde sleutels."))
    key_region, public = entry
    if key_region != region.get("code"):
        raise _refuse(_("Deze sleutel hoort bij regio %(key)s, niet bij regio %(file)s."),
                      key=key_region, file=region.get("code"))
    if not signing.verify(document, signature, public):
        raise _refuse(_("De handtekening klopt niet: het bestand is na het ondertekenen "
                        "veranderd, of met een andere sleutel ondertekend."))


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_contents(document: dict) -> dict:
    """The checked contents: region, kind, periods, cells per (indicator, period)."""
    region = document.get("region")
    if not isinstance(region, dict) or not (isinstance(region.get("code"), str)
                                            and isinstance(region.get("name"), str)) \
            or not REGION_CODE.match(region["code"]) or not 0 < len(region["name"]) <= 120:
        raise _refuse(_("De regio in het bestand heeft geen geldige code of naam."))
    kind = document.get("period_kind")
    found_periods = [periods.parse(p) if isinstance(p, str) else None
                     for p in document.get("periods") or []]
    if kind not in periods.KINDS or not found_periods or any(
            p is None or p.kind != kind for p in found_periods):
        raise _refuse(_("De perioden in het bestand passen niet bij de soort periode."))
    known = {i.key: i for i in all_indicators()}
    if not isinstance(document.get("indicators"), list) or not all(
            isinstance(e, dict) for e in document["indicators"]) or not isinstance(
            document.get("cells"), list):
        raise _refuse(_("Het bestand heeft niet de vorm van een regio-export (indicatoren of "
                        "cellen ontbreken)."))
    for entry in document["indicators"]:
        indicator = known.get(entry.get("key"))
        if indicator is None:
            raise _refuse(_("Onbekende indicator %(key)s."), key=entry.get("key"))
        if entry.get("version") != region_file.indicator_version(indicator):
            raise _refuse(_("Indicator %(key)s heeft in het bestand definitieversie "
                            "%(found)s; deze installatie rekent met versie %(known)s."),
                          key=indicator.key, found=entry.get("version"),
                          known=region_file.indicator_version(indicator))
    listed = {e.get("key") for e in document.get("indicators") or []}
    period_keys = {p.key for p in found_periods}
    groups, seen = defaultdict(list), set()
    for c in document.get("cells") or []:
        if not isinstance(c, dict):
            raise _refuse(_("Het bestand bevat een cel die geen cel is."))
        where = {"indicator": c.get("indicator"), "period": c.get("period"),
                 "unit": c.get("unit")}
        if (c.get("indicator") not in listed or c.get("period") not in period_keys
                or c.get("level") not in region_file.LEVELS
                or not isinstance(c.get("unit"), str)):
            raise _refuse(_("Ongeldige cel: indicator %(indicator)s, periode %(period)s, "
                            "gebied %(unit)s."), **where)
        place = (c["indicator"], c["period"], c["level"], c["unit"])
        if place in seen:
            raise _refuse(_("Dubbele cel: indicator %(indicator)s, periode %(period)s, "
                            "gebied %(unit)s."), **where)
        seen.add(place)
        mark = c.get("suppressed", "")
        if mark:
            if mark not in region_file.MARKS or "numerator" in c or "denominator" in c:
                raise _refuse(_("Ongeldige afgeschermde cel: indicator %(indicator)s, "
                                "periode %(period)s, gebied %(unit)s."), **where)
        elif not (_is_count(c.get("numerator")) and _is_count(c.get("denominator"))):
            raise _refuse(_("Ongeldige cel: indicator %(indicator)s, periode %(period)s, "
                            "gebied %(unit)s."), **where)
        elif suppression.primary(known[c["indicator"]], c["numerator"], c["denominator"]):
            raise _refuse(_("Kleine cel niet afgeschermd: indicator %(indicator)s, periode "
                            "%(period)s, gebied %(unit)s rust op 1 tot 4 gezinnen of "
                            "gebeurtenissen. De regio moet zulke cellen afschermen vóór "
                            "het versturen."), **where)
        groups[(c["indicator"], c["period"])].append(c)
    for (indicator, period), cells in groups.items():
        if sum(1 for c in cells if c.get("suppressed")) == 1 and len(cells) > 1:
            raise _refuse(_("Secundaire afscherming ontbreekt: bij indicator %(indicator)s, "
                            "periode %(period)s is één cel afgeschermd en die is uit het "
                            "totaal terug te rekenen."), indicator=indicator, period=period)
    return {"region": region, "kind": kind, "periods": sorted(period_keys), "groups": groups}


def import_file(ctx, raw: bytes, trusted=None) -> ImportedRegion:
    """Check and store one file (ctx: the programme team's import context). Raises
    ExchangeRefused with the Dutch message; then nothing was stored, and the refused
    attempt is logged with the file's hash."""
    try:
        return _import(ctx, raw, trusted)
    except ExchangeRefused:
        with transaction.atomic():
            event(ctx, "monitoring.region_import", "C", object_type="regio_export",
                  object_ids=[hashlib.sha256(raw).hexdigest()[:16]], result="refused",
                  rule="import_checks")
        raise


def _import(ctx, raw: bytes, trusted) -> ImportedRegion:
    try:
        document, signature = parse(raw)
        check_signature(document, signature, signing.trusted_keys() if trusted is None
                        else trusted)
        checked = check_contents(document)
        software = str(document["software"]["version"])[:40]
        versions = {e["key"]: e["version"] for e in document["indicators"]}
    except (TypeError, AttributeError, KeyError, ValueError):
        # A value of the wrong type somewhere (a list where a code belongs, ...).
        raise _refuse(_("Het bestand heeft niet de vorm van een regio-export.")) from None
    code = checked["region"]["code"]
    if Event.objects.filter(region__code=code).exists() or Region.objects.filter(
            code=code, organisations__isnull=False).exists():
        raise _refuse(_("Regio %(code)s wordt in deze installatie zelf berekend; importeer "
                        "alleen regio's van andere installaties."), code=code)
    try:
        exported_at = datetime.fromisoformat(document["exported_at"])
    except (KeyError, TypeError, ValueError):
        exported_at = None
    if exported_at is None or exported_at.tzinfo is None:
        raise _refuse(_("Het moment van export ontbreekt of is ongeldig (een tijd met "
                        "tijdzone, ISO 8601)."))
    digest = hashlib.sha256(raw).hexdigest()
    with transaction.atomic():
        ImportedCell.objects.filter(region_code=code, period__in=checked["periods"]).delete()
        source = ImportedRegion.objects.create(
            code=code, name=checked["region"]["name"],
            is_pilot=bool(checked["region"].get("pilot")), period_kind=checked["kind"],
            periods=checked["periods"], format_version=document["format_version"],
            software_version=software,
            exported_at=exported_at, key_id=signature["key_id"], file_sha256=digest,
            imported_by=ctx.user)
        ImportedCell.objects.bulk_create(
            ImportedCell(source=source, region_code=code, indicator=c["indicator"],
                         indicator_version=versions[c["indicator"]], period=c["period"],
                         level=c["level"], unit=c["unit"][:120],
                         numerator=None if c.get("suppressed") else c["numerator"],
                         denominator=None if c.get("suppressed") else c["denominator"],
                         mark=c.get("suppressed", ""))
            for cells in checked["groups"].values() for c in cells)
        event(ctx, "monitoring.region_import", "C", object_type="regio_export",
              object_ids=[code, checked["kind"], *checked["periods"], digest[:16]],
              rule="programme_team_import")
    return source
