"""The entry gates of entry_rules.py as one SQL condition for one already decided household.

Why: the household page filters its timeline twice per request (readable entries and
placeholders). Building that filter as a Django Q tree and compiling it cost about
3 ms per use, and the OR-heavy tree with joins cost PostgreSQL more planning than
executing (docs/benchmarks.md). Here the facts that do not vary per row are
evaluated in Python first (partial evaluation): the relations with the household,
organisation kinds (as organisation ids, so no join), the phases of the household's
cases (as case ids), and which members have effective consent. What is left is a
short condition on columns of dossier_entry, written once as SQL text.

Only the hot combination is written here: team-type relations (team, registrar,
manager) and emergency access. For case-table seats and family members policy.py
keeps building the Q form. The result must equal visible() on the same entries;
tests/access/test_property.py checks that for generated households.

The condition names the table "dossier_entry" directly, so it may only filter a
top-level Entry queryset (not one used as a subquery, where Django renames tables).
"""

from django.db import connection
from django.db.models import BooleanField, UUIDField
from django.db.models.expressions import RawSQL

from netwerkdossier.dossier.models import Entry

from . import entry_rules as er
from . import relations as rel

RAW_RELATIONS = frozenset((*rel.FULL, "break_glass"))
_UUID = UUIDField()


def supports(action: str, known, read_actions) -> bool:
    """Reads (and existence) for team-type relations and emergency access only."""
    return action in read_actions and bool(known) and set(known) <= RAW_RELATIONS


def _col(name: str) -> str:
    quote = connection.ops.quote_name
    return f"{quote(Entry._meta.db_table)}.{quote(name)}"


def _uuid(value):
    return _UUID.get_db_prep_value(value, connection)


class Sql:
    """A fragment of SQL text with its parameters, in text order."""

    def __init__(self, text: str, params=()):
        self.text, self.params = text, list(params)

    @classmethod
    def join(cls, glue: str, parts) -> "Sql":
        parts = list(parts)
        return cls("(" + glue.join(p.text for p in parts) + ")",
                   [v for p in parts for v in p.params])


def _all(*parts) -> Sql:
    return Sql.join(" AND ", parts)


def _any(*parts) -> Sql:
    return Sql.join(" OR ", parts)


def _eq(column: str, value) -> Sql:
    return Sql(f"{_col(column)} = %s", [value])


def _in(column: str, values) -> Sql:
    values = list(values)
    return Sql(f"{_col(column)} IN ({', '.join(['%s'] * len(values))})", values)


def _not(column: str) -> Sql:
    return Sql(f"NOT {_col(column)}")


# --- the protection of the version chain, as entry_rules.level_sql and friends ----------

def _without(*categories: str) -> list[Sql]:
    return [_not(f) for name in categories for f in (name, f"chain_{name}")]


def _level(level: int) -> Sql:
    own, chain = "confidentiality", "chain_confidentiality"
    if level == er.NETWERK:
        return _all(_eq(own, int(level)), _eq(chain, int(level)))
    if level == er.BEROEPSGEHEIM:
        return _any(_eq(own, int(level)), _eq(chain, int(level)))
    return _all(_at_most(own, level), _at_most(chain, level),
                _any(_eq(own, int(level)), _eq(chain, int(level))))


def _at_most(column: str, level: int) -> Sql:
    return Sql(f"{_col(column)} <= %s", [int(level)])


def _release(release: str) -> Sql:
    own, cap = "secrecy_release", "chain_secrecy_release"
    if release == er.CONFLICT:
        return _all(_eq(own, er.CONFLICT), _eq(cap, er.CONFLICT))
    return _any(_all(_eq(own, er.TOESTEMMING), _in(cap, [er.TOESTEMMING, er.CONFLICT])),
                _all(_eq(own, er.CONFLICT), _eq(cap, er.TOESTEMMING)))


