"""Access filter cost (issue 3): timeline and search with and without visible(), decide()
latency, and visible() against the same policy written in Cedar (cedarpy).

In-process against the seeded PostgreSQL database (docs/benchmarks.md "Seeding"; run
`netwerkdossier migrate` and load the sharing agreements first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \\
        .venv/bin/python benchmarks/access_benchmark.py --reps 20

Timeline and search: the SQL the ORM builds is compiled once and then executed on the
same connection, alternating filtered and unfiltered, after a warm-up; medians and p95
are of single executions. decide(): entries are fetched beforehand with their case and
owner; each call is timed. Cedar: the policy in benchmarks/cedar/ is parsed once and the
entities are parsed once (setup); fetching the attributes Cedar needs is timed apart.
Prints a JSON report.
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import bench_env  # noqa: E402, F401 - demo mode, checkpoints per database
import django  # noqa: E402
from common import compare, compiled, households_with_300_entries, summary3  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import BooleanField, Count, Q  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402
from django.utils import timezone  # noqa: E402

from netwerkdossier import rules  # noqa: E402
from netwerkdossier.access import relations as rel  # noqa: E402
from netwerkdossier.access.agreements import expand  # noqa: E402
from netwerkdossier.access.api import (  # noqa: E402
    READ,
    context_for,
    decide,
    visible,
    visible_in_household,
)
from netwerkdossier.access.conditions import SubjectsConsent  # noqa: E402
from netwerkdossier.access.entry_rules import DELEN, SECRECY, entry_kind  # noqa: E402
from netwerkdossier.access.models import BreakGlass, CaseTableItem  # noqa: E402
from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.cases.models import TeamAssignment  # noqa: E402
from netwerkdossier.dossier.models import Entry  # noqa: E402
from netwerkdossier.households.models import Household, Person  # noqa: E402
from netwerkdossier.households.search import person_query  # noqa: E402

CEDAR_DIR = Path(__file__).resolve().parent / "cedar"
TIMELINE_COLUMNS = ("id", "kind", "text", "occurred_at", "confidentiality", "version",
                    "author__username", "author__first_name", "author__last_name",
                    "owner_organisation__name")  # as web/timeline.py
PAGE = 26  # the page shows 25 and reads one more to know whether there is a next page


# --- a. timeline and search --------------------------------------------------------------

def bench_timeline(reps):
    households = households_with_300_entries(30)
    page_pairs, full_pairs = [], []
    for household_id, _, user_id in households:
        ctx = context_for(User.objects.get(pk=user_id))
        current = Entry.objects.filter(is_current=True)
        order = ("-occurred_at", "-recorded_at")
        filtered = visible_in_household(ctx, READ, household_id, current).order_by(*order)
        bare = current.filter(household_id=household_id).order_by(*order)
        page_pairs.append((compiled(filtered.values(*TIMELINE_COLUMNS)[:PAGE]),
                           compiled(bare.values(*TIMELINE_COLUMNS)[:PAGE])))
        full_pairs.append((compiled(filtered.values(*TIMELINE_COLUMNS)),
                           compiled(bare.values(*TIMELINE_COLUMNS))))
    return {"households": len(households),
            "first_page_26": compare(page_pairs, reps),
            "full_list": compare(full_pairs, max(2, reps // 4))}


def search_user():
    """The local-team professional with the most active team assignments: the filter
    then has many households to accept (and many more to reject)."""
    row = (TeamAssignment.objects.filter(rel.active_on(), user__username__startswith="nv-wt-",
                                         user__memberships__role="professional")
           .values("user_id").annotate(n=Count("id")).order_by("-n").first())
    return User.objects.get(pk=row["user_id"]), row["n"]


def search_terms(n):
    with connection.cursor() as cur:
        cur.execute("""SELECT family_key, given_key FROM households_person
                       ORDER BY md5(id::text) LIMIT %s""", [n])
        return [f"{g[:3]} {f[:4]}" for f, g in cur.fetchall()]


def bench_search(reps, terms):
    user, assignments = search_user()
    ctx = context_for(user)
    pairs = []
    order = ("family_key", "given_key", "birth_date")
    for term in search_terms(terms):
        q = person_query(term)
        persons = Person.objects.filter(q).order_by(*order)
        pairs.append((compiled(visible(ctx, READ, persons)[:50]), compiled(persons[:50])))
    # Also single-token searches, which match many persons (the filter rejects most).
    for term in ("jan", "de", "mo", "sa", "van"):
        persons = Person.objects.filter(person_query(term) or Q()).order_by(*order)
        pairs.append((compiled(visible(ctx, READ, persons)[:50]), compiled(persons[:50])))
    result = compare(pairs, reps)
    result["user"] = {"username": user.username, "active_team_assignments": assignments}
    return result


# --- b. decide() -------------------------------------------------------------------------

def bench_decide(households=50, per_household=40):
    user, _ = search_user()
    team = list(TeamAssignment.objects.filter(rel.active_on(), user=user)
                .values_list("case__household_id", flat=True).distinct()[:households])
    entries = defaultdict(list)
    for e in (Entry.objects.filter(household_id__in=team, is_current=True)
              .select_related("case", "owner_organisation")
              .order_by("household_id", "-occurred_at")):
        if len(entries[e.household_id]) < per_household:
            entries[e.household_id].append(e)
    shared_ctx = context_for(user)
    cold, first, warm, allowed = [], [], [], 0
    decide(context_for(user), READ, entries[team[0]][0])  # warm up imports and plans
    for household_id in team:
        fresh = context_for(user)  # new request: nothing cached
        t0 = time.perf_counter()
        decide(fresh, READ, entries[household_id][0])
        cold.append((time.perf_counter() - t0) * 1000)
    for household_id in team:
        for n, entry in enumerate(entries[household_id]):
            t0 = time.perf_counter()
            d = decide(shared_ctx, READ, entry)
            (first if n == 0 else warm).append((time.perf_counter() - t0) * 1000)
            allowed += d.allowed
    return {
        "user": user.username, "households": len(team),
        "entries": sum(len(v) for v in entries.values()), "allowed": allowed,
        "first_in_household_new_ctx": summary3(cold),
        "first_in_household_rules_cached": summary3(first),
        "subsequent_in_household": summary3(warm),
        "all_calls_one_ctx": summary3(first + warm),
    }


# --- c. Cedar ------------------------------------------------------------------------------

def cedar_sharing_policies() -> str:
    """One Cedar permit per (agreement, rule, viewer kind, purpose), from the same TOML
    rows that load_agreements() stores (expand()). Validity dates are applied here (today)."""
    today = timezone.localdate()
    out = ["// GENERATED by benchmarks/access_benchmark.py --write-cedar from",
           "// src/netwerkdossier/rules/sharing_agreements.toml (access.agreements.expand).",
           "// Agreements valid today; a newer version of an agreement ends the older one.", ""]
    data = rules.load("sharing_agreements")
    latest = {}
    for item in data.get("agreement", []):
        latest[item["key"]] = max(latest.get(item["key"], 0), item["version"])
    for item in data.get("agreement", []):
        if item["version"] != latest[item["key"]] or item["valid_from"] > today or (
                item.get("valid_to") and item["valid_to"] <= today):
            continue
        groups = defaultdict(lambda: {"owners": set(), "kinds": set()})
        for r in item.get("rule", []):
            for row in expand(r):
                key = (row["rule_key"], row["viewer_kind"], row["purpose"],
                       tuple(row["phases"]), row["requires_consent"], row["allows_health"],
                       row["allows_criminal"], row["allows_third_party"])
                groups[key]["owners"].add(row["owner_kind"])
                groups[key]["kinds"].add(row["entry_kind"])
        for (rule_key, viewer, purpose, phases, consent, health, criminal, third), g in \
                groups.items():
            cond = [f'principal.organisation_kind == "{viewer}"',
                    f'principal.purpose == "{purpose}"']
            if item.get("region"):
                cond.append(f'principal.region == "{item["region"]}"')
            cond += ["principal.full_households.contains(resource.household)",
                     "resource.confidentiality == 10",
                     f"{_set(g['owners'])}.contains(resource.owner_kind)",
                     f"{_set(g['kinds'])}.contains(resource.kind)"]
            if phases:
                cond.append(f"{_set(phases)}.contains(resource.case_phase)")
            if not health:
                cond.append("!resource.health_data")
            if not criminal:
                cond.append("!resource.criminal_data")
            if not third:
                cond.append("!resource.third_party_data")
            if consent:
                cond.append("resource.subjects_consent_delen")
            out.append(f'@id("afspraak:{item["key"]}/{rule_key}/{viewer}/{purpose}")')
            out.append('permit (principal, action == Action::"read", resource)')
            out.append("when {\n  " + " &&\n  ".join(cond) + "\n};\n")
    return "\n".join(out)


def _set(values) -> str:
    return "[" + ", ".join(f'"{v}"' for v in sorted(values)) + "]"


def cedar_principal(ctx):
    """The principal's attributes and relations, loaded from the database."""
    user = ctx.user
    now = timezone.now()
    team = set(TeamAssignment.objects.filter(rel.active_on(), user=user)
               .values_list("case__household_id", flat=True))
    registrar = set(Household.objects.filter(created_by=user).values_list("pk", flat=True))
    managed = set()
    if ctx.role == "teammanager":
        managed = set(Household.objects.filter(rel.any_relation_q(ctx, "pk", ""))
                      .values_list("pk", flat=True))
    glass = set(BreakGlass.objects.filter(user=user, started_at__lte=now, expires_at__gt=now)
                .values_list("household_id", flat=True))
    table = set(CaseTableItem.objects.filter(
        session__participants__user=user, session__starts_at__lte=now,
        session__ends_at__gt=now).values_list("entry_id", flat=True))
    return {
        "uid": {"type": "User", "id": str(user.pk)},
        "attrs": {
            "role": ctx.role, "purpose": ctx.purpose,
            "organisation": str(ctx.organisation_id or ""),
            "organisation_kind": ctx.organisation_kind,
            "region": ctx.membership.organisation.region.code
            if ctx.membership and ctx.membership.organisation.region_id else "",
            "discipline": ctx.discipline, "user_id": str(user.pk),
            "full_households": sorted(str(h) for h in team | registrar | managed),
            "break_glass_households": sorted(str(h) for h in glass),
            "case_table_entries": sorted(str(e) for e in table),
        },
        "parents": [],
    }


