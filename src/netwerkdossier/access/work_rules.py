"""Who may read and write household work (analysis, safety plan, instruments, phase and
route decisions, follow-up checks, team changes): one rule per relation, written once as
a condition tree (access/conditions.py) over the roles the catalogue declares
(access/catalogue.py).

The read gate for the team, the registrar and the team manager is the sharing gate of
the dossier: one's own organisation's work, or what a sharing agreement opens to one's
organisation kind *for the purpose one works under*, with its data categories (health,
criminal) and consent of the people it is about. So a police officer in the team reads
a decision the agreement shares with the police in the acute phases, but not the
integral analysis with a health point. Emergency access reads the network picture
without special categories. Writing is for the owner organisation's team roles; a new
kind of work is also written by the team roles of the organisation kinds the catalogue
names as writers.
"""

from .catalogue import InformationKind
from .conditions import FALSE, TRUE, All, Any, Cond, In, Is, Labeled
from .decision_family import NOT_IN_EMERGENCY
from .decision_family import family_gate as decision_family_gate
from .entry_rules import BREAK_GLASS_GATE, household_consent, team_gate
from .measure_family import family_gate

TEAM_RELATIONS = ("team", "registrar", "manager")
# Case-table seats read no household work; family members only the kinds about one
# person that have a family gate (measures: access/measure_family.py).
READERS = (*TEAM_RELATIONS, "break_glass", "member")


def read_gate(ctx, relation: str, kind: InformationKind, household_id=None) -> Cond:
    """The condition, bound to `kind`, under which `relation` reads an object of it.
    With `household_id` (a list of one household's objects) consent is that household's
    consenting members as an id list instead of a subquery per row."""
    if relation in TEAM_RELATIONS:
        relation = "team"  # team, registrar and manager read under one gate
    key = ("work_gate", relation, kind.key, household_id)
    if key not in ctx.cache:
        if relation not in READERS:
            gate: Cond = FALSE
        elif relation == "member":
            # Kinds about one person (legal measures, decision records and requests)
            # have a family gate of their own.
            gate = decision_family_gate(ctx, kind) if "family" in kind.roles else \
                family_gate(ctx) if "subject" in kind.roles else FALSE
        elif kind.shared_with_team:
            gate = Labeled("team_werk", TRUE)
        elif relation == "break_glass":
            gate = FALSE if kind.key in NOT_IN_EMERGENCY else BREAK_GLASS_GATE
        else:
            gate = team_gate(ctx, None if household_id is None else
                             household_consent(ctx, household_id))
        ctx.cache[key] = gate.bind(kind)
    return ctx.cache[key]


def write_gate(ctx, kind: InformationKind) -> Cond:
    """Team roles write their own organisation's objects, and the team roles of the
    organisation kinds that do this work together (the catalogue's writer kinds: the
    local team and the safety team share one plan and one analysis). Others in the team
    (police, GGZ, the Raad) read what the agreements open to them and write nothing."""
    shared = TRUE if ctx.organisation_kind in kind.writer_kinds else FALSE
    gate: Cond = Any((Is("owner", ctx.organisation_id), shared))
    if "law" in kind.roles:
        # A legal measure: only the laws one's organisation kind records
        # (rules/measure_recorders.toml; criminal-law measures: police and OM).
        from netwerkdossier.measures.recorders import laws_for

        gate = All((gate, In("law", laws_for(ctx.organisation_kind))))
    return gate.bind(kind)

