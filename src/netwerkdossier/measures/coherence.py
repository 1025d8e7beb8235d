"""Coherence checks across the legal measures of one household (issue 14, point 4).

The rules are data (rules/measure_coherence.toml): which measures a check applies to,
what it says in Dutch, how serious it is, and its source. The checks themselves are the
few functions in CHECKS below, each written once. `conflicts()` is pure: it reads the
measures in force and who lives in the household, so it is tested without a database
per rule (fires when it should, silent when not). `for_household()` loads those facts
through the access module: a reader is only told about conflicts between measures they
may read (a criminal measure they may not see never shows up in a conflict).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules as rule_files

from .catalogue import catalogue
from .models import IN_FORCE

FILE = rule_files.RULES_DIR / "measure_coherence.toml"
SEVERITIES = ("conflict", "aandacht")
RULE_FIELDS = {"key", "check", "label", "explanation", "severity", "measures", "pairs",
               "authorities", "source", "confirmed", "note"}


class CoherenceRulesError(ValueError):
    def __init__(self, name: str, problems: list):
        self.problems = [str(p) for p in problems]
        super().__init__(f"{name}: " + " ".join(self.problems))


@dataclass(frozen=True)
class Rule:
    key: str
    check: str
    label: str
    explanation: str
    severity: str
    source: str
    confirmed: bool
    note: str = ""
    measures: tuple = ()
    pairs: tuple = ()
    authorities: tuple = ()


@dataclass(frozen=True)
class Rules:
    rules: tuple
    implied_contact_ban: frozenset
    contact_condition: str


@dataclass(frozen=True)
class Conflict:
    rule: Rule
    text: str
    measure_ids: tuple  # the measures it is about, for links
    person_ids: tuple = ()

    @property
    def is_conflict(self) -> bool:
        return self.rule.severity == "conflict"


@dataclass
class Facts:
    """What the checks read about one household on one day."""

    measures: list  # Measure objects with `condition_list` (reading.readable)
    residents: set  # ids of the people who live in the household that day
    names: dict = field(default_factory=dict)  # person id -> name
    on: date | None = None


# --- loading ------------------------------------------------------------------------

@cache
def rules() -> Rules:
    """The project's rules, loaded and checked once per process."""
    with open(FILE, "rb") as fh:
        return parse(tomllib.load(fh), FILE.name)


def parse(data: dict, name: str = "measure_coherence.toml") -> Rules:
    problems: list = []
    known = {m.key for m in catalogue().measures}
    bans = data.get("bans", {})
    implied = bans.get("implied_contact_ban", [])
    for key in implied:
        if key not in known:
            problems.append(_("[bans] implied_contact_ban: onbekende maatregel '{key}'.")
                            .format(key=key))
    contact_condition = bans.get("contact_condition", "")
    if not contact_condition:
        problems.append(_("[bans] contact_condition ontbreekt."))
    parsed, seen = [], set()
    for number, record in enumerate(data.get("rule", []), start=1):
        rule = _rule(record, number, known, problems)
        if rule is None:
            continue
        if rule.key in seen:
            problems.append(_("regel '{key}': de sleutel komt twee keer voor.").format(
                key=rule.key))
        seen.add(rule.key)
        parsed.append(rule)
    if not parsed and not problems:
        problems.append(_("geen regels ([[rule]])."))
    if problems:
        raise CoherenceRulesError(name, problems)
    return Rules(tuple(parsed), frozenset(implied), contact_condition)


def _rule(record: dict, number: int, known: set, problems: list) -> Rule | None:
    where = _("regel '{key}' (record {n})").format(key=record.get("key"), n=number)
    before = len(problems)
    extra = sorted(set(record) - RULE_FIELDS)
    if extra:
        problems.append(_("{where}: onbekende velden {names}.").format(
            where=where, names=", ".join(extra)))
    for text in ("key", "label", "explanation", "source"):
        if not str(record.get(text, "")).strip():
            problems.append(_("{where}: {field} ontbreekt.").format(where=where, field=text))
    check = record.get("check")
    if check not in CHECKS:
        problems.append(_("{where}: onbekende controle '{check}'; kies uit {checks}.").format(
            where=where, check=check, checks=", ".join(sorted(CHECKS))))
    elif CHECKS[check].needs and not record.get(CHECKS[check].needs):
        problems.append(_("{where}: de controle {check} heeft {field} nodig.").format(
            where=where, check=check, field=CHECKS[check].needs))
    if record.get("severity") not in SEVERITIES:
        problems.append(_("{where}: severity moet een van {values} zijn.").format(
            where=where, values=", ".join(SEVERITIES)))
    if not isinstance(record.get("confirmed"), bool):
        problems.append(_("{where}: confirmed moet true of false zijn.").format(where=where))
    elif not record["confirmed"] and not str(record.get("note", "")).strip():
        problems.append(_("{where}: een onbevestigde regel heeft een toelichting (note) "
                          "nodig.").format(where=where))
    pairs = record.get("pairs", [])
    if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        problems.append(_("{where}: pairs is een lijst van paren.").format(where=where))
        pairs = []
    for key in [*record.get("measures", []), *(k for p in pairs for k in p)]:
        if key not in known:
            problems.append(_("{where}: onbekende maatregel '{key}'.").format(
                where=where, key=key))
    if len(problems) > before:
        return None
    return Rule(key=record["key"], check=check, label=record["label"],
                explanation=record["explanation"], severity=record["severity"],
                source=record["source"], confirmed=record["confirmed"],
                note=record.get("note", ""), measures=tuple(record.get("measures", ())),
                pairs=tuple(tuple(p) for p in pairs),
                authorities=tuple(record.get("authorities", ())))


