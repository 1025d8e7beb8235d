"""API routes of the safety app, mounted under /api/v1/ by netwerkdossier.api.router.

Access is decided first (an outsider gets a logged 404), then the team role for a
decision (403 with a Dutch reason), then the input (422 problem+json, nothing saved).
"""

import json
from datetime import date, datetime
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from netwerkdossier.access.api import READ, UPDATE, fetch, record, together, visible
from netwerkdossier.api.auth import access_context
from netwerkdossier.api.schemas import Day, Problem
from netwerkdossier.cases import lifecycle, proposals
from netwerkdossier.cases.models import Case, FollowUpCheck, PhaseProposal, PhaseTransition

from . import services
from .plan_parts import readable_parts
from .plan_views import plan_access
from .views import reads_decisions

router = Router()


class TransitionOut(Schema):
    id: UUID
    from_phase: str
    to_phase: str
    decided_at: datetime
    decided_by: str
    decided_role: str
    rationale: str
    family_agrees: str


class ProposalOut(Schema):
    """A phase decision that waits for the second pair of eyes (rules/phases.toml)."""

    id: UUID
    from_phase: str
    to_phase: str
    status: str
    proposed_at: datetime
    proposed_by: str
    rationale: str
    family_agrees: str


class ProposalAnswerIn(Schema):
    answer: str = Field(max_length=20, description="bevestigen of afwijzen")
    note: str = Field("", max_length=2000,
                      description="verplicht bij afwijzen: waarom niet bevestigd")


class OptionOut(Schema):
    to_phase: str
    label: str
    roles: list[str]
    allowed_now: bool
    missing: list[str]


class FollowUpOut(Schema):
    id: UUID
    months: int
    due_on: date
    done_on: date | None
    still_safe: bool | None


class LifecycleOut(Schema):
    case: UUID
    phase: str
    phase_label: str
    phase_since: date | None
    reported_on: date | None
    urgency: str
    triage_due: date | None
    triage_on: date | None
    triage_outcome: str | None
    route: str | None
    closed_on: date | None
    next_deadline: date | None
    next_deadline_label: str
    next: list[OptionOut]
    history: list[TransitionOut]
    follow_ups: list[FollowUpOut]


class TransitionIn(Schema):
    to_phase: str = Field(max_length=30)
    rationale: str = Field(max_length=5000)
    # The family's view carries legal weight: required, never a default.
    family_agrees: str = Field(max_length=20, description="ja, nee of niet_gevraagd")


class DangerOut(Schema):
    id: UUID
    worried_by: str
    statement: str
    safety_goal: str
    family_view: str
    # The statement and goal in words for the family (the portal shows only these);
    # empty until a professional writes them (docs/decisions/0042).
    family_statement: str = ""
    family_goal: str = ""


class AgreementOut(Schema):
    id: UUID
    member: UUID
    action: str
    owner: str
    due_on: date
    status: str
    replaces: UUID | None


class AgreementIn(Schema):
    member: UUID
    action: str = Field(max_length=2000)
    owner: str = Field("", max_length=200)
    due_on: Day | None = None
    replaces: UUID | None = None


class NetworkOut(Schema):
    name: str
    role: str
    contact: str


class ScalingOut(Schema):
    id: UUID
    scored_on: date
    score: int
    person: UUID | None
    professional: str | None


class ScoreIn(Schema):
    person: UUID
    score: int


class ScalingIn(Schema):
    scored_on: Day
    scores: list[ScoreIn] = []
    own_score: int | None = None


class PlanOut(Schema):
    id: UUID | None
    case: UUID
    version: int
    next_check_on: date | None
    last_checked_on: date | None
    dangers: list[DangerOut]
    agreements: list[AgreementOut]
    network: list[NetworkOut]
    scalings: list[ScalingOut]


