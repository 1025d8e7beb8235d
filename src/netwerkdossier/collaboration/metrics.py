"""Counts the programme wants to go down: handovers, professionals and organisations on
a family, and organisations that come onto a family for the first time.

Numbers only, no personal data, computed with SQL aggregates (one grouped query per
count, never a loop over cases), so monitoring can use them over a whole region. The
caller decides which cases are in scope (e.g. `visible(ctx, READ, Case.objects...)` for a
professional, or a region's cases for a management report) and logs what it shows.

Definitions (see docs/decisions/0015-working-together-team-changes.md):
- handover: a TeamChange of kind "overdracht";
- professionals / organisations: distinct users / organisations that have ever had an
  assignment on the case's team (any role, ended or not);
- new organisation on the family: an organisation's first assignment on any team of the
  household, over all its cases (ties on the same day go to the lowest assignment id).
  The organisation that starts the first case counts as well.
"""

from datetime import date
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q

from netwerkdossier.cases.models import TeamAssignment

from .models import TeamChange


def first_arrivals():
    """Team assignments that bring their organisation onto the household for the first
    time (across all cases of that household)."""
    earlier = TeamAssignment.objects.filter(
        case__household_id=OuterRef("case__household_id"),
        organisation_id=OuterRef("organisation_id"),
    ).filter(Q(valid_from__lt=OuterRef("valid_from"))
             | Q(valid_from=OuterRef("valid_from"), pk__lt=OuterRef("pk")))
    return TeamAssignment.objects.filter(~Exists(earlier))


def case_counts(case_ids) -> dict:
    """{case_id: {"handovers", "professionals", "organisations", "new_organisations"}}."""
    case_ids = [pk if isinstance(pk, UUID) else UUID(str(pk)) for pk in case_ids]
    counts = {pk: {"handovers": 0, "professionals": 0, "organisations": 0,
                   "new_organisations": 0} for pk in case_ids}
    for row in (TeamChange.objects.filter(case_id__in=case_ids, kind=TeamChange.Kind.HANDOVER)
                .values("case_id").annotate(n=Count("id")).order_by()):
        counts[row["case_id"]]["handovers"] = row["n"]
    for row in (TeamAssignment.objects.filter(case_id__in=case_ids).values("case_id")
                .annotate(p=Count("user_id", distinct=True),
                          o=Count("organisation_id", distinct=True)).order_by()):
        counts[row["case_id"]]["professionals"] = row["p"]
        counts[row["case_id"]]["organisations"] = row["o"]
    for row in (first_arrivals().filter(case_id__in=case_ids).values("case_id")
                .annotate(n=Count("organisation_id", distinct=True)).order_by()):
        counts[row["case_id"]]["new_organisations"] = row["n"]
    return counts


def household_new_organisations(household_id) -> int:
    """How many organisations have come onto this household over all its cases."""
    return first_arrivals().filter(case__household_id=household_id).count()


def totals(cases, start: date | None = None, end: date | None = None) -> dict:
    """Aggregates over a Case queryset (e.g. one region's cases), optionally limited to
    events in [start, end]: {"cases", "handovers", "new_organisations",
    "professionals_per_case", "organisations_per_case"} (averages over cases with a team).
    """
    handovers = TeamChange.objects.filter(case__in=cases, kind=TeamChange.Kind.HANDOVER)
    arrivals = first_arrivals().filter(case__in=cases)
    if start is not None:
        handovers = handovers.filter(effective_on__gte=start)
        arrivals = arrivals.filter(valid_from__gte=start)
    if end is not None:
        handovers = handovers.filter(effective_on__lte=end)
        arrivals = arrivals.filter(valid_from__lte=end)
    assignments = TeamAssignment.objects.filter(case__in=cases)
    with_team = assignments.values("case_id").distinct().count()
    professional_pairs = assignments.values("case_id", "user_id").distinct().count()
    organisation_pairs = assignments.values("case_id", "organisation_id").distinct().count()
    return {
        "cases": cases.count(),
        "handovers": handovers.count(),
        "new_organisations": arrivals.count(),
        "professionals_per_case": round(professional_pairs / with_team, 2) if with_team else 0,
        "organisations_per_case": round(organisation_pairs / with_team, 2) if with_team else 0,
    }
