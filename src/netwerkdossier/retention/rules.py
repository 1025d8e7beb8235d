"""Loads rules/retention.toml once and checks it, so a typo fails at load and never at a
destruction.

Checked against the real organisation kinds (Organisation.Kind) and the information
kinds of the catalogue (access/catalogue.py): an unknown kind, clock start or condition,
a missing source, a period given twice or not at all, an unconfirmed value without a
note, and an organisation kind without any rule. RetentionRulesError lists every
problem, each naming its record (in Dutch, like the instrument loader: the reader may
be the lawyer or privacy officer who reviews the file). There is no default period.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules as rule_files

from .facts import CLOCKS, CONDITIONS

FILE = rule_files.RULES_DIR / "retention.toml"
BOUNDS = ("minimum", "maximum")
FIELDS = {"key", "label", "org_kinds", "info_kinds", "when", "clock", "years", "permanent",
          "own_law", "bound", "source", "confirmed", "note"}


class RetentionRulesError(ValueError):
    """A rules file that cannot be used; `problems` lists every reason (Dutch)."""

    def __init__(self, name: str, problems: list):
        self.name = name
        self.problems = [str(p) for p in problems]
        super().__init__(f"{name}: " + "; ".join(self.problems))


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    org_kinds: frozenset[str]
    info_kinds: frozenset[str] | None  # None: every information kind of the file
    when: str | None
    clock: str | None
    years: int | None
    permanent: bool
    own_law: bool
    bound: str | None  # "minimum" or "maximum" with clock + years
    source: str
    confirmed: bool
    note: str

    def covers(self, info_kind: str) -> bool:
        return self.info_kinds is None or info_kind in self.info_kinds


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    outside: dict  # information kind -> why these rules do not govern it
    org_kinds: frozenset[str]
    info_kinds: frozenset[str]

    def rule(self, key: str) -> Rule:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise KeyError(key)

    def for_kinds(self, org_kind: str, info_kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if org_kind in r.org_kinds and r.covers(info_kind))


def known_org_kinds() -> frozenset[str]:
    from netwerkdossier.organisations.models import Organisation

    return frozenset(Organisation.Kind.values)


def known_info_kinds() -> frozenset[str]:
    from netwerkdossier.access.catalogue import ANALYSIS_SPECIAL_POINTS, KINDS

    return frozenset(k.key for k in KINDS) | {ANALYSIS_SPECIAL_POINTS.key}


@cache
def ruleset() -> RuleSet:
    """The project's rules, loaded and checked once per process."""
    return load_file(FILE)


def load_file(path: Path) -> RuleSet:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RetentionRulesError(path.name, [
            _("geen geldige TOML: {error}").format(error=exc)]) from exc
    return parse(data, org_kinds=known_org_kinds(), info_kinds=known_info_kinds(),
                 name=path.name)


def parse(data: dict, *, org_kinds: frozenset[str], info_kinds: frozenset[str],
          name: str = "retention.toml") -> RuleSet:
    problems: list = []
    unknown_tables = sorted(set(data) - {"rule", "outside"})
    if unknown_tables:
        problems.append(_("onbekende tabel(len): {names}.").format(
            names=", ".join(unknown_tables)))
    records = data.get("rule")
    if not isinstance(records, list) or not records:
        problems.append(_("geen regels ([[rule]])."))
        records = []
    parsed, seen = [], set()
    for number, record in enumerate(records, start=1):
        rule = _rule(record, number, org_kinds, info_kinds, problems)
        if rule is None:
            continue
        if rule.key in seen:
            problems.append(_("regel '{key}' (record {n}): de sleutel komt twee keer voor.")
                            .format(key=rule.key, n=number))
        seen.add(rule.key)
        parsed.append(rule)
    outside = _outside(data.get("outside", {}), info_kinds, problems)
    for rule in parsed:
        both = sorted((rule.info_kinds or set()) & set(outside))
        if both:
            problems.append(_("regel '{key}': soort(en) informatie {kinds} staan ook onder "
                              "[outside].").format(key=rule.key, kinds=", ".join(both)))
    covered = {kind for record in records if isinstance(record, dict)
               and isinstance(record.get("org_kinds"), list) for kind in record["org_kinds"]}
    uncovered = sorted(org_kinds - covered)
    if uncovered:
        problems.append(_("soort(en) organisatie zonder bewaarregel: {kinds}. Voeg een regel "
                          "toe (own_law = true als hun eigen wet geldt); er is geen "
                          "standaardtermijn.").format(kinds=", ".join(uncovered)))
    if problems:
        raise RetentionRulesError(name, problems)
    return RuleSet(rules=tuple(parsed), outside=outside, org_kinds=frozenset(org_kinds),
                   info_kinds=frozenset(info_kinds))


