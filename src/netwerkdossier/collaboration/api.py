"""API routes of the collaboration app, mounted under /api/v1/ by netwerkdossier.api.router.

- GET  /cases/{case_id}/team                      team, changes and counts
- POST /cases/{case_id}/team-changes              assign, involve the RVT, hand over, end
- GET  /case-tables/{session_id}/meeting          the meeting record
- POST /case-tables/{session_id}/meeting/{part}   agenda-items, attendance, decisions, actions
- POST /follow-up-actions/{action_id}/status      open, gedaan, vervallen

POST bodies are read after the access decision, so an outsider always gets the logged
404 and never learns from a validation error that the id exists.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from netwerkdossier.access.api import READ, UPDATE, fetch_session_work
from netwerkdossier.access.models import CaseTableSession
from netwerkdossier.api.auth import access_context
from netwerkdossier.api.bodies import body_doc, parse_body
from netwerkdossier.api.schemas import Day, Problem

from . import meetings, services
from .models import FollowUpAction
from .read import (
    fetch_case_team,
    meeting_parts,
    minimal_picture,
    record_meeting,
    record_team,
    team_overview,
)

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class Ref(Schema):
    username: str
    name: str
    organisation: str | None = None


class AssignmentOut(Schema):
    id: int
    professional: Ref
    role: str
    valid_from: date


class TeamChangeOut(Schema):
    id: UUID
    kind: str
    role: str
    from_professional: Ref | None
    to_professional: Ref | None
    reason: str
    decided_by: str
    decided_at: datetime
    effective_on: date


class Counts(Schema):
    handovers: int
    professionals: int
    organisations: int
    new_organisations: int
    household_new_organisations: int


class TeamOut(Schema):
    case: UUID
    team: list[AssignmentOut]
    changes: list[TeamChangeOut]
    counts: Counts


class TeamChangeIn(_In):
    kind: Literal["toewijzing", "rvt_consultatie", "rvt_gezamenlijk", "overdracht",
                  "beeindiging"]
    role: str = ""
    username: str = ""
    assignment: int | None = None
    reason: str = ""


class AgendaItemIn(_In):
    text: str


class DecisionIn(_In):
    text: str


class AttendanceIn(_In):
    present: list[str]


class ActionIn(_In):
    description: str
    owner: str | None = None
    due_on: Day | None = None


class StatusIn(_In):
    status: Literal["open", "gedaan", "vervallen"]


class ActionOut(Schema):
    id: UUID
    description: str
    owner: Ref
    due_on: date
    status: str
    overdue: bool


class DecisionOut(Schema):
    id: UUID
    text: str
    recorded_by: str
    recorded_at: datetime


class PictureEntry(Schema):
    id: UUID
    kind: str
    occurred_at: datetime
    organisation: str
    text: str


class MeetingOut(Schema):
    session: UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    agenda: list[str]
    present: list[Ref]
    minimal_picture: list[PictureEntry]
    minimal_picture_not_shared: int
    decisions: list[DecisionOut]
    actions: list[ActionOut]


def _ref(user, organisation=None) -> dict | None:
    if user is None:
        return None
    return {"username": user.username, "name": user.get_full_name() or user.username,
            "organisation": organisation.name if organisation is not None else None}


def _team_out(case, overview) -> dict:
    return {
        "case": case.pk,
        "team": [{"id": a.pk, "professional": _ref(a.user, a.organisation), "role": a.role,
                  "valid_from": a.valid_from} for a in overview["team"]],
        "changes": [_change_out(c) for c in overview["changes"]],
        "counts": overview["counts"],
    }


def _change_out(c) -> dict:
    return {"id": c.pk, "kind": c.kind, "role": c.role,
            "from_professional": _ref(c.from_user, c.from_organisation),
            "to_professional": _ref(c.to_user, c.to_organisation), "reason": c.reason,
            "decided_by": c.decided_by.username, "decided_at": c.decided_at,
            "effective_on": c.effective_on}


@router.get("/cases/{uuid:case_id}/team", response={200: TeamOut, **ERRORS},
            url_name="case_team", summary="Het team van een traject, met wijzigingen en tellingen")
def get_team(request, case_id: UUID):
    ctx = access_context(request)
    case, decision = fetch_case_team(ctx, case_id, action=READ, event_code="api.team.read")
    overview = team_overview(case, timezone.localdate())
    record_team(ctx, "api.team.read", case, overview, decision)
    return _team_out(case, overview)


@router.post("/cases/{uuid:case_id}/team-changes",
             response={201: TeamChangeOut, 400: Problem, 403: Problem, **ERRORS},
             url_name="case_team_change", summary="Het team wijzigen",
             openapi_extra=body_doc(TeamChangeIn))
def create_team_change(request, case_id: UUID, response: HttpResponse):
    ctx = access_context(request)
    case, decision = fetch_case_team(ctx, case_id, action=UPDATE, event_code="api.team.change")
    payload = parse_body(request, TeamChangeIn)
    services.check_may_change(ctx, case)  # PermissionDenied -> 403 problem
    change = services.change_team(ctx, case, kind=payload.kind, role=payload.role,
                                  username=payload.username, assignment_id=payload.assignment,
                                  reason=payload.reason, rule=decision.rule)
    change = type(change).objects.select_related(
        "from_user", "from_organisation", "to_user", "to_organisation", "decided_by").get(
        pk=change.pk)
    return Status(201, _change_out(change))


def _fetch_session(ctx, session_id, action, event_code):
    return fetch_session_work(ctx, CaseTableSession.objects.select_related("household"),
                              session_id, action=action, event_code=event_code,
                              object_type="case_table")


def _meeting_out(ctx, session, decision, event_code) -> dict:
    parts = meeting_parts(session)
    picture, hidden = minimal_picture(ctx, session)
    record_meeting(ctx, event_code, "api.entry.list", session, parts, picture, decision)
    today = timezone.localdate()
    return {
        "session": session.pk, "title": session.title, "starts_at": session.starts_at,
        "ends_at": session.ends_at, "agenda": [a.text for a in parts["agenda"]],
        "present": [_ref(a.user, a.organisation) for a in parts["present"]],
        "minimal_picture": [{"id": e.pk, "kind": e.kind, "occurred_at": e.occurred_at,
                             "organisation": e.owner_organisation.name, "text": e.text}
                            for e in picture],
        "minimal_picture_not_shared": hidden,
        "decisions": [{"id": d.pk, "text": d.text, "recorded_by": d.recorded_by.username,
                       "recorded_at": d.recorded_at} for d in parts["decisions"]],
        "actions": [{"id": a.pk, "description": a.description, "owner": _ref(a.owner),
                     "due_on": a.due_on, "status": a.status,
                     "overdue": a.status == "open" and a.due_on < today}
                    for a in parts["actions"]],
    }


@router.get("/case-tables/{uuid:session_id}/meeting", response={200: MeetingOut, **ERRORS},
            url_name="meeting_detail", summary="Het verslag van een casustafel (MDA++)")
def get_meeting(request, session_id: UUID):
    ctx = access_context(request)
    session, decision = _fetch_session(ctx, session_id, READ, "api.meeting.read")
    return _meeting_out(ctx, session, decision, "api.meeting.read")


PARTS = {
    "agenda-items": (AgendaItemIn, "Verslag casustafel: een agendapunt toevoegen"),
    "attendance": (AttendanceIn, "Verslag casustafel: de aanwezigen vastleggen"),
    "decisions": (DecisionIn, "Verslag casustafel: een besluit vastleggen"),
    "actions": (ActionIn, "Verslag casustafel: een actie toevoegen (eigenaar en datum "
                          "verplicht)"),
}


def _make_part_route(part, schema, summary):
    def add_part(request, session_id: UUID):
        ctx = access_context(request)
        session, decision = _fetch_session(ctx, session_id, UPDATE, "api.meeting.update")
        payload = parse_body(request, schema)
        if part == "agenda-items":
            meetings.add_agenda_item(ctx, session, text=payload.text, rule=decision.rule)
        elif part == "attendance":
            meetings.set_attendance(ctx, session, usernames=payload.present,
                                    rule=decision.rule)
        elif part == "decisions":
            meetings.add_decision(ctx, session, text=payload.text, rule=decision.rule)
        else:
            meetings.add_action(ctx, session, description=payload.description,
                                owner=payload.owner or "", due_on=payload.due_on,
                                rule=decision.rule)
        return Status(201, _meeting_out(ctx, session, decision, "api.meeting.read"))

    add_part.__name__ = f"add_meeting_{part.replace('-', '_')}"
    router.post(f"/case-tables/{{uuid:session_id}}/meeting/{part}",
                response={201: MeetingOut, 400: Problem, **ERRORS},
                url_name=f"meeting_{part.replace('-', '_')}",
                summary=summary,
                openapi_extra=body_doc(schema))(add_part)


for _part, (_schema, _summary) in PARTS.items():
    _make_part_route(_part, _schema, _summary)


@router.post("/follow-up-actions/{uuid:action_id}/status",
             response={200: ActionOut, 400: Problem, **ERRORS},
             url_name="follow_up_action_status", summary="De status van een actie wijzigen",
             openapi_extra=body_doc(StatusIn))
def set_action_status(request, action_id: UUID):
    ctx = access_context(request)
    action, decision = fetch_session_work(
        ctx, FollowUpAction.objects.select_related("meeting__session", "owner"), action_id,
        action=UPDATE, event_code="api.meeting.update", object_type="follow_up_action")
    payload = parse_body(request, StatusIn)
    action = meetings.set_action_status(ctx, action, status=payload.status,
                                        rule=decision.rule)
    return {"id": action.pk, "description": action.description, "owner": _ref(action.owner),
            "due_on": action.due_on, "status": action.status,
            "overdue": action.status == "open" and action.due_on < timezone.localdate()}

