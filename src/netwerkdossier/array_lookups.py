"""`field__in=[...]` as `field = ANY(%s)` with one array parameter on PostgreSQL.

Django writes `IN (%s, %s, ...)`, one placeholder per value, so a statement's text
changes with the length of every list in it. The access module filters by lists of ids
(the page's households, consenting members, candidate entries: about 1,100 values on
the worklist), so no two requests sent the same text: psycopg split each long statement
anew, bound every value on its own, and PostgreSQL parsed and planned every statement
again. With one array per list the text depends only on the query's shape, so psycopg
keeps it converted and prepares it after a few executions (decision 0054).

Same rows as `IN`: None is left out of the list as Django does (NULL never matches),
an empty list still matches nothing (EmptyResultSet), and a subquery, an expression
in the list or a multi-column relation keeps Django's own SQL. SQLite is unchanged.
"""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Field, ForeignObject
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

# Values psycopg sends as an array of one PostgreSQL type that compares with the column
# (date covers datetime).
_SCALARS = (str, int, UUID, date, Decimal)


class _ArrayIn:
    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value() or isinstance(self.lhs, (ColPairs, tuple)):
            return self.as_sql(compiler, connection)
        values = [v for v in self.rhs if v is not None]
        if not values:
            raise EmptyResultSet
        placeholders, params = self.batch_process_rhs(compiler, connection, values)
        if any(p != "%s" for p in placeholders) or not all(
                isinstance(p, _SCALARS) for p in params):  # expressions, JSON values
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # dict.fromkeys: the same values once, in order (Django's OrderedSet does so too)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(dict.fromkeys(params))]


class ArrayIn(_ArrayIn, In):
    pass


class ArrayRelatedIn(_ArrayIn, RelatedIn):
    pass


def register() -> None:
    """Replace the `in` lookup of every field and relation (AccountsConfig.ready)."""
    Field.register_lookup(ArrayIn)
    ForeignObject.register_lookup(ArrayRelatedIn)


def in_sql(column: str, values: list, negated: bool = False) -> tuple[str, list]:
    """`column IN (...)` (or NOT IN) for the project's own SQL, in the same array form
    on PostgreSQL; `values` already prepared for the database and not empty."""
    if connection.vendor == "postgresql":
        return f"{column} {'<> ALL' if negated else '= ANY'}(%s)", [list(values)]
    marks = ", ".join(["%s"] * len(values))
    return f"{column} {'NOT IN' if negated else 'IN'} ({marks})", list(values)
