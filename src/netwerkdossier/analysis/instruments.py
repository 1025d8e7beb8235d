"""The structured-instrument engine: definitions as TOML data, answers checked, scores.

A definition lives in ``rules/instruments/<key>.toml`` (see docs/handleiding/analyse.md
for the format). ``load_file`` checks a definition completely and raises
``InstrumentDefinitionError`` naming every problem, so a bad file is refused when it is
loaded, not when someone fills it in. Scores are exact fractions; they are rounded
only for display and storage.
"""

import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netwerkdossier.rules import RULES_DIR

INSTRUMENTS_DIR = RULES_DIR / "instruments"
ITEM_TYPES = ("scale", "yes_no", "number")
RULES = ("sum", "weighted_sum", "mean", "count")
YES_NO = ((1, "Ja"), (0, "Nee"))
REQUIRED_TEXT = ("key", "title", "version", "source", "licence")


class InstrumentDefinitionError(Exception):
    """A definition file that cannot be used; `problems` lists every reason (Dutch)."""

    def __init__(self, name: str, problems: list[str]):
        self.name = name
        self.problems = problems
        super().__init__(f"{name}: " + "; ".join(problems))


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    type: str
    options: tuple  # ((value, label), ...) for scale and yes_no
    minimum: int
    maximum: int
    reverse: bool
    required: bool
    help: str

    def allowed(self, value: int) -> bool:
        if self.type == "number":
            return self.minimum <= value <= self.maximum
        return any(value == v for v, _label in self.options)

    def scored(self, value: int) -> int:
        """The value that counts in the scales: reversed items count backwards."""
        return self.minimum + self.maximum - value if self.reverse else value

    def label_of(self, value) -> str:
        if value is None:
            return ""
        for v, label in self.options:
            if v == value:
                return label
        return str(value)


@dataclass(frozen=True)
class Scale:
    key: str
    label: str
    rule: str
    parts: tuple  # item keys, or keys of scales defined earlier
    weights: dict
    values: tuple  # for "count": which scored values are counted
    bands: tuple  # ((Fraction lower bound, label), ...), ascending
    decimals: int

    def band_for(self, value) -> str:
        found = ""
        for lower, label in self.bands:
            if value is not None and value >= lower:
                found = label
        return found


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    version: str
    source: str
    licence: str
    illustrative: bool
    description: str
    health_data: bool
    items: tuple
    scales: tuple
    raw: dict  # the parsed file, stored with each result

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


@dataclass(frozen=True)
class ScaleScore:
    key: str
    label: str
    value: Fraction | None
    decimals: int
    band: str

    @property
    def rounded(self) -> Decimal | None:
        if self.value is None:
            return None
        exact = Decimal(self.value.numerator) / Decimal(self.value.denominator)
        return exact.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict:
        rounded = self.rounded
        return {"key": self.key, "label": self.label,
                "value": None if rounded is None else str(rounded),
                "display": "" if rounded is None else str(rounded).replace(".", ","),
                "band": self.band}


# --- loading and checking a definition ---------------------------------------------------

def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_item(raw: dict, index: int, problems: list) -> Item | None:
    where = _("vraag {n}").format(n=index + 1)
    key = raw.get("key")
    if not isinstance(key, str) or not key.strip():
        problems.append(_("{where} heeft geen sleutel (key).").format(where=where))
        return None
    where = _("vraag '{key}'").format(key=key)
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(_("{where} heeft geen vraagtekst (text).").format(where=where))
    kind = raw.get("type")
    if kind not in ITEM_TYPES:
        problems.append(_("{where} heeft een onbekend antwoordtype '{type}'; kies scale, "
                          "yes_no of number.").format(where=where, type=kind))
        return None
    options: tuple = ()
    minimum = maximum = 0
    if kind == "scale":
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            problems.append(_("{where} is een schaal maar heeft geen twee of meer "
                              "antwoordopties (options).").format(where=where))
            return None
        seen = set()
        parsed = []
        for option in raw_options:
            value, label = (option.get("value"), option.get("label")) \
                if isinstance(option, dict) else (None, None)
            if not isinstance(value, int) or isinstance(value, bool) or \
                    not isinstance(label, str) or not label.strip():
                problems.append(_("{where}: elke antwoordoptie heeft een geheel getal (value) "
                                  "en een omschrijving (label).").format(where=where))
                return None
            if value in seen:
                problems.append(_("{where}: de waarde {value} komt twee keer voor.")
                                .format(where=where, value=value))
            seen.add(value)
            parsed.append((value, label))
        options = tuple(parsed)
        minimum, maximum = min(seen), max(seen)
    elif kind == "yes_no":
        options = YES_NO
        minimum, maximum = 0, 1
    else:
        minimum, maximum = raw.get("min"), raw.get("max")
        if not isinstance(minimum, int) or not isinstance(maximum, int) or \
                isinstance(minimum, bool) or isinstance(maximum, bool) or minimum >= maximum:
            problems.append(_("{where} is een getal en heeft een geheel getal als minimum "
                              "(min) en een groter geheel getal als maximum (max).")
                            .format(where=where))
            return None
    reverse = raw.get("reverse", False)
    if reverse and kind == "number":
        problems.append(_("{where}: alleen schaal- en ja/nee-vragen kunnen omgekeerd worden "
                          "gescoord (reverse).").format(where=where))
    unknown = set(raw) - {"key", "text", "type", "options", "min", "max", "reverse",
                          "required", "help"}
    if unknown:
        problems.append(_("{where} heeft onbekende velden: {names}.")
                        .format(where=where, names=", ".join(sorted(unknown))))
    return Item(key=key, text=text or "", type=kind, options=options, minimum=minimum,
                maximum=maximum, reverse=bool(reverse), required=raw.get("required", True),
                help=raw.get("help", ""))


