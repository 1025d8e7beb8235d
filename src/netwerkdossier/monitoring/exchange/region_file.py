"""The regional aggregate export file, format version 1 (docs/monitoring/regio-export.md,
docs/schemas/regio-export.schema.json).

    {"document": {...}, "signature": {"algorithm": "ed25519", "key_id": ..., "value": ...}}

The document names the format and its version, the region, the period kind and periods,
the indicators with their definition version, the cells (already suppressed: numbers,
or the mark that hid them), the software and its version and the moment of export.
The signature covers the canonical JSON of the document (signing.canonical).
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

FORMAT = "netwerkdossier.regio-export"
FORMAT_VERSION = 1
REGION_LEVEL, MUNICIPALITY_LEVEL = "regio", "gemeente"
LEVELS = (REGION_LEVEL, MUNICIPALITY_LEVEL)
MARKS = ("<5", "x")


def indicator_version(indicator) -> int:
    """The definition version of an indicator (1 until a definition changes what it
    counts)."""
    return indicator.version


def software_version() -> str:
    try:
        return package_version("netwerkdossier")
    except PackageNotFoundError:  # running from a source tree
        return "0+onbekend"


def cell(indicator: str, period: str, level: str, unit: str, numerator=None,
         denominator=None, mark: str = "") -> dict:
    found = {"indicator": indicator, "period": period, "level": level, "unit": unit}
    if mark:
        found["suppressed"] = mark
    else:
        found.update(numerator=numerator, denominator=denominator)
    return found