def _outside(table, info_kinds: frozenset[str], problems: list) -> dict:
    if not isinstance(table, dict):
        problems.append(_("[outside] moet een tabel zijn."))
        return {}
    for kind, reason in table.items():
        if kind not in info_kinds:
            problems.append(_("[outside]: onbekende soort informatie '{kind}'.")
                            .format(kind=kind))
        if not isinstance(reason, str) or not reason.strip():
            problems.append(_("[outside]: '{kind}' heeft geen reden.").format(kind=kind))
    return dict(table)


def _text(record: dict, field: str) -> bool:
    return isinstance(record.get(field), str) and bool(record[field].strip())


def _rule(record, number: int, org_kinds, info_kinds, problems: list) -> Rule | None:
    if not isinstance(record, dict):
        problems.append(_("record {n} is geen tabel.").format(n=number))
        return None
    where = _("regel '{key}' (record {n})").format(key=record.get("key", "?"), n=number)
    found = len(problems)

    def problem(text, **values):
        problems.append(_("{where}: ").format(where=where) + text.format(**values))

    extra = sorted(set(record) - FIELDS)
    if extra:
        problem(_("onbekende velden: {names}."), names=", ".join(extra))
    for field, label in (("key", _("sleutel")), ("label", _("naam")), ("source", _("bron"))):
        if not _text(record, field):
            problem(_("{label} ({field}) ontbreekt."), label=label, field=field)

    kinds = record.get("org_kinds")
    if not isinstance(kinds, list) or not kinds:
        problem(_("noemt geen soort organisatie (org_kinds)."))
        kinds = []
    for kind in kinds:
        if kind not in org_kinds:
            problem(_("onbekende soort organisatie '{kind}' (bekend: {known})."),
                    kind=kind, known=", ".join(sorted(org_kinds)))
    info = record.get("info_kinds")
    if info is not None and (not isinstance(info, list) or not info):
        problem(_("info_kinds is een niet-lege lijst als het er staat."))
        info = None
    for kind in info or []:
        if kind not in info_kinds:
            problem(_("onbekende soort informatie '{kind}'."), kind=kind)
    when = record.get("when")
    if when is not None and when not in CONDITIONS:
        problem(_("onbekende voorwaarde '{when}' (bekend: {known})."),
                when=when, known=", ".join(sorted(CONDITIONS)))

    _check_period(record, problem)

    confirmed = record.get("confirmed")
    if confirmed is not True and confirmed is not False:
        problem(_("confirmed moet true of false zijn."))
    note = record.get("note", "")
    if not isinstance(note, str):
        problem(_("note moet tekst zijn."))
        note = ""
    if confirmed is False and not note.strip():
        problem(_("confirmed = false vraagt een toelichting (note) waarom."))
    if len(problems) > found:
        return None
    info_set = frozenset(info) if info is not None else None
    return Rule(key=record["key"], label=record["label"], org_kinds=frozenset(kinds),
                info_kinds=info_set, when=when, clock=record.get("clock"),
                years=record.get("years"), permanent=record.get("permanent", False),
                own_law=record.get("own_law", False), bound=record.get("bound"),
                source=record["source"], confirmed=confirmed, note=note)


def _check_period(record: dict, problem) -> None:
    clock, years = record.get("clock"), record.get("years")
    permanent, own_law = record.get("permanent", False), record.get("own_law", False)
    for field, value in (("permanent", permanent), ("own_law", own_law)):
        if value is not True and value is not False:
            problem(_("{field} moet true of false zijn."), field=field)
            return
    if clock is not None and clock not in CLOCKS:
        problem(_("onbekend beginmoment '{clock}' (bekend: {known})."),
                clock=clock, known=", ".join(sorted(CLOCKS)))
    timed = clock is not None or years is not None
    if timed + permanent + own_law != 1:
        problem(_("geef precies één termijn: clock + years, permanent = true of "
                  "own_law = true."))
        return
    bound = record.get("bound")
    if not timed:
        if bound is not None:
            problem(_("bound hoort alleen bij clock + years."))
        return
    if clock is None:
        problem(_("years zonder beginmoment (clock)."))
    if type(years) is not int or years < 0:
        problem(_("years moet een geheel getal van 0 of meer zijn."))
    if bound not in BOUNDS:
        problem(_("bound moet minimum of maximum zijn."))