def _parse_scale(raw: dict, index: int, items: dict, scales: dict,
                 problems: list) -> Scale | None:
    key = raw.get("key")
    if not isinstance(key, str) or not key.strip():
        problems.append(_("schaal {n} heeft geen sleutel (key).").format(n=index + 1))
        return None
    where = _("schaal '{key}'").format(key=key)
    if key in items or key in scales:
        problems.append(_("{where}: de sleutel is al in gebruik.").format(where=where))
        return None
    rule = raw.get("rule")
    if rule not in RULES:
        problems.append(_("{where} heeft een onbekende scoringsregel '{rule}'; kies sum, "
                          "weighted_sum, mean of count.").format(where=where, rule=rule))
        return None
    parts = raw.get("items")
    if not isinstance(parts, list) or not parts:
        problems.append(_("{where} noemt geen vragen (items).").format(where=where))
        return None
    ok = True
    for part in parts:
        if part in scales and rule != "count":
            continue
        if part not in items:
            problems.append(_("{where} noemt onbekende vraag '{item}'.")
                            .format(where=where, item=part))
            ok = False
    weights = raw.get("weights", {})
    if rule == "weighted_sum":
        if not isinstance(weights, dict) or set(weights) != set(parts) or \
                not all(_number(w) for w in weights.values()):
            problems.append(_("{where}: een gewogen som heeft voor elke genoemde vraag precies "
                              "één gewicht (weights) nodig.").format(where=where))
            ok = False
    elif weights:
        problems.append(_("{where}: gewichten (weights) horen alleen bij weighted_sum.")
                        .format(where=where))
    values = raw.get("values", [])
    if rule == "count" and (not isinstance(values, list) or not values or
                            not all(isinstance(v, int) for v in values)):
        problems.append(_("{where}: tellen (count) heeft een lijst waarden (values) nodig "
                          "die meetellen.").format(where=where))
        ok = False
    bands = []
    for band in raw.get("bands", []):
        lower, label = (band.get("from"), band.get("label")) if isinstance(band, dict) \
            else (None, None)
        if not _number(lower) or not isinstance(label, str) or not label.strip():
            problems.append(_("{where}: elke band heeft een ondergrens (from) en een "
                              "uitleg (label).").format(where=where))
            ok = False
            continue
        bands.append((Fraction(str(lower)), label))
    if any(a[0] >= b[0] for a, b in zip(bands, bands[1:], strict=False)):
        problems.append(_("{where}: de banden moeten oplopen (elke 'from' groter dan de "
                          "vorige).").format(where=where))
        ok = False
    decimals = raw.get("decimals", 1 if rule == "mean" else 0)
    if not isinstance(decimals, int) or not 0 <= decimals <= 4:
        problems.append(_("{where}: decimals is een geheel getal van 0 tot en met 4.")
                        .format(where=where))
        ok = False
    if not ok:
        return None
    scale = Scale(key=key, label=raw.get("label") or key, rule=rule, parts=tuple(parts),
                  weights={k: Fraction(str(v)) for k, v in weights.items()},
                  values=tuple(values), bands=tuple(bands), decimals=decimals)
    if bands:
        lowest, _highest = _range(scale, items, scales)
        if bands[0][0] > lowest:
            problems.append(_("{where}: de eerste band begint bij {start}, maar de laagste "
                              "mogelijke score is {low}; geef elke score een uitleg.")
                            .format(where=where, start=_show(bands[0][0]), low=_show(lowest)))
    return scale


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else \
        str(round(float(value), 2)).replace(".", ",")


def _part_range(part, items, scales) -> tuple[Fraction, Fraction]:
    if part in scales:
        return _range(scales[part], items, scales)
    item = items[part]
    low, high = Fraction(item.minimum), Fraction(item.maximum)
    if not item.required:  # an unanswered item counts as nothing
        low, high = min(low, Fraction(0)), max(high, Fraction(0))
    return low, high


def _range(scale: Scale, items, scales) -> tuple[Fraction, Fraction]:
    """Lowest and highest score the scale can give."""
    if scale.rule == "count":
        return Fraction(0), Fraction(len(scale.parts))
    ranges = [_part_range(p, items, scales) for p in scale.parts]
    if scale.rule == "mean":
        return min(r[0] for r in ranges), max(r[1] for r in ranges)
    low = high = Fraction(0)
    for part, (a, b) in zip(scale.parts, ranges, strict=True):
        weight = scale.weights.get(part, Fraction(1))
        low += min(weight * a, weight * b)
        high += max(weight * a, weight * b)
    return low, high