ENTRY_ATTRS = ("id", "household_id", "owner_organisation_id", "owner_organisation__kind",
               "kind", "confidentiality", "author_id", "author_discipline", "health_data",
               "criminal_data", "third_party_data", "secrecy_release", "case__phase",
               "consent_delen", "consent_secrecy")


def fetch_entry_attrs(ids):
    return list(Entry.objects.filter(pk__in=ids).annotate(
        consent_delen=SubjectsConsent(DELEN).q(entry_kind()),
        consent_secrecy=SubjectsConsent(SECRECY).q(entry_kind())).values_list(*ENTRY_ATTRS))


def cedar_entity(row):
    (pk, household, owner, owner_kind, kind, level, author, discipline, health, criminal,
     third, release, phase, consent_delen, consent_secrecy) = row
    return {"uid": {"type": "Entry", "id": str(pk)}, "parents": [], "attrs": {
        "entry_id": str(pk), "household": str(household), "owner_organisation": str(owner),
        "owner_kind": owner_kind, "kind": kind, "confidentiality": level,
        "author": str(author), "author_discipline": discipline, "health_data": health,
        "criminal_data": criminal, "third_party_data": third, "secrecy_release": release,
        "case_phase": phase or "", "subjects_consent_delen": consent_delen,
        "subjects_consent_beroepsgeheim": consent_secrecy}}


