"""Which entries of a household an actor may read, per relation. Each gate is written as
SQL (for visible()) and as Python (for decide()); the property test checks they agree.

Every gate reads the protection of the version chain, not only the row's own values
(docs/decisions/0021): the stricter of a version's own level, categories, confidential
member and secrecy release and the chain's (Entry.level_in_chain and friends), so an old
version is never more readable than the newest correction allows.
"""

import time
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from netwerkdossier.dossier.models import Confidentiality, EntrySubject
from netwerkdossier.households.models import Gezag, age_on
from netwerkdossier.organisations.models import Organisation

from .consent import (
    CHILD_DECIDES_ALONE_FROM,
    effective_consent_sql,
    has_effective_consent,
    years_ago,
)
from .rules_common import active_on

NETWERK, ORGANISATIE, BEROEPSGEHEIM = (Confidentiality.NETWERK, Confidentiality.ORGANISATIE,
                                       Confidentiality.BEROEPSGEHEIM)
DELEN, SECRECY = "delen_netwerk", "beroepsgeheim"
TOESTEMMING, CONFLICT = "toestemming", "conflict_van_plichten"


# --- the protection of the version chain (decision 0021) --------------------------------

def level_sql(level: int) -> Q:
    """The stricter of own and chain level is `level` (level_in_chain == level)."""
    if level == NETWERK:
        return Q(confidentiality=NETWERK, chain_confidentiality=NETWERK)
    if level == BEROEPSGEHEIM:
        return Q(confidentiality=BEROEPSGEHEIM) | Q(chain_confidentiality=BEROEPSGEHEIM)
    return Q(confidentiality__lte=level, chain_confidentiality__lte=level) & (
        Q(confidentiality=level) | Q(chain_confidentiality=level))


def level_at_most_sql(level: int) -> Q:
    return Q(confidentiality__lte=level, chain_confidentiality__lte=level)


def without_sql(*categories: str) -> Q:
    """Neither the version nor its chain holds any of these categories."""
    return Q(**{f: False for name in categories for f in (name, f"chain_{name}")})


def release_sql(release: str) -> Q:
    """The release that holds for the version (release_in_chain == release): its own,
    narrowed by what a later version still releases."""
    if release == CONFLICT:
        return Q(secrecy_release=CONFLICT, chain_secrecy_release=CONFLICT)
    return (Q(secrecy_release=TOESTEMMING, chain_secrecy_release__in=[TOESTEMMING, CONFLICT])
            | Q(secrecy_release=CONFLICT, chain_secrecy_release=TOESTEMMING))


def placeholder_sql() -> Q:
    """May show that the entry exists: not about health or crime, below beroepsgeheim."""
    return without_sql("health_data", "criminal_data") & level_at_most_sql(ORGANISATIE)


def placeholder_allowed(entry) -> bool:
    return not entry.category_in_chain("health_data") and \
        not entry.category_in_chain("criminal_data") and entry.level_in_chain <= ORGANISATIE


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


# --- consent of every subject ----------------------------------------------------------

def all_subjects_consent_sql(scope: str, consenting: dict | None = None) -> Q:
    """The entry is about someone, and every subject has effective consent. With
    `consenting` (scope -> ids of the household's members whose consent is effective,
    from consent.consenting_members) the per-subject consent subqueries collapse into an
    id list, and into "never" when no member consents."""
    subjects = EntrySubject.objects.filter(entry_id=OuterRef("pk"))
    if consenting is not None:
        if not consenting[scope]:
            return Q(pk__in=[])
        return Q(Exists(subjects)) & ~Exists(
            subjects.exclude(person_id__in=sorted(consenting[scope])))
    return Q(Exists(subjects)) & ~Exists(subjects.exclude(effective_consent_sql(scope)))


def all_subjects_consent(entry, scope: str) -> bool:
    # Consent of nobody is no consent: an entry without subjects is not shared on it.
    subjects = list(entry.subjects.all())
    return bool(subjects) and all(has_effective_consent(p, scope) for p in subjects)


