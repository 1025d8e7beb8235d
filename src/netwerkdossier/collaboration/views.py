"""Web pages: a case's team (with its history and counts) and the record of a case-table
(MDA++) meeting."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    context_for_request,
    decide_session_work,
    fetch_session_work,
    visible_session_work,
)
from netwerkdossier.access.models import CaseTableSession
from netwerkdossier.web.errormap import apply_errors, error_summary

from . import meetings, services, staff
from .forms import (
    ActionForm,
    AgendaForm,
    AssignForm,
    AttendanceForm,
    DecisionForm,
    LeaveForm,
    RvtForm,
    StatusForm,
)
from .models import FollowUpAction, TeamChange
from .read import (
    fetch_case_team,
    meeting_parts,
    minimal_picture,
    record_meeting,
    record_team,
    team_overview,
)


def _team_forms(data, posted, team):
    def bound(name):
        return data if posted == name else None

    return {
        "toewijzing": AssignForm(bound("toewijzing"), prefix="toewijzing"),
        "rvt": RvtForm(bound("rvt"), prefix="rvt"),
        "overdracht": LeaveForm(bound("overdracht"), prefix="overdracht", team=team),
        "beeindiging": LeaveForm(bound("beeindiging"), prefix="beeindiging", team=team,
                                 handover=False),
    }


def _apply_team_change(ctx, case, posted, form, decision):
    data = form.cleaned_data
    kind = {"toewijzing": TeamChange.Kind.ASSIGN, "overdracht": TeamChange.Kind.HANDOVER,
            "beeindiging": TeamChange.Kind.END}.get(posted) or data.get("kind") or ""
    if posted == "rvt" and not kind:
        raise ValidationError({"kind": [_("Kies consultatie of gezamenlijk werken.")]})
    place = None
    if "professional_zoek" in form.fields:
        try:
            place = staff.choose(data["professional_zoek"], data["professional"],
                                 form.picker_kind)
        except ValidationError as exc:
            form.matches = getattr(exc, "matches", [])
            raise
    return services.change_team(ctx, case, kind=kind, role=data.get("role", ""),
                                place=place, assignment_id=data.get("assignment") or None,
                                reason=data.get("reason", ""), rule=decision.rule)


@require_http_methods(["GET", "POST"])
@login_required
def team_page(request, pk):
    ctx = context_for_request(request)
    posting = request.method == "POST"
    case, decision = fetch_case_team(ctx, pk, action=UPDATE if posting else READ,
                                     event_code="team.change" if posting else "team.read")
    today = timezone.localdate()
    may_change = services.may_change_team(ctx, case, today)
    posted = request.POST.get("actie") if posting else None
    overview = team_overview(case, today)
    forms = _team_forms(request.POST, posted, overview["team"])
    refusal, status = "", 200
    if posting:
        form = forms.get(posted)
        if not may_change:
            refusal, status = _("Alleen de casusregisseur van dit traject of een teammanager "
                                "van de regievoerende organisatie kan het team wijzigen."), 403
        elif form is not None and form.is_valid():
            try:
                _apply_team_change(ctx, case, posted, form, decision)
            except ValidationError as exc:
                apply_errors(form, exc, aliases={"username": "professional_zoek"})
                status = 200
            else:
                return redirect("collaboration:team", pk=case.pk)
    record_team(ctx, "team.read", case, overview, decision)
    return render(request, "collaboration/team.html", {
        "case": case, "household": case.household, "decision": decision, **overview,
        "forms": forms, "may_change": may_change, "refusal": refusal, "posted": posted,
        "errors": error_summary(forms[posted]) if posted in forms else [],
    }, status=status)


def _people_choices(session):
    return [(u.username, f"{u.get_full_name() or u.username}") for u in
            meetings.people(session)]


def _meeting_forms(data, posted, people):
    def bound(name):
        return data if posted == name else None

    return {
        "agenda": AgendaForm(bound("agenda"), prefix="agenda"),
        "aanwezig": AttendanceForm(bound("aanwezig"), prefix="aanwezig", people=people),
        "besluit": DecisionForm(bound("besluit"), prefix="besluit"),
        "actie": ActionForm(bound("actie"), prefix="actie", people=people),
        "status": StatusForm(bound("status"), prefix="status"),
    }


def _save_meeting_part(ctx, session, posted, form, rule):
    data = form.cleaned_data
    if posted == "agenda":
        meetings.add_agenda_item(ctx, session, text=data["text"], rule=rule)
    elif posted == "aanwezig":
        meetings.set_attendance(ctx, session, usernames=data["present"], rule=rule)
    elif posted == "besluit":
        meetings.add_decision(ctx, session, text=data["text"], rule=rule)
    elif posted == "actie":
        meetings.add_action(ctx, session, description=data["description"],
                            owner=data["owner"], due_on=data["due_on"], rule=rule)
    elif posted == "status":
        action = visible_session_work(ctx, UPDATE, FollowUpAction.objects.filter(
            pk=data["action"], meeting__session=session)).first()
        if action is None:
            raise ValidationError({"status": [_("Deze actie hoort niet bij dit verslag.")]})
        meetings.set_action_status(ctx, action, status=data["status"], rule=rule)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_page(request, pk):
    ctx = context_for_request(request)
    posting = request.method == "POST"
    try:
        session, decision = fetch_session_work(
            ctx, CaseTableSession.objects.select_related("household", "chair"), pk,
            action=UPDATE if posting else READ,
            event_code="meeting.update" if posting else "meeting.read",
            object_type="case_table")
    except AccessRefused as exc:
        exc.action = "C" if posting else "R"  # posts add to the record
        raise
    may_edit = posting or decide_session_work(ctx, UPDATE, session).allowed
    people = _people_choices(session)
    posted = request.POST.get("onderdeel") if posting else None
    forms = _meeting_forms(request.POST, posted, people)
    if posting and posted in forms:
        form = forms[posted]
        if form.is_valid():
            try:
                _save_meeting_part(ctx, session, posted, form, decision.rule)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("collaboration:meeting", pk=session.pk)
    parts = meeting_parts(session)
    picture, hidden = minimal_picture(ctx, session)
    if parts["meeting"] is not None and not (posting and posted in forms):
        forms["aanwezig"] = AttendanceForm(
            initial={"present": [a.user.username for a in parts["present"]]},
            prefix="aanwezig", people=people)
    record_meeting(ctx, "meeting.read", "entry.list", session, parts, picture, decision)
    now = timezone.now()
    state = "running" if session.starts_at <= now < session.ends_at else (
        "planned" if now < session.starts_at else "ended")
    return render(request, "collaboration/meeting.html", {
        "session": session, "household": session.household, "decision": decision,
        "state": state, **parts, "picture": picture, "hidden": hidden, "forms": forms,
        "may_edit": may_edit, "posted": posted, "today": timezone.localdate(),
        "status_choices": FollowUpAction.Status.choices,
        "errors": error_summary(forms[posted]) if posted in forms else [],
    })
