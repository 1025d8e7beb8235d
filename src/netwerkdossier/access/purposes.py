"""Which purposes of work (doelbinding) a professional may state, and which one holds.

Derived from the sharing agreements in force (the purposes they name for the
professional's organisation kind as a viewer) and rules/purposes.toml (purposes for
work with one's own organisation's records). One possible purpose is implied; with
several the professional must say which, because the purpose decides which
purpose-bound rules apply and it is logged with every read.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from netwerkdossier import rules

from .context import CHOOSABLE_PURPOSES, DEFAULT_PURPOSE, UNSTATED
from .entry_rules import purposes_in_agreements
from .relations import CONTENT_ROLES

HEADER = "X-Purpose"


def own_record_purposes(kind: str) -> frozenset:
    own = rules.load("purposes").get("own_records", {})
    return frozenset(purpose for purpose, kinds in own.items()
                     if purpose in CHOOSABLE_PURPOSES and kind in kinds)


def possible_purposes(membership) -> tuple[str, ...]:
    """The purposes this membership may work under, in PURPOSES order. Empty for roles
    that never read dossier content (they are never asked) and for family members."""
    if membership is None or membership.role not in CONTENT_ROLES:
        return ()
    organisation = membership.organisation
    found = purposes_in_agreements(organisation.kind, organisation.region_id) | \
        own_record_purposes(organisation.kind)
    return tuple(p for p in CHOOSABLE_PURPOSES if p in found)


def implied_purpose(membership) -> str | None:
    possible = possible_purposes(membership)
    return possible[0] if len(possible) == 1 else None


def must_choose(membership) -> bool:
    return len(possible_purposes(membership)) > 1


def labels(purposes) -> list[tuple[str, str]]:
    return [(p, str(CHOOSABLE_PURPOSES[p])) for p in purposes]


@dataclass(frozen=True)
class PurposeProblem:
    code: str  # "missing", "unknown" or "not_possible"
    possible: tuple[str, ...]

    def detail(self) -> str:
        options = ", ".join(f"{key} ({label})" for key, label in labels(self.possible))
        if not self.possible:
            return _("Voor uw organisatie is geen doel afgesproken waarvoor u dossiers mag "
                     "inzien.")
        if self.code == "missing":
            lead = _("Geef in de header %(header)s aan voor welk doel u werkt.")
        elif self.code == "unknown":
            lead = _("Dit doel bestaat niet (header %(header)s).")
        else:
            lead = _("Voor dit doel mag u niet werken (header %(header)s).")
        return " ".join([lead % {"header": HEADER},
                         _("Mogelijk: %(options)s.") % {"options": options}])


def resolve(membership, requested) -> tuple[str, PurposeProblem | None]:
    """(purpose, problem) for a purpose a request states (None: none stated).

    Never a silent default for a professional: without a statement only an implied
    purpose holds, and a statement that is not one of theirs holds nothing (UNSTATED).
    """
    requested = (requested or "").strip() or None
    if requested is not None and requested not in CHOOSABLE_PURPOSES:
        return UNSTATED, PurposeProblem("unknown", possible_purposes(membership))
    if membership is None or membership.role not in CONTENT_ROLES:
        # Family members and roles without dossier content are never asked; as before.
        return requested or DEFAULT_PURPOSE, None
    possible = possible_purposes(membership)
    if requested is None:
        if len(possible) == 1:
            return possible[0], None
        return UNSTATED, PurposeProblem("missing", possible)
    if requested not in possible:
        return UNSTATED, PurposeProblem("not_possible", possible)
    return requested, None