def _consent(scope: str, consenting: dict) -> Sql | None:
    """The entry is about someone and every subject has effective consent for `scope`
    (as entry_rules.all_subjects_consent_sql); None when no member consents (never)."""
    members = [_uuid(m) for m in sorted(consenting.get(scope, ()), key=str)]
    if not members:
        return None
    subjects = f"SELECT 1 FROM dossier_entrysubject s WHERE s.entry_id = {_col('id')}"  # noqa: S608 - names only; values are parameters
    marks = ", ".join(["%s"] * len(members))
    return Sql(f"(EXISTS ({subjects}) AND NOT EXISTS ({subjects} AND s.person_id NOT IN "
               f"({marks})))", members)


def _sharing(ctx, consenting: dict, org_ids_of_kind: dict, case_ids_in_phases) -> list[Sql]:
    groups = []
    for (phases, consent, health, criminal, third), owners in er._rule_groups(ctx).items():
        # Owner kinds that share the same entry kinds become one IN over organisation ids.
        by_kinds: dict = {}
        for owner_kind, kinds in owners.items():
            by_kinds.setdefault(tuple(sorted(kinds)), []).extend(
                org_ids_of_kind.get(owner_kind, ()))
        pairs = [_all(_in("kind", kinds),
                      _in("owner_organisation_id", [_uuid(o) for o in sorted(orgs, key=str)]))
                 for kinds, orgs in sorted(by_kinds.items()) if orgs]
        if not pairs:
            continue
        terms = [_any(*pairs)]
        if phases:
            cases = case_ids_in_phases(phases)
            if not cases:
                continue
            terms.append(_in("case_id", [_uuid(c) for c in cases]))
        if not health:
            terms.extend(_without("health_data"))
        if not criminal:
            terms.extend(_without("criminal_data"))
        if not third:
            terms.extend(_without("third_party_data"))
        if consent:
            consented = _consent(er.DELEN, consenting)
            if consented is None:
                continue
            terms.append(consented)
        groups.append(_all(*terms))
    return groups


def _full_gate(ctx, consenting, org_ids_of_kind, case_ids_in_phases) -> Sql:
    same_org = _eq("owner_organisation_id", _uuid(ctx.organisation_id))
    secret = [_eq("author_id", ctx.user.pk),
              _all(same_org, _eq("author_discipline", ctx.discipline)),
              _release(er.CONFLICT)]
    released = _consent(er.SECRECY, consenting)
    if released is not None:
        secret.append(_all(_release(er.TOESTEMMING), released))
    return _any(
        _all(_level(er.NETWERK),
             _any(same_org, *_sharing(ctx, consenting, org_ids_of_kind, case_ids_in_phases))),
        _all(_level(er.ORGANISATIE), same_org),
        _all(_level(er.BEROEPSGEHEIM), _any(*secret)),
    )


def _break_glass() -> Sql:
    return _all(_level(er.NETWERK), *_without("health_data", "criminal_data"))


def _know_exists() -> Sql:
    return _all(*_without("health_data", "criminal_data"),
                _at_most("confidentiality", er.ORGANISATIE),
                _at_most("chain_confidentiality", er.ORGANISATIE))


def gate(ctx, known, *, existence_only: bool, consenting, org_ids_of_kind,
         case_ids_in_phases) -> RawSQL | None:
    """The read (or know-exists) condition for `known` relations (see supports()), or
    None when no entry passes."""
    full = any(r in rel.FULL for r in known)
    pieces = []
    if existence_only:
        if full:
            pieces.append(_know_exists())
    else:
        if full:
            pieces.append(_full_gate(ctx, consenting, org_ids_of_kind, case_ids_in_phases))
        if "break_glass" in known:
            pieces.append(_break_glass())
    if not pieces:
        return None
    condition = _any(*pieces)
    # Only column names from the model's metadata are written into the text; every value
    # is a parameter.
    return RawSQL(condition.text, condition.params, BooleanField())  # noqa: S611
