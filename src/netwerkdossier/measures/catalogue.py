"""The catalogue of legal measures (rules/measures.toml), loaded and checked once, and the
dates it implies: the end of a first period, of each extension up to the maximum, the
hearing deadline and the reminder before the end (decision 0043).

A typo fails at load with every problem listed in Dutch (the reader may be the lawyer
who reviews the file), never while computing a family's deadline.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules as rule_files

FILE = rule_files.RULES_DIR / "measures.toml"
LAWS = ("civiel", "bestuurlijk", "strafrechtelijk", "zorg")
UNITS = ("years", "months", "weeks", "days")
PERIODS = ("duration", "extension", "extension_limit", "hearing_within", "evaluate_every",
           "remind_before")
FIELDS = {"key", "label", "law", "criminal_data", "decided_by", "requested_by",
          "open_ended", "extensions_max", "before_end", "source", "confirmed", "note",
          *PERIODS}


class MeasureCatalogueError(ValueError):
    """A catalogue that cannot be used; `problems` lists every reason (Dutch)."""

    def __init__(self, name: str, problems: list):
        self.name = name
        self.problems = [str(p) for p in problems]
        super().__init__(f"{name}: " + "; ".join(self.problems))


@dataclass(frozen=True)
class Period:
    """A legal period in one unit; added to a date it clamps to a shorter month's end."""

    amount: int
    unit: str  # one of UNITS

    def after(self, start: date) -> date:
        return start + relativedelta(**{self.unit: self.amount})

    def before(self, end: date) -> date:
        return end - relativedelta(**{self.unit: self.amount})

    def __str__(self) -> str:
        words = {"years": ("jaar", "jaar"), "months": ("maand", "maanden"),
                 "weeks": ("week", "weken"), "days": ("dag", "dagen")}[self.unit]
        return f"{self.amount} {words[0] if self.amount == 1 else words[1]}"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    law: str
    criminal_data: bool
    decided_by: str
    requested_by: tuple[str, ...]
    duration: Period | None  # None: open-ended
    extension: Period | None
    extension_limit: Period | None
    extensions_max: int | None
    hearing_within: Period | None
    evaluate_every: Period | None
    remind_before: Period
    before_end: tuple[str, ...]
    source: str
    confirmed: bool
    note: str

    @property
    def open_ended(self) -> bool:
        return self.duration is None

    def ends_on(self, start: date) -> date | None:
        """The end of the first period (None: open-ended)."""
        return self.duration.after(start) if self.duration else None

    def latest_end(self, start: date) -> date | None:
        """The latest end any extension may reach (None: no maximum set)."""
        return self.extension_limit.after(start) if self.extension_limit else None

    def extended_until(self, start: date, current_end: date, extensions_so_far: int
                       ) -> date | None:
        """The longest end of one more extension from `current_end`, or None when the
        catalogue allows no further extension."""
        if self.extension is None or current_end is None:
            return None
        if self.extensions_max is not None and extensions_so_far >= self.extensions_max:
            return None
        new_end = self.extension.after(current_end)
        limit = self.latest_end(start)
        if limit is not None:
            if current_end >= limit:
                return None
            new_end = min(new_end, limit)
        return new_end

    def hearing_by(self, start: date) -> date | None:
        return self.hearing_within.after(start) if self.hearing_within else None

    def next_evaluation(self, start: date, today: date) -> date | None:
        """The first evaluation date after today for an open-ended measure evaluated
        every so often."""
        if self.evaluate_every is None:
            return None
        moment, n = self.evaluate_every.after(start), 1
        while moment <= today:
            n += 1
            moment = start + relativedelta(
                **{self.evaluate_every.unit: self.evaluate_every.amount * n})
        return moment

    def remind_on(self, end: date | None) -> date | None:
        """When the worklist starts to warn that the end comes (an extension request
        must go out in time)."""
        return self.remind_before.before(end) if end else None


@dataclass(frozen=True)
class Catalogue:
    measures: tuple[Measure, ...]

    def get(self, key: str) -> Measure:
        for measure in self.measures:
            if measure.key == key:
                return measure
        raise KeyError(key)

    def choices(self) -> list[tuple[str, str]]:
        return [(m.key, m.label) for m in self.measures]


@cache
def catalogue() -> Catalogue:
    """The project's catalogue, loaded and checked once per process."""
    return load_file(FILE)


def load_file(path: Path) -> Catalogue:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise MeasureCatalogueError(path.name, [
            _("geen geldige TOML: {error}").format(error=exc)]) from exc
    return parse(data, name=path.name)


