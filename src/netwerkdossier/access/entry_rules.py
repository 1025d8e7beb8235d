"""Which entries of a household an actor may read, per relation: one condition tree per
gate (access/conditions.py) over the roles of the catalogue's "aantekening" kind
(catalogue.ENTRY_ROLES). From each tree come decide()'s answer and its reason (branch),
visible()'s Q and the raw SQL of the timeline for one household (household_sql.py).

Every gate reads the protection of the version chain, not only the row's own values
(docs/decisions/0021): the roles "confidentiality", "health", "criminal", "third_party"
and "secrecy_release" are the stricter of a version's own value and its chain's, and
"confidential_for" must admit the reader on both, so an old version is never more
readable than the newest correction allows.

The team gate is also the read gate of household work (work_rules.py): one's own
organisation's work, or what a sharing agreement opens to one's organisation kind for
the purpose one works under.
"""

import time

from django.db.models import Q
from django.utils import timezone

from netwerkdossier.dossier.models import Confidentiality, Entry
from netwerkdossier.households.models import Gezag
from netwerkdossier.organisations.models import Organisation

from .catalogue import kind_for
from .conditions import (
    FALSE,
    All,
    Any,
    Cond,
    In,
    Is,
    Labeled,
    RowExists,
    SomeSubject,
    SubjectsConsent,
)
from .consent import CHILD_DECIDES_ALONE_FROM, consenting_members, years_ago
from .relations import FULL
from .rules_common import active_on

NETWERK, ORGANISATIE, BEROEPSGEHEIM = (Confidentiality.NETWERK, Confidentiality.ORGANISATIE,
                                       Confidentiality.BEROEPSGEHEIM)
DELEN, SECRECY = "delen_netwerk", "beroepsgeheim"
TOESTEMMING, CONFLICT = "toestemming", "conflict_van_plichten"


def entry_kind():
    """The catalogue's kind for timeline entries, whose roles the gates below name."""
    return kind_for(Entry)


# --- shared facts, loaded once per request --------------------------------------------

# Sharing rules change only when an operator loads a new agreement version, yet every
# page needs them: keep them per process for RULES_TTL seconds. load_agreements() and
# saving an agreement or rule clear this at once; other worker processes pick a change
# up within RULES_TTL (docs/operator-guide.md).
RULES_TTL = 60
_rules_cache: dict = {}


def forget_sharing_rules(**_kwargs) -> None:
    """Clear the cached sharing rules and organisation kinds of this process."""
    _rules_cache.clear()


def sharing_rules(ctx) -> list:
    """The agreement rows that apply to this viewer and purpose (today, own region)."""
    if "sharing_rules" not in ctx.cache:
        ctx.cache["sharing_rules"] = _rules_for(ctx.organisation_kind, ctx.purpose,
                                                ctx.region_id) if ctx.membership else []
    return ctx.cache["sharing_rules"]


def _rules_for(viewer_kind: str, purpose: str, region_id) -> list:
    from .models import SharingRule

    today = timezone.localdate()
    key = (viewer_kind, purpose, region_id, today)
    hit = _rules_cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < RULES_TTL:
        return hit[1]
    found = list(
        SharingRule.objects.filter(
            viewer_kind=viewer_kind, purpose=purpose, agreement__valid_from__lte=today,
        ).filter(Q(agreement__valid_to__isnull=True) | Q(agreement__valid_to__gt=today))
        .filter(Q(agreement__region__isnull=True) | Q(agreement__region_id=region_id))
        .select_related("agreement").order_by("agreement__key", "rule_key", "id")
    )
    _rules_cache[key] = (time.monotonic(), found)
    return found