def parse(raw: dict, name: str) -> Instrument:
    """Check a parsed definition; raise InstrumentDefinitionError with every problem."""
    problems: list[str] = []
    for field in REQUIRED_TEXT:
        if not isinstance(raw.get(field), str) or not raw.get(field, "").strip():
            problems.append(_("het veld '{field}' ontbreekt of is leeg.").format(field=field))
    if raw.get("key") and raw["key"] != name:
        problems.append(_("de sleutel '{key}' moet gelijk zijn aan de bestandsnaam '{name}'.")
                        .format(key=raw["key"], name=name))
    items: dict = {}
    raw_items = raw.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append(_("het instrument heeft geen vragen ([[item]])."))
        raw_items = []
    for index, raw_item in enumerate(raw_items):
        item = _parse_item(raw_item, index, problems)
        if item is None:
            continue
        if item.key in items:
            problems.append(_("de vraag '{key}' komt twee keer voor.").format(key=item.key))
            continue
        items[item.key] = item
    scales: dict = {}
    for index, raw_scale in enumerate(raw.get("scale", [])):
        scale = _parse_scale(raw_scale, index, items, scales, problems)
        if scale is not None:
            scales[scale.key] = scale
    if not raw.get("scale"):
        problems.append(_("het instrument heeft geen scoringsregels ([[scale]])."))
    if problems:
        raise InstrumentDefinitionError(name, problems)
    return Instrument(
        key=raw["key"], title=raw["title"], version=raw["version"], source=raw["source"],
        licence=raw["licence"], illustrative=bool(raw.get("illustrative", False)),
        description=raw.get("description", ""), health_data=bool(raw.get("health_data")),
        items=tuple(items.values()), scales=tuple(scales.values()), raw=raw)


def load_file(path: Path) -> Instrument:
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentDefinitionError(path.stem, [_("geen geldige TOML: {error}")
                                                    .format(error=exc)]) from exc
    return parse(raw, path.stem)


@cache
def _load_dir(directory: str) -> dict:
    found = {}
    for path in sorted(Path(directory).glob("*.toml")):
        instrument = load_file(path)
        found[instrument.key] = instrument
    return found


def instruments(directory: Path | None = None) -> dict[str, Instrument]:
    """Every definition in the directory, by key. Raises on the first bad file."""
    return _load_dir(str(directory or INSTRUMENTS_DIR))


def get(key: str) -> Instrument | None:
    return instruments().get(key)


# --- answers and scores ------------------------------------------------------------------

def _as_int(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    if isinstance(value, str) and value.strip().lower() in {"ja", "true"}:
        return 1
    if isinstance(value, str) and value.strip().lower() in {"nee", "false"}:
        return 0
    return None


def clean_answers(instrument: Instrument, answers: dict) -> dict:
    """Answers as {item key: int}; raises ValidationError {item key: [Dutch message]}."""
    errors: dict = {}
    cleaned: dict = {}
    for key in answers:
        if instrument.item(key) is None:
            errors[key] = [_("Deze vraag bestaat niet in dit instrument.")]
    for item in instrument.items:
        raw = answers.get(item.key)
        if raw is None or raw == "":
            if item.required:
                errors[item.key] = [_("Beantwoord deze vraag.")]
            continue
        if item.type == "number" and isinstance(raw, bool):
            value = None
        else:
            value = _as_int(raw)
        if value is None or not item.allowed(value):
            if item.type == "number":
                errors[item.key] = [_("Vul een geheel getal van {low} tot en met {high} in.")
                                    .format(low=item.minimum, high=item.maximum)]
            else:
                errors[item.key] = [_("Kies een van de antwoorden: {options}.").format(
                    options=", ".join(label for _v, label in item.options))]
            continue
        cleaned[item.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def score(instrument: Instrument, answers: dict) -> list[ScaleScore]:
    """Scores of every scale for checked answers (see clean_answers)."""
    values: dict = {}
    results = []
    for scale in instrument.scales:
        parts = []
        for part in scale.parts:
            if part in values:
                parts.append((part, values[part]))
            elif part in answers:
                parts.append((part, Fraction(instrument.item(part).scored(answers[part]))))
            else:
                parts.append((part, None))  # unanswered optional item, or incomputable scale
        present = [(p, v) for p, v in parts if v is not None]
        if not present:  # nothing answered: no score rather than a misleading 0
            value = None
        elif scale.rule == "sum":
            value = sum((v for _p, v in present), Fraction(0))
        elif scale.rule == "weighted_sum":
            value = sum((scale.weights[p] * v for p, v in present), Fraction(0))
        elif scale.rule == "mean":
            value = sum((v for _p, v in present), Fraction(0)) / len(present)
        else:
            value = Fraction(sum(1 for _p, v in present if v in scale.values))
        values[scale.key] = value
        results.append(ScaleScore(scale.key, scale.label, value, scale.decimals,
                                  scale.band_for(value)))
    return results
