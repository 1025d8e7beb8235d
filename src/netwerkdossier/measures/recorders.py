"""Which organisation kinds record a legal measure, per law (rules/measure_recorders.toml),
loaded and checked once; a broken file fails at load with every problem in Dutch, as the
catalogue does (decision 0043). The access module's write gate for measures reads it
(access/work_rules.py), so every page and endpoint that writes a measure applies it."""

import tomllib
from functools import cache

from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules as rule_files

from .catalogue import LAWS, MeasureCatalogueError

FILE = rule_files.RULES_DIR / "measure_recorders.toml"
FIELDS = {"law", "recorders", "source", "confirmed", "note"}


@cache
def recorders() -> dict[str, tuple[str, ...]]:
    """law -> organisation kinds that record measures of that law."""
    with open(FILE, "rb") as fh:
        return parse(tomllib.load(fh))


def parse(data: dict, name: str = "measure_recorders.toml") -> dict:
    from netwerkdossier.organisations.models import Organisation

    kinds = set(Organisation.Kind.values)
    problems, found = [], {}
    for number, record in enumerate(data.get("law", []), start=1):
        where = _("wet {n}").format(n=number)
        if set(record) - FIELDS:
            problems.append(_("{where}: onbekende velden {names}.").format(
                where=where, names=", ".join(sorted(set(record) - FIELDS))))
        law = record.get("law")
        if law not in LAWS:
            problems.append(_("{where}: law moet een van {laws} zijn.").format(
                where=where, laws=", ".join(LAWS)))
        elif law in found:
            problems.append(_("{where}: '{law}' komt twee keer voor.").format(
                where=where, law=law))
        names = record.get("recorders")
        if not isinstance(names, list) or not names or set(names) - kinds:
            problems.append(_("{where}: recorders moet een lijst van soorten organisaties "
                              "zijn.").format(where=where))
        if not str(record.get("source", "")).strip():
            problems.append(_("{where}: source ontbreekt.").format(where=where))
        if record.get("confirmed") is False and not str(record.get("note", "")).strip():
            problems.append(_("{where}: een onbevestigde waarde heeft een toelichting "
                              "(note) nodig.").format(where=where))
        if law in LAWS and isinstance(names, list):
            found[law] = tuple(names)
    missing = [law for law in LAWS if law not in found]
    if missing:
        problems.append(_("geen vastleggers voor: {laws}.").format(laws=", ".join(missing)))
    if problems:
        raise MeasureCatalogueError(name, problems)
    return found


def laws_for(organisation_kind: str | None) -> tuple[str, ...]:
    """The laws whose measures an organisation of this kind records."""
    return tuple(law for law, kinds in recorders().items() if organisation_kind in kinds)