# --- the checks -----------------------------------------------------------------------

def in_force_on(measure, on: date) -> bool:
    """As models.in_force(), for a measure already loaded."""
    return (measure.status in IN_FORCE and measure.starts_on is not None
            and measure.starts_on <= on and (measure.ends_on is None or measure.ends_on >= on))


def _label(measure) -> str:
    return catalogue().get(measure.measure_key).label


def _authority(measure) -> str:
    return measure.authority_name or measure.authority_kind


def _explain(rule: Rule, **values) -> str:
    return rule.explanation.format(**values)


def contact_bans(facts: Facts, config: Rules, explicit_only=False):
    """(barred person id, other person id, ban measure): whom each measure in force bars
    its person from contacting. Explicit: a "contactverbod" condition naming a person of
    the household. Implied: a temporary restraining order bars contact with everyone
    who lives in the household."""
    for measure in facts.measures:
        for condition in measure.condition_list:
            if condition.kind == "contactverbod" and condition.named_person_id:
                yield measure.person_id, condition.named_person_id, measure
        if not explicit_only and measure.measure_key in config.implied_contact_ban:
            for resident in facts.residents - {measure.person_id}:
                yield measure.person_id, resident, measure


def _contact_ban_vs_contact(rule, facts, config):
    contacts = [(m, c.named_person_id) for m in facts.measures
                if m.measure_key in rule.measures for c in m.condition_list
                if c.kind == config.contact_condition and c.named_person_id]
    for barred, other, ban in contact_bans(facts, config):
        for contact, party in contacts:
            if {barred, other} == {contact.person_id, party}:
                yield Conflict(rule, _explain(
                    rule, barred=facts.names.get(barred, "?"), other=facts.names.get(other, "?"),
                    ban=_label(ban), contact=_label(contact)),
                    (ban.pk, contact.pk), (barred, other))


def _contact_ban_vs_shared_address(rule, facts, config):
    for barred, other, ban in contact_bans(facts, config, explicit_only=True):
        if barred in facts.residents and other in facts.residents:
            yield Conflict(rule, _explain(rule, barred=facts.names.get(barred, "?"),
                                          other=facts.names.get(other, "?"), ban=_label(ban)),
                           (ban.pk,), (barred, other))


def _house_ban_vs_living_in(rule, facts, config):
    for measure in facts.measures:
        if measure.measure_key in rule.measures and measure.person_id in facts.residents:
            yield Conflict(rule, _explain(rule, barred=facts.names.get(measure.person_id, "?"),
                                          ban=_label(measure)),
                           (measure.pk,), (measure.person_id,))


def _placement_vs_living_in(rule, facts, config):
    for measure in facts.measures:
        if measure.measure_key in rule.measures and measure.person_id in facts.residents:
            yield Conflict(rule, _explain(rule, person=facts.names.get(measure.person_id, "?"),
                                          measure=_label(measure)),
                           (measure.pk,), (measure.person_id,))


def _excluding_measures(rule, facts, config):
    for first_key, second_key in rule.pairs:
        for first in facts.measures:
            for second in facts.measures:
                if (first.measure_key, second.measure_key) == (first_key, second_key) \
                        and first.person_id == second.person_id:
                    yield Conflict(rule, _explain(
                        rule, person=facts.names.get(first.person_id, "?"),
                        first=_label(first), second=_label(second),
                        first_authority=_authority(first),
                        second_authority=_authority(second)),
                        (first.pk, second.pk), (first.person_id,))


def _same_measure_twice(rule, facts, config):
    measures = sorted(facts.measures, key=lambda m: (m.starts_on, str(m.pk)))
    for i, first in enumerate(measures):
        for second in measures[i + 1:]:
            if first.measure_key == second.measure_key and first.person_id == second.person_id:
                yield Conflict(rule, _explain(
                    rule, person=facts.names.get(first.person_id, "?"), measure=_label(first),
                    first_authority=_authority(first), second_authority=_authority(second)),
                    (first.pk, second.pk), (first.person_id,))


def _several_courts(rule, facts, config):
    # Courts by name: a kinderrechter and a rechtbank without a name may be one court.
    courts: dict = {}
    for measure in facts.measures:
        if measure.authority_kind in rule.authorities and measure.authority_name.strip():
            courts.setdefault(measure.authority_name.strip(), []).append(measure)
    if len(courts) > 1:
        yield Conflict(rule, _explain(rule, count=len(courts),
                                      authorities=", ".join(sorted(courts))),
                       tuple(m.pk for found in courts.values() for m in found))


