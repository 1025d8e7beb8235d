"""The pilots' questionnaire (rules/pilot_questionnaire.toml): its questions, loaded and
checked once; an answer read from a form; the answers of the pilot regions compared
across years and regions.

A mistake in the file fails at load with every problem listed in Dutch (the reader may
be the programme team that maintains the questions), never while a region answers.
Answers are numbers or a choice's key: yes/no as 1/0, counts, percentages, a scale of
1-5; no free text (nothing about a family can be typed into them)."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from netwerkdossier import rules as rule_files

from . import principles
from .chart import bars
from .dashboard import dutch_number

FILE = rule_files.RULES_DIR / "pilot_questionnaire.toml"
YES_NO, COUNT, PERCENT, SCALE, CHOICE = "ja_nee", "aantal", "percentage", "schaal", "keuze"
TYPES = (YES_NO, COUNT, PERCENT, SCALE, CHOICE)
NUMERIC = (COUNT, PERCENT, SCALE)
FIELDS = {"key", "principle", "text", "type", "max", "scale", "options", "source",
          "synthetic"}
NOT_ANSWERED = "–"


class QuestionnaireError(ValueError):
    """A questionnaire that cannot be used; `problems` lists every reason (Dutch)."""

    def __init__(self, problems: list):
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Question:
    key: str
    principle: str
    text: str
    type: str
    source: str
    synthetic: bool
    max: int | None = None
    scale: tuple = ()
    options: tuple = ()  # ((key, label), ...)

    @property
    def labels(self) -> dict:
        if self.type == YES_NO:
            return {"1": _("ja"), "0": _("nee")}
        return dict(self.options)

    def read(self, raw: str) -> tuple[int | None, str]:
        """(number, choice) from a form's text; ("", "") is no answer; ValueError with a
        Dutch message when it is not an answer to this question."""
        raw = (raw or "").strip()
        if not raw:
            return None, ""
        if self.type == CHOICE:
            if raw not in self.labels:
                raise ValueError(_("Kies een van de antwoorden."))
            return None, raw
        if self.type == YES_NO:
            if raw not in ("0", "1"):
                raise ValueError(_("Kies ja of nee."))
            return int(raw), ""
        if not raw.isdigit():
            raise ValueError(_("Vul een geheel getal in, zonder punt of komma."))
        number = int(raw)
        top = {PERCENT: 100, SCALE: 5}.get(self.type, self.max)
        bottom = 1 if self.type == SCALE else 0
        if number < bottom or (top is not None and number > top):
            raise ValueError(_("Vul een getal van %(low)s tot en met %(high)s in.") % {
                "low": bottom, "high": top if top is not None else "…"})
        return number, ""

    def show(self, number, choice) -> str:
        if number is None and not choice:
            return NOT_ANSWERED
        if self.type == CHOICE:
            return str(self.labels.get(choice, choice))
        if self.type == YES_NO:
            return str(self.labels[str(number)])
        if self.type == PERCENT:
            return f"{number}%"
        return str(number)

    @property
    def chartable(self) -> bool:
        return self.type in NUMERIC


def _question(record: dict, index: int, seen: set) -> tuple[Question | None, list]:
    where = _("Vraag %(n)s (%(key)s)") % {"n": index, "key": record.get("key", "?")}
    problems = []
    unknown = set(record) - FIELDS
    if unknown:
        problems.append(_("%(where)s: onbekend veld %(fields)s.") % {
            "where": where, "fields": ", ".join(sorted(unknown))})
    for name in ("key", "text", "source"):
        if not isinstance(record.get(name), str) or not record[name].strip():
            problems.append(_("%(where)s: \"%(field)s\" ontbreekt.") % {
                "where": where, "field": name})
    if record.get("key") in seen:
        problems.append(_("%(where)s: de sleutel komt twee keer voor.") % {"where": where})
    if record.get("principle") not in principles.KEYS:
        problems.append(_("%(where)s: het principe moet een van %(keys)s zijn.") % {
            "where": where, "keys": ", ".join(principles.KEYS)})
    kind = record.get("type")
    if kind not in TYPES:
        problems.append(_("%(where)s: het type moet een van %(types)s zijn.") % {
            "where": where, "types": ", ".join(TYPES)})
    if not isinstance(record.get("synthetic"), bool):
        problems.append(_("%(where)s: \"synthetic\" moet true of false zijn.") % {
            "where": where})
    options = record.get("options", [])
    if kind == CHOICE:
        if not isinstance(options, list) or len(options) < 2 or not all(
                isinstance(o, dict) and set(o) == {"key", "label"} for o in options):
            problems.append(_("%(where)s: een keuzevraag heeft minstens twee opties, elk met "
                              "key en label.") % {"where": where})
            options = []
    elif "options" in record:
        problems.append(_("%(where)s: alleen een keuzevraag heeft opties.") % {"where": where})
    scale = record.get("scale", [])
    if kind == SCALE and (not isinstance(scale, list) or len(scale) != 2):
        problems.append(_("%(where)s: een schaalvraag noemt wat 1 en 5 betekenen.") % {
            "where": where})
    top = record.get("max")
    if top is not None and (kind != COUNT or not isinstance(top, int) or top < 1):
        problems.append(_("%(where)s: \"max\" is een geheel getal, alleen bij een aantal.") % {
            "where": where})
    if problems:
        return None, problems
    return Question(key=record["key"], principle=record["principle"], text=record["text"],
                    type=kind, source=record["source"], synthetic=record["synthetic"],
                    max=top, scale=tuple(scale),
                    options=tuple((o["key"], o["label"]) for o in options)), []


def parse(text: str) -> tuple[Question, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError([_("De vragenlijst is geen geldig TOML: %(error)s") % {
            "error": exc}]) from exc
    records = data.get("question")
    if not isinstance(records, list) or not records:
        raise QuestionnaireError([_("De vragenlijst heeft geen vragen ([[question]]).")])
    found, problems, seen = [], [], set()
    for index, record in enumerate(records, start=1):
        question, wrong = _question(record, index, seen)
        seen.add(record.get("key"))
        problems += wrong
        if question:
            found.append(question)
    if problems:
        raise QuestionnaireError(problems)
    return tuple(found)


@cache
def questions() -> tuple[Question, ...]:
    return parse(Path(FILE).read_text(encoding="utf-8"))


def by_key() -> dict:
    return {q.key: q for q in questions()}


def by_principle() -> list[tuple[str, list[Question]]]:
    return [(p, [q for q in questions() if q.principle == p]) for p in principles.KEYS]


# -- comparison --------------------------------------------------------------------

def answers_for(regions, years) -> dict:
    """(region id, year, question) -> (number, choice)"""
    from .models import QuestionnaireAnswer

    return {(a.region_id, a.year, a.question): (a.number, a.choice)
            for a in QuestionnaireAnswer.objects.filter(
                region__in=[r.pk for r in regions], year__in=list(years))}


def summary(question: Question, values: list) -> str:
    """What the answered regions say together in one year: the mean of a number, how
    many said yes, how many chose each option."""
    given = [(n, c) for n, c in values if n is not None or c]
    if not given:
        return NOT_ANSWERED
    if question.type in NUMERIC:
        mean = sum(n for n, _c in given) / len(given)
        text = dutch_number(mean, 1)
        return f"{text}%" if question.type == PERCENT else text
    if question.type == YES_NO:
        return _("%(yes)s van %(n)s ja") % {"yes": sum(n for n, _c in given), "n": len(given)}
    counts = [(label, sum(1 for _n, c in given if c == key))
              for key, label in question.options]
    return ", ".join(f"{label}: {count}" for label, count in counts if count)


def change(question: Question, cells: list) -> str:
    """The change of a number from the first to the last year answered of those shown."""
    numbers = [n for n, _c in cells if n is not None]
    if question.type not in NUMERIC or len(numbers) < 2:
        return ""
    delta = numbers[-1] - numbers[0]
    unit = " procentpunt" if question.type == PERCENT else ""
    return (f"+{delta}" if delta > 0 else str(delta)) + unit


def compare(regions, years) -> list[dict]:
    """Per principle, per question: a row per region with its answer per year and the
    change, a row with the pilot regions together, and a chart of the last year."""
    years = sorted(years)
    found = answers_for(regions, years)
    sections = []
    for principle, asked in by_principle():
        tables = []
        for question in asked:
            rows = []
            for region in regions:
                cells = [found.get((region.pk, y, question.key), (None, "")) for y in years]
                rows.append({"name": region.name,
                             "cells": [question.show(*c) for c in cells],
                             "change": change(question, cells)})
            together = [summary(question, [found.get((r.pk, y, question.key), (None, ""))
                                           for r in regions]) for y in years]
            chart = None
            if question.chartable and years and regions:
                last = [found.get((r.pk, years[-1], question.key), (None, "")) for r in regions]
                chart = bars([{"label": r.name[:18], "value": None if n is None else float(n),
                               "text": question.show(n, c)}
                              for r, (n, c) in zip(regions, last, strict=True)],
                             100 if question.type == PERCENT else (
                                 5 if question.type == SCALE else None))
            tables.append({"question": question, "rows": rows, "together": together,
                           "chart": chart})
        sections.append({"key": principle, "title": principles.title(principle),
                         "tables": tables})
    return sections