def purposes_in_agreements(viewer_kind: str, region_id) -> frozenset:
    """The purposes the agreements in force name for this viewer kind (own region or
    every region); kept per process like the rules themselves."""
    from .models import SharingRule

    today = timezone.localdate()
    key = ("purposes", viewer_kind, region_id, today)
    hit = _rules_cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < RULES_TTL:
        return hit[1]
    found = frozenset(
        SharingRule.objects.filter(
            viewer_kind=viewer_kind, agreement__valid_from__lte=today,
        ).filter(Q(agreement__valid_to__isnull=True) | Q(agreement__valid_to__gt=today))
        .filter(Q(agreement__region__isnull=True) | Q(agreement__region_id=region_id))
        .values_list("purpose", flat=True).distinct()
    )
    _rules_cache[key] = (time.monotonic(), found)
    return found


def organisation_kinds(ctx) -> dict:
    """organisation id -> kind; kept per process like the sharing rules (an
    organisation's kind is part of its identity and practically never changes; saving
    an organisation clears this at once in this process)."""
    if "org_kinds" not in ctx.cache:
        hit = _rules_cache.get("org_kinds")
        if hit is None or time.monotonic() - hit[0] >= RULES_TTL:
            hit = (time.monotonic(), dict(Organisation.objects.values_list("id", "kind")))
            _rules_cache["org_kinds"] = hit
        ctx.cache["org_kinds"] = hit[1]
    return ctx.cache["org_kinds"]


def organisation_ids_by_kind(ctx) -> dict:
    """kind -> ids of organisations of that kind (the inverse of organisation_kinds)."""
    if "org_ids_by_kind" not in ctx.cache:
        by_kind: dict = {}
        for pk, kind in organisation_kinds(ctx).items():
            by_kind.setdefault(kind, []).append(pk)
        ctx.cache["org_ids_by_kind"] = by_kind
    return ctx.cache["org_ids_by_kind"]


# --- the team gate: team, registrar, team manager (also for household work) -----------

def _rule_label(rule) -> str:
    # "+toestemming" marks a share that rests on consent (NEN 7513 consent profile).
    consent = "+toestemming" if rule.requires_consent else ""
    return f"afspraak:{rule.agreement.key}/{rule.rule_key}{consent}"


def sharing(ctx, consenting: dict | None = None) -> Cond:
    """What the sharing agreements open to ctx's organisation kind and purpose: one
    labelled branch per agreement rule, owner kind and conditions, in the agreements'
    order (the first that holds names the rule). A branch is (kind and owner) and its
    conditions, so the SQL forms share the conditions of alike rules and the kinds of
    alike owners (conditions.Any)."""
    org_ids = organisation_ids_by_kind(ctx)  # ids instead of a join per row
    grouped: dict = {}
    for rule in sharing_rules(ctx):
        key = (_rule_label(rule), rule.owner_kind, tuple(sorted(rule.phases)),
               rule.allows_health, rule.allows_criminal, rule.allows_third_party,
               rule.requires_consent)
        grouped.setdefault(key, [rule, set()])[1].add(rule.entry_kind)
    branches = []
    for (label, owner_kind, *_conditions), (rule, entry_kinds) in grouped.items():
        parts: list[Cond] = [All((In("kind", tuple(sorted(entry_kinds))),
                                  In("owner", tuple(org_ids.get(owner_kind, ())))))]
        if rule.phases:
            parts.append(In("phase", tuple(sorted(rule.phases))))
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
    """What a team-type relation (team, registrar, manager) reads. With `consenting`
    (scope -> the household's members whose consent is effective) consent is an id list."""
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
            Labeled("conflict_van_plichten", Is("secrecy_release", CONFLICT)),
            Labeled("toestemming_beroepsgeheim", All((
                Is("secrecy_release", TOESTEMMING),
                SubjectsConsent(SECRECY, secrecy_ids)))),
        )))),
    ))


# --- break-the-glass: the network picture, without special categories --------------------

BREAK_GLASS_GATE = Labeled("noodtoegang", All((
    Is("confidentiality", NETWERK), Is("health", False), Is("criminal", False))))