# --- full relations (team, registrar, manager) -------------------------------------------

def _rule_groups(ctx) -> dict:
    """Group rule rows that share conditions, so the SQL stays a short OR."""
    groups: dict = defaultdict(lambda: defaultdict(set))
    for r in sharing_rules(ctx):
        key = (tuple(sorted(r.phases)), r.requires_consent, r.allows_health,
               r.allows_criminal, r.allows_third_party)
        groups[key][r.owner_kind].add(r.entry_kind)
    return groups


def sharing_sql(ctx, consenting: dict | None = None) -> Q:
    org_ids = organisation_ids_by_kind(ctx)  # ids instead of a join per row
    condition = Q(pk__in=[])
    for (phases, consent, health, criminal, third), owners in _rule_groups(ctx).items():
        pairs = Q(pk__in=[])
        for owner_kind, kinds in sorted(owners.items()):
            pairs |= Q(owner_organisation_id__in=org_ids.get(owner_kind, []),
                       kind__in=sorted(kinds))
        group = pairs
        if phases:
            group &= Q(case__phase__in=list(phases))
        if not health:
            group &= without_sql("health_data")
        if not criminal:
            group &= without_sql("criminal_data")
        if not third:
            group &= without_sql("third_party_data")
        if consent:
            group &= all_subjects_consent_sql(DELEN, consenting)
        condition |= group
    return condition


def matching_rule(ctx, entry):
    owner_kind = organisation_kinds(ctx).get(entry.owner_organisation_id)
    for r in sharing_rules(ctx):
        if r.owner_kind != owner_kind or r.entry_kind != entry.kind:
            continue
        if r.phases and (entry.case_id is None or entry.case.phase not in r.phases):
            continue
        if (entry.category_in_chain("health_data") and not r.allows_health) or \
                (entry.category_in_chain("criminal_data") and not r.allows_criminal) or \
                (entry.category_in_chain("third_party_data") and not r.allows_third_party):
            continue
        if r.requires_consent and not all_subjects_consent(entry, DELEN):
            continue
        return r
    return None


def full_gate_sql(ctx, consenting: dict | None = None) -> Q:
    same_org = Q(owner_organisation_id=ctx.organisation_id)
    return (
        (level_sql(NETWERK) & (same_org | sharing_sql(ctx, consenting)))
        | (level_sql(ORGANISATIE) & same_org)
        | (level_sql(BEROEPSGEHEIM) & (
            Q(author_id=ctx.user.pk)
            | (same_org & Q(author_discipline=ctx.discipline))
            | release_sql(CONFLICT)
            | (release_sql(TOESTEMMING) & all_subjects_consent_sql(SECRECY, consenting))))
    )


def full_gate(ctx, entry) -> str | None:
    """The gate id that lets a team-type relation read this entry, or None."""
    same_org = entry.owner_organisation_id == ctx.organisation_id
    level = entry.level_in_chain
    if level == NETWERK:
        if same_org:
            return "eigen_organisatie"
        rule = matching_rule(ctx, entry)
        if rule is None:
            return None
        # "+toestemming" marks a share that rests on consent (NEN 7513 consent profile).
        consent = "+toestemming" if rule.requires_consent else ""
        return f"afspraak:{rule.agreement.key}/{rule.rule_key}{consent}"
    if level == ORGANISATIE:
        return "organisatie" if same_org else None
    if level == BEROEPSGEHEIM:
        if entry.author_id == ctx.user.pk or (same_org and
                                              entry.author_discipline == ctx.discipline):
            return "beroepsgeheim"
        release = entry.release_in_chain
        if release == CONFLICT:
            return "conflict_van_plichten"
        if release == TOESTEMMING and all_subjects_consent(entry, SECRECY):
            return "toestemming_beroepsgeheim"
    return None


