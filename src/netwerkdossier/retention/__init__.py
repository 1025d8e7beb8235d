"""Retention (bewaartermijnen): the rules as data and the date from which something may be
destroyed. No destruction happens here; a destruction process builds on these answers.

- rules.py: loads and checks rules/retention.toml once;
- facts.py: the facts a computation needs, and the clock starts and conditions;
- dates.py: whole years from a date (29 February);
- periods.py: destroy_from(), the pure computation;
- outcome.py: its answer, with the rules applied and a Dutch explanation.
"""

from .facts import Facts
from .outcome import RetentionOutcome, Status
from .periods import destroy_from
from .rules import RetentionRulesError, Rule, ruleset

__all__ = ["Facts", "RetentionOutcome", "RetentionRulesError", "Rule", "Status",
           "destroy_from", "ruleset"]
