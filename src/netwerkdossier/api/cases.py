"""/cases: the cases (trajecten) you work on, or the visible cases of one household."""

from uuid import UUID

from ninja import Query, Router

from netwerkdossier.access.api import READ, active_on, fetch, log_access, visible
from netwerkdossier.cases.models import TeamAssignment

from . import serializers
from .auth import access_context
from .pagination import paginate
from .queries import cases_with_team, current_member_ids
from .schemas import CaseFilters, CaseOut, CasePage, Problem

router = Router()


@router.get("", response={200: CasePage, 401: Problem, 422: Problem},
            url_name="case_list", summary="Uw trajecten, of de trajecten van een huishouden")
def list_cases(request, filters: Query[CaseFilters]):
    ctx = access_context(request)
    qs = visible(ctx, READ, cases_with_team())
    if filters.household is not None:
        qs = qs.filter(household_id=filters.household)
    else:
        mine = TeamAssignment.objects.filter(active_on(), user_id=ctx.user.pk).values("case_id")
        qs = qs.filter(pk__in=mine)
    if filters.open is not None:
        qs = qs.filter(closed_on__isnull=filters.open)
    items, page = paginate(request, qs.order_by("next_deadline", "opened_on", "id"), filters)
    if items:
        log_access(ctx, "api.case.list", "R", object_type="case", objects=items,
                   subjects=current_member_ids({c.household_id for c in items}),
                   rule="visible")
    return {**page, "results": [serializers.case(c, c.current_team) for c in items]}


@router.get("/{uuid:case_id}", response={200: CaseOut, 401: Problem, 404: Problem},
            url_name="case_detail", summary="Eén traject met zijn team")
def get_case(request, case_id: UUID):
    ctx = access_context(request)
    case, decision = fetch(ctx, cases_with_team().select_related("household"), case_id,
                           action=READ, event_code="api.case.read", object_type="case")
    log_access(ctx, "api.case.read", "R", object_type="case", objects=[case],
               subjects=current_member_ids([case.household_id]), rule=decision.rule)
    return serializers.case(case, case.current_team)