# --- case table: only the agreed minimal picture ----------------------------------------
# A table opens its items only when it was opened on a basis (a table from before the
# basis was required opens nothing), and health or criminal data only when that basis
# allows them - checked on the version read, so a correction that adds such data
# closes it to a table that does not allow it.

def _running_items(ctx):
    from .models import CaseTableItem

    now = timezone.now()
    return CaseTableItem.objects.filter(
        session__participants__user_id=ctx.user.pk, session__starts_at__lte=now,
        session__ends_at__gt=now).exclude(session__basis="")


def case_table_sql(ctx):
    # An item names one version; corrections of it belong to the same picture.
    items = _running_items(ctx).filter(entry__root_id=OuterRef("root_id"))
    # Categories of the whole chain (decision 0021): a correction that adds health data
    # closes the older versions to a table that does not allow it, too.
    return (Exists(items.filter(session__allows_health=True, session__allows_criminal=True))
            | (without_sql("health_data") & Exists(items.filter(session__allows_criminal=True)))
            | (without_sql("criminal_data") & Exists(items.filter(session__allows_health=True)))
            | (without_sql("health_data", "criminal_data") & Exists(items)))


def case_table_gate(ctx, entry) -> str | None:
    items = _running_items(ctx).filter(entry__root_id=entry.root_id)
    if entry.category_in_chain("health_data"):
        items = items.filter(session__allows_health=True)
    if entry.category_in_chain("criminal_data"):
        items = items.filter(session__allows_criminal=True)
    return "minimaal_beeld" if items.exists() else None


# --- break-the-glass: the network picture, without special categories --------------------

def break_glass_sql() -> Q:
    return level_sql(NETWERK) & without_sql("health_data", "criminal_data")


def break_glass_gate(entry) -> str | None:
    ok = entry.level_in_chain == NETWERK and not entry.category_in_chain("health_data") \
        and not entry.category_in_chain("criminal_data")
    return "noodtoegang" if ok else None


# --- family members: their own data, and their children's under 16 with gezag ----------

def _not_confidential_sql() -> Q:
    return Q(confidential_for_member__isnull=True, chain_confidential_for_member__isnull=True)


def _family_base_sql(ctx) -> Q:
    return (level_at_most_sql(ORGANISATIE) & without_sql("third_party_data")
            & (Q(confidential_for_member__isnull=True)
               | Q(confidential_for_member_id=ctx.person_id))
            & (Q(chain_confidential_for_member__isnull=True)
               | Q(chain_confidential_for_member_id=ctx.person_id)))


def family_gate_sql(ctx) -> Q:
    cut16 = years_ago(timezone.localdate(), CHILD_DECIDES_ALONE_FROM)
    own = Exists(EntrySubject.objects.filter(entry_id=OuterRef("pk"), person_id=ctx.person_id))
    child = Exists(EntrySubject.objects.filter(
        active_on("person__gezag_over__"), entry_id=OuterRef("pk"),
        person__gezag_over__holder_id=ctx.person_id, person__birth_date__gt=cut16))
    return _family_base_sql(ctx) & (own | (_not_confidential_sql() & child))


def family_gate(ctx, entry) -> str | None:
    if entry.level_in_chain > ORGANISATIE or entry.category_in_chain("third_party_data"):
        return None
    confidential_for = entry.confidential_members
    if confidential_for - {ctx.person_id}:
        return None
    subjects = list(entry.subjects.all())
    if any(p.pk == ctx.person_id for p in subjects):
        return "eigen_gegevens"
    if confidential_for:
        return None
    today = timezone.localdate()
    represented = set(Gezag.objects.filter(active_on(), holder_id=ctx.person_id)
                      .values_list("child_id", flat=True))
    if any(p.pk in represented and age_on(p.birth_date, today) < CHILD_DECIDES_ALONE_FROM
           for p in subjects):
        return "gezag"
    return None
