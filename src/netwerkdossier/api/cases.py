"""/cases: the cases (trajecten) you work on, or the visible cases of one household."""

from uuid import UUID

from ninja import Query, Router

from netwerkdossier.access.api import READ, active_on, fetch, record, visible
from netwerkdossier.cases.models import TeamAssignment

from . import serializers
from .auth import access_context
from .pagination import paginate
from .queries import cases_with_team
from .schemas import CaseFilters, CaseOut, CasePage, Problem

router = Router()


@router.get("", response={200: CasePage, 401: Problem, 422: Problem},
            url_name="case_list", summary="Uw trajecten, of de trajecten van een huishouden")
def list_cases(request, filters: Query[CaseFilters]):
    ctx = access_context(request)
    cases = cases_with_team()
    if filters.household is not None:
        cases = cases.filter(household_id=filters.household)
    else:  # the caller's own current assignments, within what visible() lets through
        cases = cases.filter(pk__in=TeamAssignment.objects.filter(
            active_on(), user_id=ctx.user.pk).values("case_id"))
    qs = visible(ctx, READ, cases)
    if filters.open is not None:
        qs = qs.filter(closed_on__isnull=filters.open)
    items, page = paginate(request, qs.order_by("next_deadline", "opened_on", "id"), filters)
    record(ctx, "api.case.list", items)
    return {**page, "results": [serializers.case(c, c.current_team) for c in items]}


@router.get("/{uuid:case_id}", response={200: CaseOut, 401: Problem, 404: Problem},
            url_name="case_detail", summary="Eén traject met zijn team")
def get_case(request, case_id: UUID):
    ctx = access_context(request)
    case, _ = fetch(ctx, cases_with_team().select_related("household"), case_id,
                    action=READ, event_code="api.case.read", log=True)
    return serializers.case(case, case.current_team)