# A placeholder may say an entry exists (team-type relations only): not about health or
# crime (its mere existence could reveal that), below beroepsgeheim.
PLACEHOLDER = All((Is("health", False), Is("criminal", False),
                   In("confidentiality", (NETWERK, ORGANISATIE))))


# --- case table: only the agreed minimal picture ----------------------------------------
# A table opens its items only when it was opened on a basis (a table from before the
# basis was required opens nothing), and health or criminal data only when that basis
# allows them - checked on the chain's categories (decision 0021), so a correction that
# adds such data closes it, and its older versions, to a table that does not allow it.
# An item names one version; every version of its chain belongs to the same picture.

def _running_items(ctx):
    from .models import CaseTableItem

    now = timezone.now()
    return CaseTableItem.objects.filter(
        session__participants__user_id=ctx.user.pk, session__starts_at__lte=now,
        session__ends_at__gt=now).exclude(session__basis="")


def case_table_gate(ctx) -> Cond:
    items = _running_items(ctx)
    branches = []
    for health in (False, True):
        for criminal in (False, True):
            allows = {"session__allows_health": True} if health else {}
            if criminal:
                allows["session__allows_criminal"] = True
            branches.append(All((Is("health", health), Is("criminal", criminal),
                                 RowExists(items.filter(**allows), "entry__root_id", "root"))))
    return Labeled("minimaal_beeld", Any(tuple(branches)))


# --- family members: their own data, and their children's under 16 with gezag ----------

def _children_spoken_for(ctx) -> frozenset:
    """The children under 16 over whom ctx's person has gezag today."""
    cut16 = years_ago(timezone.localdate(), CHILD_DECIDES_ALONE_FROM)
    return frozenset(Gezag.objects.filter(active_on(), holder_id=ctx.person_id,
                                          child__birth_date__gt=cut16)
                     .values_list("child_id", flat=True))


def family_gate(ctx) -> Cond:
    me = ctx.person_id
    return All((
        In("confidentiality", (NETWERK, ORGANISATIE)), Is("third_party", False),
        In("confidential_for", (None, me)),
        Any((Labeled("eigen_gegevens", SomeSubject(frozenset({me}))),
             Labeled("gezag", All((Is("confidential_for", None),
                                   SomeSubject(_children_spoken_for(ctx)))))))))


# --- per relation -----------------------------------------------------------------------

def household_consent(ctx, household_id) -> dict:
    """scope -> the household's members whose consent is effective; once per context."""
    key = ("consenting", household_id)
    if key not in ctx.cache:
        ctx.cache[key] = consenting_members(household_id, (DELEN, SECRECY))
    return ctx.cache[key]


def read_gate(ctx, relation: str, household_id=None) -> Cond:
    """The condition, bound to the entry kind, under which `relation` reads an entry.
    With `household_id` (entries of one household) consent is that household's
    consenting members as an id list instead of a subquery per row."""
    if relation in FULL:
        relation = "team"  # team, registrar and manager read under one gate
    key = ("entry_gate", relation, household_id)
    if key not in ctx.cache:
        if relation == "team":
            gate = team_gate(ctx, None if household_id is None else
                             household_consent(ctx, household_id))
        elif relation == "case_table":
            gate = case_table_gate(ctx)
        elif relation == "break_glass":
            gate = BREAK_GLASS_GATE
        elif relation == "member":
            gate = family_gate(ctx)
        else:
            gate = FALSE
        ctx.cache[key] = gate.bind(entry_kind())
    return ctx.cache[key]


def correct_gate(ctx, household_id=None) -> Cond:
    """Correcting: the team gate, on the current version of one's own organisation."""
    return All((read_gate(ctx, "team", household_id), Is("owner", ctx.organisation_id),
                Is("current", True))).bind(entry_kind())


def placeholder_gate() -> Cond:
    return PLACEHOLDER.bind(entry_kind())