@dataclass(frozen=True)
class Check:
    run: object
    needs: str = ""  # the rule field this check cannot do without


CHECKS = {
    "contact_ban_vs_contact": Check(_contact_ban_vs_contact, "measures"),
    "contact_ban_vs_shared_address": Check(_contact_ban_vs_shared_address),
    "house_ban_vs_living_in": Check(_house_ban_vs_living_in, "measures"),
    "placement_vs_living_in": Check(_placement_vs_living_in, "measures"),
    "excluding_measures": Check(_excluding_measures, "pairs"),
    "same_measure_twice": Check(_same_measure_twice),
    "several_courts": Check(_several_courts, "authorities"),
}


def conflicts(facts: Facts, config: Rules | None = None) -> list[Conflict]:
    """Every rule's findings for these facts: conflicts first, then points of attention.
    Only measures in force on `facts.on` count."""
    config = config or rules()
    on = facts.on or timezone.localdate()
    in_force = Facts([m for m in facts.measures if in_force_on(m, on)], facts.residents,
                     facts.names, on)
    found = {}  # an explicit ban and an implied one can say the same thing once
    for rule in config.rules:
        for conflict in CHECKS[rule.check].run(rule, in_force, config):
            found.setdefault((rule.key, frozenset(conflict.measure_ids),
                              frozenset(conflict.person_ids)), conflict)
    return sorted(found.values(), key=lambda c: (not c.is_conflict, c.rule.key, c.text))


# --- loading the facts through the access module ---------------------------------------

def for_household(ctx, household, measures=None, on: date | None = None) -> list[Conflict]:
    """The conflicts between the measures of `household` that ctx may read, and its
    registration (who lives there). `measures`: reading.readable() when the page has
    loaded them already (their conditions were read through the access module too). The
    caller logs what it shows."""
    from netwerkdossier.access.rules_common import active_on
    from netwerkdossier.households.models import HouseholdMember

    from .reading import readable

    on = on or timezone.localdate()
    if measures is None:
        measures = readable(ctx, household, status__in=IN_FORCE)
    measures = [m for m in measures if in_force_on(m, on)]
    if not measures:
        return []
    members = HouseholdMember.objects.filter(active_on(), household_id=household.pk) \
        .select_related("person")
    residents = {m.person_id for m in members if m.lives_in}
    names = {m.person_id: m.person.full_name for m in members}
    for measure in measures:  # someone no longer in the household keeps their name
        names.setdefault(measure.person_id, measure.person.full_name)
        for condition in measure.condition_list:
            if condition.named_person is not None:
                names.setdefault(condition.named_person_id, condition.named_person.full_name)
    return conflicts(Facts(measures, residents, names, on))


def for_households(ctx, household_ids, on: date | None = None, measures=None) -> dict:
    """household id -> conflicts, for the worklist: the in-force measures ctx may read in
    these households (`measures`: deadlines.in_force() of the same households when the
    page has loaded them, else one query) and their conditions in one more (the
    several-households form of the access module), the registration of only the
    households that have measures in a third. The measures in a conflict shown are
    logged, one record per person."""
    from netwerkdossier.access.api import READ, record, together, visible_in_households
    from netwerkdossier.access.rules_common import active_on
    from netwerkdossier.households.models import HouseholdMember

    from .deadlines import in_force
    from .models import MeasureCondition

    on = on or timezone.localdate()
    households = set(household_ids)
    if not households:
        return {}
    if measures is None:
        measures = in_force(ctx, households)
    measures = [m for m in measures if m.household_id in households and in_force_on(m, on)]
    if not measures:
        return {}
    conditions: dict = {}
    for c in visible_in_households(ctx, READ, {m.household_id for m in measures},
                                   MeasureCondition.objects.filter(
                                       measure_id__in=[m.pk for m in measures])
                                   ).select_related("named_person"):
        conditions.setdefault(c.measure_id, []).append(c)
    by_household: dict = {}
    for m in measures:
        m.condition_list = conditions.get(m.pk, [])
        by_household.setdefault(m.household_id, []).append(m)
    members: dict = {}
    for member in HouseholdMember.objects.filter(active_on(), household_id__in=by_household) \
            .select_related("person"):
        members.setdefault(member.household_id, []).append(member)
    found, shown = {}, {}
    for household_id, listed in by_household.items():
        rows = members.get(household_id, [])
        names = {r.person_id: r.person.full_name for r in rows}
        for m in listed:
            names.setdefault(m.person_id, m.person.full_name)
            for c in m.condition_list:
                if c.named_person is not None:
                    names.setdefault(c.named_person_id, c.named_person.full_name)
        result = conflicts(Facts(listed, {r.person_id for r in rows if r.lives_in}, names, on))
        if result:
            found[household_id] = result
            for conflict in result:
                for m in listed:
                    if m.pk in conflict.measure_ids:
                        shown.setdefault(m.person_id, {})[m.pk] = m
    with together(ctx):
        for per_person in shown.values():
            record(ctx, "worklist.measure_conflicts", list(per_person.values()))
    return found
