"""Household-work access filter cost (issue 10): the analysis versions, the safety-plan
agreements and the plan versions of one household, listed through visible() and
without it, for a team member of the lead organisation and for a team member of another
organisation kind (the condition tree of access/work_rules.py as SQL).

The seeded region (docs/benchmarks.md "Seeding") has no household work, so this adds it
to 30 households with a ~300-entry timeline and an active team — 12 analysis versions,
a plan with 40 agreements and 15 plan versions each — inside a transaction that is
rolled back at the end. Run on the seeded PostgreSQL database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \\
        .venv/bin/python benchmarks/work_benchmark.py --reps 20

Prints a JSON report: medians and p95 of single executions of the compiled SQL,
alternating filtered and unfiltered, and their ratio.
"""

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path

import bench_env  # noqa: E402, F401 - demo mode, checkpoints per database

sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402
from common import compare, compiled, households_with_300_entries  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from netwerkdossier.access.api import READ, context_for, visible  # noqa: E402
from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.analysis.models import AnalysisVersion  # noqa: E402
from netwerkdossier.cases.models import Case, TeamAssignment  # noqa: E402
from netwerkdossier.organisations.models import Membership  # noqa: E402
from netwerkdossier.safety.models import Agreement, PlanVersion, SafetyPlan  # noqa: E402

VERSIONS, AGREEMENTS, PLAN_VERSIONS = 12, 40, 15


def add_work(household_id, author):
    case = (Case.objects.filter(household_id=household_id, closed_on__isnull=True)
            .order_by("opened_on").first())
    org = case.lead_organisation
    first = AnalysisVersion.objects.filter(household_id=household_id).count() + 1
    AnalysisVersion.objects.bulk_create(
        AnalysisVersion(household_id=household_id, case=case, number=n, created_by=author,
                        owner_organisation=org, health_data=n % 3 == 0,
                        content={"items": []}) for n in range(first, first + VERSIONS))
    # The worklist benchmark may have given the case a plan already.
    plan = SafetyPlan.objects.filter(case=case).first() or SafetyPlan.objects.create(
        case=case, household_id=household_id, updated_by=author, owner_organisation=org)
    member = case.household.members.first().person
    Agreement.objects.bulk_create(
        Agreement(plan=plan, member=member, action=f"Afspraak {n}", owner="gezin",
                  due_on=timezone.localdate() + timedelta(days=n), created_by=author)
        for n in range(AGREEMENTS))
    first = plan.versions.count() + 1
    PlanVersion.objects.bulk_create(
        PlanVersion(plan=plan, number=n, created_by=author, change="wijziging", snapshot={})
        for n in range(first, first + PLAN_VERSIONS))
    return case


def other_kind_member(case):
    """A team member of another organisation kind than the lead, or None."""
    row = (TeamAssignment.objects.filter(case__household_id=case.household_id,
                                         valid_to__isnull=True)
           .exclude(organisation__kind=case.lead_organisation.kind)
           .values_list("user_id", flat=True).first())
    return User.objects.get(pk=row) if row else None


def pairs_for(ctx, household_id):
    lists = (
        ("analysis_versions", AnalysisVersion.objects.filter(household_id=household_id)
         .order_by("-number")),
        ("plan_agreements", Agreement.objects.filter(plan__household_id=household_id)
         .order_by("due_on")),
        ("plan_versions", PlanVersion.objects.filter(plan__household_id=household_id)
         .order_by("-number")),
    )
    # As the pages list them: one household's work, relations decided once.
    return {name: (compiled(visible(ctx, READ, qs, household_id=household_id)), compiled(qs))
            for name, qs in lists}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    report: dict = {}
    with transaction.atomic():
        households = households_with_300_entries(30)
        by_reader: dict = {"lead_organisation": {}, "other_kind": {}}
        for household_id, _n, user_id in households:
            user = User.objects.get(pk=user_id)
            case = add_work(household_id, user)
            readers = {"other_kind": other_kind_member(case)}
            lead_member = (TeamAssignment.objects.filter(
                case=case, valid_to__isnull=True, organisation=case.lead_organisation)
                .values_list("user_id", flat=True).first())
            readers["lead_organisation"] = User.objects.get(pk=lead_member) \
                if lead_member else None
            for reader, who in readers.items():
                if who is None or not Membership.objects.filter(user=who).exists():
                    continue
                for name, pair in pairs_for(context_for(who), household_id).items():
                    by_reader[reader].setdefault(name, []).append(pair)
        for reader, lists in by_reader.items():
            report[reader] = {name: {"households": len(pairs), **compare(pairs, args.reps)}
                              for name, pairs in lists.items()}
        transaction.set_rollback(True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
