"""The source of a change to a registration, as data (rules/registration_sources.toml).

A change names its source explicitly: the kind (a court decision, an extract from the
gezag register, the BRP, someone's statement) and the details that kind needs. Nothing
is preselected; a missing detail is a Dutch message on its own field.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.plausible_dates import check_plausible

MAX_REFERENCE, MAX_BY = 100, 200


def source_label(key: str) -> str:
    found = next((s for s in rules.registration_sources() if s["key"] == key), None)
    return _(found["label"]) if found else key


def source_choices(target: str) -> list[tuple[str, str]]:
    return [(s["key"], _(s["label"])) for s in rules.registration_sources(target)]


def clean_source(target: str, kind, reference, when, by) -> tuple[dict, dict]:
    """(values, errors): the source fields of a change to `target`, checked against the
    rules file. Errors are keyed by field name (source_kind, source_reference, ...)."""
    kind = (kind or "").strip()
    reference, by = (reference or "").strip(), (by or "").strip()
    errors: dict[str, list] = {}
    record = next((s for s in rules.registration_sources(target) if s["key"] == kind), None)
    if record is None:
        errors["source_kind"] = [_("Kies de bron van deze wijziging.")]
        needs: list = []
    else:
        needs = record["needs"]
    if "reference" in needs and not reference:
        errors["source_reference"] = [_("Vul het zaaknummer of kenmerk van de beschikking "
                                        "in.")]
    if "by" in needs and not by:
        errors["source_by"] = [_("Vul in van wie de verklaring is.")]
    if "date" in needs and when is None:
        errors["source_date"] = [_("Vul de datum van de bron in.")]
    elif when is not None:
        if not isinstance(when, date):
            errors["source_date"] = [_("Vul een geldige datum in.")]
        else:
            try:
                check_plausible(when)
            except ValidationError as exc:
                errors["source_date"] = exc.messages
            else:
                if when > timezone.localdate():
                    errors["source_date"] = [_("De datum van de bron kan niet in de "
                                               "toekomst liggen.")]
    if len(reference) > MAX_REFERENCE:
        errors["source_reference"] = [_("Het kenmerk is te lang (hoogstens 100 tekens).")]
    if len(by) > MAX_BY:
        errors["source_by"] = [_("Deze naam is te lang (hoogstens 200 tekens).")]
    values = {"source_kind": kind, "source_reference": reference if "reference" in needs
              or reference else "", "source_date": when, "source_by": by}
    return values, errors


def source_summary(values: dict) -> str:
    """One Dutch line for a chosen source (kept in Gezag.source, which the API and older
    readers show): "Beschikking van de rechter, zaaknummer C/12/1, 01-03-2026"."""
    parts = [source_label(values["source_kind"])]
    if values.get("source_reference"):
        parts.append(_("zaaknummer %(ref)s") % {"ref": values["source_reference"]})
    if values.get("source_by"):
        parts.append(_("verklaring van %(by)s") % {"by": values["source_by"]})
    if values.get("source_date"):
        parts.append(values["source_date"].strftime("%d-%m-%Y"))
    return ", ".join(parts)[:200]
