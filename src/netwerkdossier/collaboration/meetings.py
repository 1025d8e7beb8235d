"""The record of a case-table (MDA++) meeting: agenda, who was present, decisions and
follow-up actions. The agreed minimal shared picture is the session's own items.

The caller has checked write access (fetch_session_work with UPDATE: the household's
team). Each function validates first, then writes and logs in one transaction; a
ValidationError carries Dutch messages per field and means nothing was saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import CONTENT_ROLES, record
from netwerkdossier.access.context import active_memberships
from netwerkdossier.access.models import CaseTableParticipant
from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.cases.team import current_q
from netwerkdossier.dossier.models import Confidentiality, EntryKind
from netwerkdossier.dossier.services import add_entry

from .models import AgendaItem, Attendance, FollowUpAction, Meeting, MeetingDecision
from .services import household_subjects, person_name

TEXT_MAX = 2000
AGENDA_MAX = 300


def meeting_of(session) -> Meeting | None:
    return Meeting.objects.filter(session=session).first()


def _ensure_meeting(ctx, session) -> Meeting:
    meeting, _created = Meeting.objects.get_or_create(session=session,
                                                      defaults={"created_by": ctx.user})
    return meeting


def people(session, today=None) -> list[User]:
    """Who can be present or own an action: the session's participants and chair, and
    the current team of the household's open cases."""
    today = today or timezone.localdate()
    seats = CaseTableParticipant.objects.filter(session=session).values("user_id")
    team = TeamAssignment.objects.filter(current_q(today),
                                         case__household_id=session.household_id,
                                         case__closed_on__isnull=True).values("user_id")
    users = User.objects.filter(Q(pk__in=seats) | Q(pk__in=team) | Q(pk=session.chair_id))
    return sorted(users, key=lambda u: (u.last_name, u.first_name, u.username))


def _organisation_of(user):
    memberships = [m for m in active_memberships(user) if m.role in CONTENT_ROLES]
    return memberships[0].organisation if memberships else None


def _clean_text(errors: dict, field: str, text, empty_message: str, limit=TEXT_MAX) -> str:
    text = (text or "").strip()
    if not text:
        errors[field] = [empty_message]
    elif len(text) > limit:
        errors[field] = [_("De tekst is te lang (hoogstens %(n)s tekens).") % {"n": limit}]
    return text


def _log(ctx, written, action, rule):
    """One record of what was written; its kind names the session's household."""
    record(ctx, "meeting.update", [written], rule=rule, action=action)


def add_agenda_item(ctx, session, *, text, rule="") -> AgendaItem:
    errors: dict = {}
    text = _clean_text(errors, "text", text, _("Schrijf het agendapunt op."), AGENDA_MAX)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _ensure_meeting(ctx, session)
        last = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, text=text)
        _log(ctx, item, "create", rule)
    return item


def _user_by_username(errors: dict, field: str, username, allowed_ids) -> User | None:
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, kind=User.Kind.PROFESSIONAL,
                               is_active=True).first()
    if user is None:
        errors[field] = [_("Geen professional met deze gebruikersnaam: %(name)s.")
                         % {"name": username}]
    elif not any(m.role in CONTENT_ROLES for m in active_memberships(user)):
        errors[field] = [_("%(name)s heeft geen rol waarmee hij of zij dossiers mag inzien.")
                         % {"name": person_name(user)}]
    elif user.pk not in allowed_ids:
        errors[field] = [_("%(name)s neemt niet deel aan deze casustafel en zit niet in het "
                           "team. Kies een deelnemer of een teamlid.")
                         % {"name": person_name(user)}]
    else:
        return user
    return None


def set_attendance(ctx, session, *, usernames, rule="") -> list[Attendance]:
    """Record who was present (replaces the earlier list of this meeting)."""
    errors: dict = {}
    allowed = {u.pk for u in people(session)}
    usernames = list(dict.fromkeys(u.strip() for u in usernames or [] if u and u.strip()))
    present = []
    for name in usernames:
        user = _user_by_username(errors, "present", name, allowed)
        if "present" in errors:
            break
        present.append(user)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _ensure_meeting(ctx, session)
        meeting.present.all().delete()
        rows = Attendance.objects.bulk_create([
            Attendance(meeting=meeting, user=u, organisation=_organisation_of(u))
            for u in present])
        _log(ctx, meeting, "update", rule)  # its list of who was present
    return rows


def add_decision(ctx, session, *, text, rule="", now=None) -> MeetingDecision:
    """A besluit; the household's timeline gets an entry that one was taken."""
    now = now or timezone.now()
    errors: dict = {}
    text = _clean_text(errors, "text", text, _("Schrijf het besluit op."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _ensure_meeting(ctx, session)
        decision = MeetingDecision.objects.create(meeting=meeting, text=text,
                                                  recorded_by=ctx.user, recorded_at=now)
        # The timeline says that a decision was taken, not what it is: the decision
        # is read in the meeting record, under the table's own rule (seat kinds, no
        # emergency access to health or criminal data; access/case_table_meetings.py).
        # A copy of its words, or of the table's title, would reach every reader of
        # network entries.
        add_entry(ctx, session.household, kind=EntryKind.DECISION,
                  text=_("Aan een casustafel van %(day)s is een besluit genomen. Het "
                         "besluit staat in het verslag van de casustafel.") % {
                      "day": timezone.localtime(session.starts_at).strftime("%d-%m-%Y")},
                  occurred_at=min(now, timezone.now()),
                  subjects=household_subjects(session.household_id),
                  confidentiality=Confidentiality.NETWERK,
                  legal_basis="samenwerkingsverband")
        _log(ctx, decision, "create", rule)
    return decision


def add_action(ctx, session, *, description, owner, due_on, rule="") -> FollowUpAction:
    """A follow-up action; owner (a username) and due date are required."""
    errors: dict = {}
    description = _clean_text(errors, "description", description,
                              _("Beschrijf wat er moet gebeuren."))
    allowed = {u.pk for u in people(session)}
    owner_user = _user_by_username(errors, "owner", owner, allowed)
    if not (owner or "").strip():
        errors["owner"] = [_("Kies wie deze actie uitvoert. Een actie zonder eigenaar wordt "
                             "niet opgeslagen.")]
    if due_on is None:
        errors["due_on"] = [_("Vul in wanneer de actie klaar moet zijn. Een actie zonder "
                              "datum wordt niet opgeslagen.")]
    elif due_on < timezone.localtime(session.starts_at).date():
        errors["due_on"] = [_("De uiterste datum kan niet vóór de casustafel liggen.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _ensure_meeting(ctx, session)
        action = FollowUpAction.objects.create(meeting=meeting, description=description,
                                               owner=owner_user, due_on=due_on,
                                               recorded_by=ctx.user)
        _log(ctx, action, "create", rule)
    return action


def set_action_status(ctx, action: FollowUpAction, *, status, rule="") -> FollowUpAction:
    if status not in FollowUpAction.Status.values:
        raise ValidationError({"status": [_("Kies een status: open, gedaan of vervallen.")]})
    with transaction.atomic():
        FollowUpAction.objects.filter(pk=action.pk).update(status=status,
                                                           status_changed_at=timezone.now())
        action.refresh_from_db()
        _log(ctx, action, "update", rule)
    return action