def _inline_refs(schema: dict) -> dict:
    """A pydantic JSON schema with its $defs inlined, for openapi_extra."""
    defs = schema.pop("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def body_doc(schema) -> dict:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline_refs(schema.model_json_schema())}}}}


def parse_body(request, schema):
    """Read the JSON body only after access was decided: an outsider gets the 404 for
    any body, a team member gets 400/422 problems for bad input."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise HttpError(400, "Cannot parse request body") from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        raise NinjaValidationError(errors) from None


def _case(request, case_id, action, event):
    ctx = access_context(request)
    case, decision = fetch(ctx, Case.objects.select_related("household"), case_id,
                           action=action, event_code=event, object_type="case")
    return ctx, case, decision


def _transition(t: PhaseTransition) -> dict:
    return {"id": t.id, "from_phase": t.from_phase, "to_phase": t.to_phase,
            "decided_at": t.decided_at,
            "decided_by": t.decided_by.get_full_name() or t.decided_by.username,
            "decided_role": t.decided_role, "rationale": t.rationale,
            "family_agrees": t.family_agrees}


def _proposal(p: PhaseProposal) -> dict:
    return {"id": p.id, "from_phase": p.from_phase, "to_phase": p.to_phase,
            "status": p.status, "proposed_at": p.proposed_at,
            "proposed_by": p.proposed_by.get_full_name() or p.proposed_by.username,
            "rationale": p.rationale, "family_agrees": p.family_agrees}


def _lifecycle(ctx, case, decision) -> dict:
    options = lifecycle.options(case, ctx=ctx) if case.closed_on is None else []
    history = list(visible(ctx, READ, PhaseTransition.objects.filter(case=case),
                           household_id=case.household_id)
                   .select_related("case", "decided_by"))
    follow_ups = list(visible(ctx, READ, FollowUpCheck.objects.filter(case=case),
                              household_id=case.household_id).select_related("case"))
    decisions = reads_decisions(ctx, case)
    with together(ctx):
        record(ctx, "api.case.lifecycle", [case], decision=decision)
        record(ctx, "api.case.lifecycle", history)  # filtered by visible()
        record(ctx, "api.case.lifecycle", follow_ups)
    return {
        "case": case.pk, "phase": case.phase, "phase_label": lifecycle.phase_label(case.phase),
        "phase_since": case.phase_since, "reported_on": case.reported_on,
        "urgency": case.urgency, "triage_due": case.triage_due, "triage_on": case.triage_on,
        "triage_outcome": case.triage_outcome if decisions else None,
        "route": case.route if decisions else None,
        "closed_on": case.closed_on, "next_deadline": case.next_deadline,
        "next_deadline_label": case.next_deadline_label,
        "next": [{"to_phase": o.to, "label": o.label, "roles": o.rule["roles"],
                  "allowed_now": not o.missing, "missing": o.missing} for o in options],
        "history": [_transition(t) for t in history],
        "follow_ups": [{"id": f.id, "months": f.months, "due_on": f.due_on,
                        "done_on": f.done_on, "still_safe": f.still_safe} for f in follow_ups],
    }


@router.get("/cases/{uuid:case_id}/lifecycle",
            response={200: LifecycleOut, 401: Problem, 404: Problem},
            url_name="case_lifecycle", summary="Fase, termijnen, mogelijke fasebesluiten en "
                                               "de geschiedenis van een traject")
def get_lifecycle(request, case_id: UUID):
    ctx, case, decision = _case(request, case_id, READ, "api.case.lifecycle")
    return _lifecycle(ctx, case, decision)


@router.post("/cases/{uuid:case_id}/transitions",
             response={201: TransitionOut, 202: ProposalOut, 401: Problem, 403: Problem,
                       404: Problem, 422: Problem},
             url_name="case_transitions", summary="Een fasebesluit nemen",
             openapi_extra=body_doc(TransitionIn))
def post_transition(request, case_id: UUID):
    ctx, case, _decision = _case(request, case_id, UPDATE, "api.case.transition")
    payload = parse_body(request, TransitionIn)
    result = lifecycle.decide_transition(ctx, case, to_phase=payload.to_phase,
                                         rationale=payload.rationale,
                                         family_agrees=payload.family_agrees)
    if isinstance(result, PhaseProposal):  # four eyes: another member of the duo confirms
        return Status(202, _proposal(result))
    return Status(201, _transition(result))


@router.post("/cases/{uuid:case_id}/proposal",
             response={201: TransitionOut, 200: ProposalOut, 401: Problem, 403: Problem,
                       404: Problem, 422: Problem},
             url_name="case_proposal", summary="Een fasebesluit (vier ogen) bevestigen of "
                                               "niet", openapi_extra=body_doc(ProposalAnswerIn))
def post_proposal_answer(request, case_id: UUID):
    ctx, case, _decision = _case(request, case_id, UPDATE, "api.case.phase_proposal")
    payload = parse_body(request, ProposalAnswerIn)
    proposal = proposals.open_proposal(case)
    if proposal is None:
        raise HttpError(404, "Er ligt geen voorstel voor een fasebesluit.")
    if payload.answer == "bevestigen":
        return Status(201, _transition(proposals.confirm(ctx, proposal)))
    if payload.answer == "afwijzen":
        return Status(200, _proposal(proposals.reject(ctx, proposal, payload.note)))
    raise DjangoValidationError({"answer": ["Kies bevestigen of afwijzen."]})


def _plan_out(ctx, case) -> dict:
    plan, decision = plan_access(ctx, case, READ, "api.plan.read")
    record(ctx, "api.plan.read", [plan] if plan else [case], decision=decision)
    if plan is None:
        return {"id": None, "case": case.pk, "version": 0, "next_check_on": None,
                "last_checked_on": None, "dangers": [], "agreements": [], "network": [],
                "scalings": []}
    parts = readable_parts(ctx, plan)
    return {
        "id": plan.pk, "case": case.pk, "version": plan.version,
        "next_check_on": plan.next_check_on, "last_checked_on": plan.last_checked_on,
        "dangers": [{"id": d.id, "worried_by": d.worried_by, "statement": d.statement,
                     "safety_goal": d.safety_goal, "family_view": d.family_view,
                     "family_statement": d.family_statement, "family_goal": d.family_goal}
                    for d in parts["dangers"]],
        "agreements": [{"id": a.id, "member": a.member_id, "action": a.action,
                        "owner": a.owner, "due_on": a.due_on, "status": a.status,
                        "replaces": a.replaces_id} for a in parts["agreements"]],
        "network": [{"name": n.name, "role": n.role, "contact": n.contact}
                    for n in parts["network"]],
        "scalings": [{"id": s.id, "scored_on": s.scored_on, "score": s.score,
                      "person": s.scorer_person_id,
                      "professional": (s.scorer_user.get_full_name() or s.scorer_user.username)
                      if s.scorer_user_id else None}
                     for s in parts["scalings"]],
    }


@router.get("/cases/{uuid:case_id}/safety-plan",
            response={200: PlanOut, 401: Problem, 404: Problem},
            url_name="case_safety_plan", summary="Het veiligheidsplan van een traject")
def get_plan(request, case_id: UUID):
    ctx, case, _decision = _case(request, case_id, READ, "api.plan.read")
    return _plan_out(ctx, case)


@router.post("/cases/{uuid:case_id}/safety-plan/agreements",
             response={201: AgreementOut, 401: Problem, 404: Problem, 422: Problem},
             url_name="case_plan_agreements", summary="Een afspraak toevoegen",
             openapi_extra=body_doc(AgreementIn))
def post_agreement(request, case_id: UUID):
    ctx, case, _decision = _case(request, case_id, UPDATE, "api.plan.update")
    plan_access(ctx, case, UPDATE, "api.plan.update")
    payload = parse_body(request, AgreementIn)
    a = services.add_agreement(ctx, case, member_id=payload.member, action=payload.action,
                               owner=payload.owner, due_on=payload.due_on,
                               replaces_id=payload.replaces)
    return Status(201, {"id": a.id, "member": a.member_id, "action": a.action,
                        "owner": a.owner, "due_on": a.due_on, "status": a.status,
                        "replaces": a.replaces_id})


@router.post("/cases/{uuid:case_id}/safety-plan/scalings",
             response={201: list[ScalingOut], 401: Problem, 404: Problem, 422: Problem},
             url_name="case_plan_scalings", summary="Schaalvragen (0-10) vastleggen",
             openapi_extra=body_doc(ScalingIn))
def post_scalings(request, case_id: UUID):
    ctx, case, _decision = _case(request, case_id, UPDATE, "api.plan.update")
    plan_access(ctx, case, UPDATE, "api.plan.update")
    payload = parse_body(request, ScalingIn)
    rows = services.add_scalings(ctx, case, scored_on=payload.scored_on,
                                 person_scores={s.person: s.score for s in payload.scores},
                                 own_score=payload.own_score)
    return Status(201, [{"id": s.id, "scored_on": s.scored_on, "score": s.score,
                         "person": s.scorer_person_id,
                         "professional": (ctx.user.get_full_name() or ctx.user.username)
                         if s.scorer_user_id else None} for s in rows])
