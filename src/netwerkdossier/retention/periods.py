"""When may something be destroyed? A pure computation over the rules and the facts.

destroy_from(org_kind or rule, info_kind, facts) applies every rule for the organisation
kind that recorded the data (its owner) and the information kind:

- a permanent rule that holds decides: keep;
- an own-law rule decides: the organisation's own law, no date computed;
- a fact a rule needs that is unknown (help not ended, no birth date): not yet known,
  naming each missing fact;
- otherwise the latest "minimum" date decides (the strictest "keep at least"), and the
  earliest "maximum" date is the day by which it must be gone; a maximum before the
  minimum is a conflict for a lawyer, never resolved silently;
- no minimum at all: no rule, do not destroy.
Conditions (`when`) that do not hold leave their rule out; so does the youngest-child
clock for a household without children.
"""

from .dates import add_years
from .facts import CONDITIONS, NOT_APPLICABLE, Facts, clock_fact, clock_start, condition_holds
from .outcome import AppliedRule, RetentionOutcome, Status
from .rules import Rule, RuleSet, ruleset


def destroy_from(rule_or_org_kind: Rule | str, info_kind: str, facts: Facts, *,
                 rules: RuleSet | None = None) -> RetentionOutcome:
    """The outcome for data of `info_kind` recorded by an organisation of this kind (or
    under this one rule)."""
    rules = rules or ruleset()
    if info_kind not in rules.info_kinds:
        raise ValueError(f"unknown information kind {info_kind!r}")
    if info_kind in rules.outside:
        return RetentionOutcome(Status.OUTSIDE, reason=rules.outside[info_kind])
    if isinstance(rule_or_org_kind, Rule):
        candidates = (rule_or_org_kind,) if rule_or_org_kind.covers(info_kind) else ()
    elif rule_or_org_kind in rules.org_kinds:
        candidates = rules.for_kinds(rule_or_org_kind, info_kind)
    else:
        raise ValueError(f"unknown organisation kind {rule_or_org_kind!r}")
    return _combine([e for e in (_evaluate(r, facts) for r in candidates) if e is not None])


class _Evaluated:
    __slots__ = ("rule", "day", "missing")

    def __init__(self, rule: Rule, day, missing: tuple[str, ...]):
        self.rule, self.day, self.missing = rule, day, missing


def _evaluate(rule: Rule, facts: Facts) -> _Evaluated | None:
    """The rule's date for these facts; None when the rule does not apply to them."""
    missing = []
    if rule.when is not None:
        holds = condition_holds(rule.when, facts)
        if holds is False:
            return None
        if holds is None:
            missing.append(CONDITIONS[rule.when][0])
    day = None
    if rule.clock is not None:
        start = clock_start(rule.clock, facts)
        if start is NOT_APPLICABLE:
            return None
        if start is None:
            missing.append(clock_fact(rule.clock))
        else:
            day = add_years(start, rule.years)
    return _Evaluated(rule, day, tuple(missing))


def _combine(evaluated: list[_Evaluated]) -> RetentionOutcome:
    applied = tuple(AppliedRule(e.rule, e.day) for e in evaluated)
    permanent = next((e.rule for e in evaluated if e.rule.permanent and not e.missing), None)
    if permanent is not None:
        return RetentionOutcome(Status.PERMANENT, decided_by=permanent, applied=applied)
    own_law = next((e.rule for e in evaluated if e.rule.own_law and not e.missing), None)
    if own_law is not None:
        return RetentionOutcome(Status.OWN_LAW, decided_by=own_law, applied=applied)
    missing = tuple(dict.fromkeys(name for e in evaluated for name in e.missing))
    if missing:
        return RetentionOutcome(Status.NOT_YET_KNOWN, applied=applied, missing=missing)

    minimums = [e for e in evaluated if e.rule.bound == "minimum"]
    maximums = [e for e in evaluated if e.rule.bound == "maximum"]
    # max()/min() keep the first of equal dates: the rule listed first in the file.
    limit = min(maximums, key=lambda e: e.day) if maximums else None
    destroy_by = limit.day if limit else None
    limited_by = limit.rule if limit else None
    if not minimums:
        return RetentionOutcome(Status.NO_RULE, destroy_by=destroy_by, limited_by=limited_by,
                                applied=applied)
    decider = max(minimums, key=lambda e: e.day)
    status = Status.CONFLICT if destroy_by is not None and destroy_by < decider.day \
        else Status.KNOWN
    return RetentionOutcome(status, destroy_from=decider.day, destroy_by=destroy_by,
                            decided_by=decider.rule, limited_by=limited_by, applied=applied)
