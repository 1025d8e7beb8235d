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
from .conditions import FALSE, TRUE, All, Any, Cond, In, Is, Labeled, SubjectsConsent
from .consent import consenting_members
from .entry_rules import DELEN, SECRECY, organisation_ids_by_kind, sharing_rules

NETWERK, ORGANISATIE, BEROEPSGEHEIM = 10, 20, 30  # dossier.models.Confidentiality


def _rule_label(rule) -> str:
    consent = "+toestemming" if rule.requires_consent else ""
    return f"afspraak:{rule.agreement.key}/{rule.rule_key}{consent}"


def sharing(ctx, consenting: dict | None = None) -> Cond:
    """What the sharing agreements open to ctx's organisation kind and purpose: one
    labelled branch per agreement rule and owner kind, in the agreements' order."""
    org_ids = organisation_ids_by_kind(ctx)
    grouped: dict = {}
    for rule in sharing_rules(ctx):
        key = (_rule_label(rule), rule.owner_kind)
        entry = grouped.setdefault(key, [rule, set()])
        entry[1].add(rule.entry_kind)
    branches = []
    for (label, owner_kind), (rule, entry_kinds) in grouped.items():
        parts: list[Cond] = [In("owner", tuple(org_ids.get(owner_kind, ()))),
                             In("kind", tuple(sorted(entry_kinds)))]
        if rule.phases:
            parts.append(In("phase", tuple(rule.phases)))
        if not rule.allows_health:
            parts.append(Is("health", False))
        if not rule.allows_criminal:
            parts.append(Is("criminal", False))
        if not rule.allows_third_party:
            parts.append(Is("third_party", False))
        if rule.requires_consent:
            ids = None if consenting is None else frozenset(consenting[DELEN])
            parts.append(SubjectsConsent(DELEN, ids))
        branches.append(Labeled(label, All(tuple(parts))))
    return Any(tuple(branches)) if branches else FALSE


def team_gate(ctx, consenting: dict | None = None) -> Cond:
    """What a team-type relation (team, registrar, manager) reads."""
    same_org = Is("owner", ctx.organisation_id)
    secrecy_ids = None if consenting is None else frozenset(consenting[SECRECY])
    return Any((
        All((Is("confidentiality", NETWERK),
             Any((Labeled("eigen_organisatie", same_org), sharing(ctx, consenting))))),
        Labeled("organisatie", All((Is("confidentiality", ORGANISATIE), same_org))),
        All((Is("confidentiality", BEROEPSGEHEIM), Any((
            Labeled("beroepsgeheim", Any((
                Is("author", ctx.user.pk),
                All((same_org, Is("discipline", ctx.discipline)))))),
            Labeled("conflict_van_plichten", Is("secrecy_release", "conflict_van_plichten")),
            Labeled("toestemming_beroepsgeheim", All((
                Is("secrecy_release", "toestemming"),
                SubjectsConsent(SECRECY, secrecy_ids)))),
        )))),
    ))


BREAK_GLASS_GATE = Labeled("noodtoegang", All((
    Is("confidentiality", NETWERK), Is("health", False), Is("criminal", False))))

TEAM_RELATIONS = ("team", "registrar", "manager")
READERS = (*TEAM_RELATIONS, "break_glass")  # case-table seats and family: own views only


def household_consent(ctx, household_id) -> dict:
    """scope -> the household's members whose consent is effective; once per context."""
    key = ("consenting", household_id)
    if key not in ctx.cache:
        ctx.cache[key] = consenting_members(household_id, (DELEN, SECRECY))
    return ctx.cache[key]


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
        elif kind.shared_with_team:
            gate = Labeled("team_werk", TRUE)
        elif relation == "break_glass":
            gate = BREAK_GLASS_GATE
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
    return Any((Is("owner", ctx.organisation_id), shared)).bind(kind)