def entries_for(ctx, total):
    """Current entries of the households ctx has a relation with, topped up with other
    households' entries to `total`."""
    related = visible(ctx, READ, Household.objects.all()).values("pk")
    own = list(Entry.objects.filter(household_id__in=related, is_current=True)
               .order_by("household_id", "id").values_list("pk", flat=True)[:total])
    others = list(Entry.objects.filter(is_current=True).exclude(household_id__in=related)
                  .order_by("household_id").values_list("pk", flat=True)[:total - len(own)])
    return own + others, len(own)


def bench_cedar(reps, users):
    import cedarpy

    policy_text = (CEDAR_DIR / "netwerkdossier.cedar").read_text() + "\n" + \
        (CEDAR_DIR / "sharing_agreements.cedar").read_text()
    if (CEDAR_DIR / "sharing_agreements.cedar").read_text() != cedar_sharing_policies():
        sys.exit("benchmarks/cedar/sharing_agreements.cedar is stale: run with --write-cedar")
    policies = cedarpy.PolicySet.from_str(policy_text)
    results = []
    for n, user in enumerate(users):
        ctx = context_for(user)
        ids, related_entries = entries_for(ctx, 10_000)
        qs = visible(ctx, READ, Entry.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        # The same list as one uuid[] parameter, as an export or report passes an id list
        # (10,000 separate placeholders cost Django and psycopg more than the policy).
        in_list = RawSQL('"dossier_entry"."id" = ANY(%s)', [ids], BooleanField())
        qs_array = visible(ctx, READ, Entry.objects.filter(in_list)).values_list("pk",
                                                                                flat=True)

        def run_visible(qs=qs):
            return set(qs.all())  # .all(): a fresh query each time (ORM compile included)

        def run_visible_array(qs=qs_array):
            return set(qs.all())

        def fetch(ctx=ctx, ids=ids):
            return cedar_principal(ctx), fetch_entry_attrs(ids)

        principal, rows = fetch()
        entities = cedarpy.Entities.from_json_str(json.dumps(
            [principal] + [cedar_entity(r) for r in rows]))
        requests = [{"principal": {"type": "User", "id": str(user.pk)},
                     "action": {"type": "Action", "id": "read"},
                     "resource": {"type": "Entry", "id": str(r[0])}, "context": {}}
                     for r in rows]

        def run_cedar(requests=requests, entities=entities):
            answers = cedarpy.is_authorized_batch(requests, policies, entities)
            return {r["resource"]["id"] for r, a in zip(requests, answers, strict=True)
                    if a.allowed}

        allowed_sql = {str(pk) for pk in run_visible()}
        assert allowed_sql == {str(pk) for pk in run_visible_array()}
        allowed_cedar = run_cedar()
        item = {"user": user.username, "organisation_kind": ctx.organisation_kind,
                "role": ctx.role, "entries": len(ids),
                "entries_of_related_households": related_entries,
                "allowed_visible": len(allowed_sql), "allowed_cedar": len(allowed_cedar),
                "agree": len(ids) - len(allowed_sql ^ allowed_cedar),
                "mismatches": sorted(allowed_sql ^ allowed_cedar)[:10]}
        if n == 0:  # timing for the first user; the others check agreement only
            times = {"visible": [], "visible_array": [], "cedar_batch": [], "cedar_fetch": []}
            for _ in range(reps):
                ta = time.perf_counter()
                run_visible_array()
                t0 = time.perf_counter()
                times["visible_array"].append((t0 - ta) * 1000)
                run_visible()
                t1 = time.perf_counter()
                fetch()
                t2 = time.perf_counter()
                run_cedar()
                t3 = time.perf_counter()
                times["visible"].append((t1 - t0) * 1000)
                times["cedar_fetch"].append((t2 - t1) * 1000)
                times["cedar_batch"].append((t3 - t2) * 1000)
            times["cedar_fetch_and_batch"] = [a + b for a, b in
                                              zip(times["cedar_fetch"], times["cedar_batch"],
                                                  strict=True)]
            item["timing"] = {k: summary3(v) for k, v in times.items()}
            p50 = {k: statistics.median(v) for k, v in times.items()}
            item["speedup_p50_vs_cedar_batch"] = round(p50["cedar_batch"] / p50["visible"], 1)
            item["speedup_p50_array_vs_cedar_batch"] = round(
                p50["cedar_batch"] / p50["visible_array"], 1)
            item["speedup_p50_vs_cedar_fetch_and_batch"] = round(
                p50["cedar_fetch_and_batch"] / p50["visible"], 1)
        results.append(item)
    return results


def cedar_users():
    """A professional of each organisation kind with the most active team assignments,
    and a team manager: the first one is timed, all are checked for agreement."""
    chosen = []
    for kind in ("wijkteam", "rvt", "veilig_thuis", "gi", "ggz", "rvdk", "politie"):
        row = (TeamAssignment.objects.filter(rel.active_on(), organisation__kind=kind,
                                             user__memberships__role="professional")
               .values("user_id").annotate(n=Count("id"))
               .order_by("-n").first())
        if row:
            chosen.append(User.objects.get(pk=row["user_id"]))
    manager = User.objects.filter(memberships__role="teammanager").order_by("username").first()
    if manager:
        chosen.append(manager)
    return chosen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--terms", type=int, default=40)
    parser.add_argument("--cedar-reps", type=int, default=7)
    parser.add_argument("--only", choices=("timeline", "search", "decide", "cedar"))
    parser.add_argument("--write-cedar", action="store_true",
                        help="regenerate benchmarks/cedar/sharing_agreements.cedar")
    args = parser.parse_args()
    if args.write_cedar:
        (CEDAR_DIR / "sharing_agreements.cedar").write_text(cedar_sharing_policies())
        return
    if connection.vendor != "postgresql":
        sys.exit("Run this benchmark on PostgreSQL (DATABASE_URL=.../nd_bench).")
    result = {}
    if args.only in (None, "timeline"):
        result["timeline"] = bench_timeline(args.reps)
    if args.only in (None, "search"):
        result["search"] = bench_search(args.reps, args.terms)
    if args.only in (None, "decide"):
        result["decide"] = bench_decide()
    if args.only in (None, "cedar"):
        result["cedar"] = bench_cedar(args.cedar_reps, cedar_users())
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