def parse(data: dict, name: str = "measures.toml") -> Catalogue:
    problems: list = []
    unknown = sorted(set(data) - {"measure", "defaults"})
    if unknown:
        problems.append(_("onbekende tabel(len): {names}.").format(names=", ".join(unknown)))
    default_remind = _period(data.get("defaults", {}).get("remind_before"),
                             "[defaults] remind_before", problems)
    if default_remind is None:
        problems.append(_("[defaults] remind_before ontbreekt."))
    records = data.get("measure")
    if not isinstance(records, list) or not records:
        problems.append(_("geen maatregelen ([[measure]])."))
        records = []
    parsed, seen = [], set()
    for number, record in enumerate(records, start=1):
        measure = _measure(record, number, default_remind, problems)
        if measure is None:
            continue
        if measure.key in seen:
            problems.append(_("maatregel '{key}' (record {n}): de sleutel komt twee keer "
                              "voor.").format(key=measure.key, n=number))
        seen.add(measure.key)
        parsed.append(measure)
    if problems:
        raise MeasureCatalogueError(name, problems)
    return Catalogue(tuple(parsed))


def _period(value, where: str, problems: list) -> Period | None:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) != 1:
        problems.append(_("{where}: geef de periode als één eenheid, bijvoorbeeld "
                          "{{ months = 6 }}.").format(where=where))
        return None
    unit, amount = next(iter(value.items()))
    if unit not in UNITS or not isinstance(amount, int) or isinstance(amount, bool) \
            or amount <= 0:
        problems.append(_("{where}: onbekende eenheid of geen positief geheel getal "
                          "({value}).").format(where=where, value=value))
        return None
    return Period(amount, unit)


def _measure(record, number: int, default_remind, problems: list) -> Measure | None:
    if not isinstance(record, dict):
        problems.append(_("record {n} is geen tabel.").format(n=number))
        return None
    key = record.get("key")
    where = _("maatregel '{key}' (record {n})").format(key=key, n=number)
    before = len(problems)
    extra = sorted(set(record) - FIELDS)
    if extra:
        problems.append(_("{where}: onbekende velden {names}.").format(
            where=where, names=", ".join(extra)))
    for text_field in ("key", "label", "decided_by", "source"):
        if not isinstance(record.get(text_field), str) or not record[text_field].strip():
            problems.append(_("{where}: {field} ontbreekt.").format(where=where,
                                                                     field=text_field))
    if record.get("law") not in LAWS:
        problems.append(_("{where}: law moet een van {laws} zijn.").format(
            where=where, laws=", ".join(LAWS)))
    for flag in ("criminal_data", "confirmed"):
        if not isinstance(record.get(flag), bool):
            problems.append(_("{where}: {field} moet true of false zijn.").format(
                where=where, field=flag))
    if record.get("law") == "strafrechtelijk" and record.get("criminal_data") is False:
        problems.append(_("{where}: een strafrechtelijke maatregel is strafrechtelijk "
                          "gegeven (criminal_data = true).").format(where=where))
    if record.get("confirmed") is False and not str(record.get("note", "")).strip():
        problems.append(_("{where}: een onbevestigde waarde heeft een toelichting (note) "
                          "nodig.").format(where=where))
    for list_field in ("requested_by", "before_end"):
        value = record.get(list_field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            problems.append(_("{where}: {field} moet een lijst met teksten zijn.").format(
                where=where, field=list_field))
    if not record.get("before_end"):
        problems.append(_("{where}: before_end noemt geen stap voor het einde.").format(
            where=where))
    periods = {name: _period(record.get(name), f"{where} {name}", problems)
               for name in PERIODS}
    open_ended = record.get("open_ended", False)
    if open_ended is not True and open_ended is not False:
        problems.append(_("{where}: open_ended moet true of false zijn.").format(where=where))
    if open_ended and periods["duration"]:
        problems.append(_("{where}: een maatregel zonder einde heeft geen duration.").format(
            where=where))
    if not open_ended and not periods["duration"]:
        problems.append(_("{where}: duration ontbreekt (of zet open_ended = true).").format(
            where=where))
    if (periods["extension_limit"] or record.get("extensions_max") is not None) \
            and not periods["extension"]:
        problems.append(_("{where}: een grens aan verlenging zonder extension.").format(
            where=where))
    extensions_max = record.get("extensions_max")
    if extensions_max is not None and (not isinstance(extensions_max, int)
                                       or isinstance(extensions_max, bool)
                                       or extensions_max < 1):
        problems.append(_("{where}: extensions_max moet een positief geheel getal zijn.")
                        .format(where=where))
    if len(problems) > before:
        return None
    return Measure(
        key=record["key"], label=record["label"], law=record["law"],
        criminal_data=record["criminal_data"], decided_by=record["decided_by"],
        requested_by=tuple(record.get("requested_by", [])),
        duration=periods["duration"], extension=periods["extension"],
        extension_limit=periods["extension_limit"], extensions_max=extensions_max,
        hearing_within=periods["hearing_within"], evaluate_every=periods["evaluate_every"],
        remind_before=periods["remind_before"] or default_remind,
        before_end=tuple(record["before_end"]), source=record["source"],
        confirmed=record["confirmed"], note=str(record.get("note", "")))
