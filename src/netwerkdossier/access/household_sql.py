"""The entry gates of entry_rules.py as one raw SQL condition for one decided household.

Why: the household page filters its timeline twice per request (readable entries and
placeholders). Building that filter as a Django Q tree and compiling it cost about
3 ms per use, and the OR-heavy tree with joins cost PostgreSQL more planning than
executing (docs/benchmarks.md). So the facts that do not vary per row are evaluated in
Python first (partial evaluation): the relations with the household (which gates
apply, policy.visible_in_household), organisation kinds (as organisation ids, so no
join), the phases of the household's cases (as case ids, `related`), which members
have effective consent (id lists), a seat's running case-table items (as root ids) and
the children a parent speaks for. What is left is a short condition on columns of
dossier_entry, which the gates' own condition trees write (conditions.Cond.sql): no
rule is written here. The result must equal visible() on the same entries;
tests/access/test_property.py checks that for generated households.

The condition names the table "dossier_entry" directly, so it may only filter a
top-level Entry queryset (not one used as a subquery, where Django renames tables).
So only the hot combination takes this form: reads and placeholders for team-type
relations (team, registrar, manager) and emergency access. Case-table seats and family
members get the Q form of the same trees (minimal_picture.py uses a seat's list as a
subquery).
"""

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .conditions import Cond
from .entry_rules import entry_kind
from .relations import FULL

RAW_RELATIONS = frozenset((*FULL, "break_glass"))


def supports(action: str, known, read_actions) -> bool:
    """Reads (and existence) for team-type relations and emergency access only."""
    return action in read_actions and bool(known) and set(known) <= RAW_RELATIONS


def condition(gates: Cond, related) -> RawSQL | Q | None:
    """`gates` (bound to the entry kind) as a filter on dossier_entry: None when no
    entry passes, an empty Q when every entry does."""
    kind = entry_kind()
    compiled = gates.sql(kind, kind.model._meta.db_table, related)
    if compiled is False:
        return None
    if compiled is True:
        return Q()
    # Only column and table names from the models' metadata are written into the text;
    # every value is a parameter. "IS TRUE" keeps the meaning in a WHERE clause (NULL is
    # not true either way) but stops PostgreSQL from trying each OR branch against each
    # index of dossier_entry: planning took twice as long as executing (docs/benchmarks.md).
    return RawSQL(f"({compiled.text}) IS TRUE", compiled.params, BooleanField())  # noqa: S611
