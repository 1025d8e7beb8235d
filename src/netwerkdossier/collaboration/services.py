"""Change a case's team: assign, involve the RVT, hand over, end. Every change is a
TeamChange, a timeline entry and an access-log record, in one transaction.

The caller has checked write access to the case's household (fetch with UPDATE); this
module checks the team role (only the casusregisseur, or a teammanager of the lead
organisation, changes the team) and validates everything before it writes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access import person_reach
from netwerkdossier.access.api import CONTENT_ROLES, active_on, record
from netwerkdossier.access.context import active_memberships
from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.cases.team import current_q
from netwerkdossier.dossier.models import Confidentiality, EntryKind
from netwerkdossier.dossier.services import add_entry
from netwerkdossier.households.models import HouseholdMember, Person
from netwerkdossier.monitoring import events as monitoring_events
from netwerkdossier.organisations.models import Membership

from . import team_rules
from .models import TeamChange

Kind = TeamChange.Kind
Role = TeamAssignment.Role
REASON_MAX = 2000


class TeamChangeRefused(PermissionDenied):
    """The actor is related to the household but may not change this team (Dutch message)."""


def may_change_team(ctx, case, today=None) -> bool:
    if ctx.membership is None or ctx.role not in CONTENT_ROLES:
        return False
    if ctx.role == Membership.Role.TEAMMANAGER and \
            ctx.organisation_id == case.lead_organisation_id:
        return True
    today = today or timezone.localdate()
    return TeamAssignment.objects.filter(current_q(today), case=case, user_id=ctx.user.pk,
                                         role=Role.CASUSREGISSEUR).exists()


def check_may_change(ctx, case, today=None) -> None:
    if not may_change_team(ctx, case, today):
        raise TeamChangeRefused(_("Alleen de casusregisseur van dit traject of een "
                                  "teammanager van de regievoerende organisatie kan het "
                                  "team wijzigen."))


def person_name(user) -> str:
    return user.get_full_name() or user.username


@dataclass
class Candidate:
    user: User
    organisation: object


def _candidate(errors: dict, username: str, *, field: str = "username",
               organisation_kind: str = "", place=None) -> Candidate | None:
    """The professional to add: a place chosen in the staff picker (a Membership; the
    web pages), or a login name (the API, for systems that know it)."""
    if place is not None:
        user, memberships = place.user, [m for m in _content_memberships(place.user)
                                         if m.pk == place.pk]
    else:
        username = (username or "").strip()
        if not username:
            errors[field] = [_("Kies de professional.")]
            return None
        user = User.objects.filter(username=username, kind=User.Kind.PROFESSIONAL,
                                   is_active=True).first()
        if user is None:
            errors[field] = [_("Geen professional met deze gebruikersnaam: %(name)s.")
                             % {"name": username}]
            return None
        memberships = _content_memberships(user)
    if not memberships:
        errors[field] = [_("%(name)s heeft geen rol waarmee hij of zij dossiers mag inzien, "
                           "en kan daarom niet in een team.") % {"name": person_name(user)}]
        return None
    if organisation_kind:
        memberships = [m for m in memberships if m.organisation.kind == organisation_kind]
        if not memberships:
            errors[field] = [_("%(name)s werkt niet bij het regionaal veiligheidsteam (RVT). "
                               "Kies een professional van het RVT.")
                             % {"name": person_name(user)}]
            return None
    return Candidate(user, memberships[0].organisation)


def _content_memberships(user) -> list:
    return [m for m in active_memberships(user) if m.role in CONTENT_ROLES]


def _current_team(case, today) -> list[TeamAssignment]:
    return list(TeamAssignment.objects.filter(current_q(today), case=case)
                .select_related("user", "organisation"))


def _check_role_free(errors: dict, team, role, user, field="role") -> None:
    if any(a.role == role and a.user_id == user.pk for a in team):
        errors[field] = [_("%(name)s heeft deze rol al in dit team.")
                         % {"name": person_name(user)}]
        return
    if role in team_rules.SINGLE_HOLDER:
        holder = next((a for a in team if a.role == role), None)
        if holder is not None:
            errors[field] = [_("Dit traject heeft al een %(role)s: %(name)s. Gebruik "
                               "overdracht om de rol aan iemand anders te geven.")
                             % {"role": Role(role).label.lower(),
                                "name": person_name(holder.user)}]
            return
    if role == Role.VAST_DUO and any(a.role == Role.VAST_GEZICHT and a.user_id == user.pk
                                     for a in team):
        errors[field] = [_("Het vaste duo bestaat uit twee verschillende mensen; "
                           "%(name)s is al het vaste gezicht.") % {"name": person_name(user)}]
    if role == Role.VAST_GEZICHT and any(a.role == Role.VAST_DUO and a.user_id == user.pk
                                         for a in team):
        errors[field] = [_("Het vaste duo bestaat uit twee verschillende mensen; "
                           "%(name)s is al de duopartner.") % {"name": person_name(user)}]


def _assignment(errors: dict, team, assignment_id) -> TeamAssignment | None:
    found = next((a for a in team if str(a.pk) == str(assignment_id or "")), None)
    if found is None:
        errors["assignment"] = [_("Kies wie het team verlaat (iemand die nu in het team "
                                  "zit).")]
    return found


def _clean_reason(errors: dict, reason, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        errors["reason"] = [_("Schrijf waarom het werk wordt overgedragen. Een overdracht "
                              "zonder reden wordt niet opgeslagen.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("De reden is te lang (hoogstens 2.000 tekens).")]
    return reason


def _timeline_text(kind, role, old, new) -> str:
    role_label = Role(role).label.lower()

    def who(c):
        return f"{person_name(c.user)} ({c.organisation.name})"

    if kind == Kind.ASSIGN:
        return _("%(who)s is aan het team toegevoegd als %(role)s.") % {
            "who": who(new), "role": role_label}
    if kind == Kind.RVT_CONSULTATIE:
        return _("Het regionaal veiligheidsteam is betrokken voor consultatie: %(who)s sluit "
                 "aan als consulent. Het lokale team blijft betrokken.") % {"who": who(new)}
    if kind == Kind.RVT_GEZAMENLIJK:
        return _("Het regionaal veiligheidsteam is betrokken voor gezamenlijk werken: "
                 "%(who)s vormt het vaste duo. Het lokale team blijft betrokken.") % {
            "who": who(new)}
    if kind == Kind.HANDOVER:
        text = _("Overdracht van de rol %(role)s: %(old)s draagt over aan %(new)s.") % {
            "role": role_label, "old": who(old), "new": who(new)}
        if role in team_rules.LEADS_CASE and old.organisation.pk != new.organisation.pk:
            text += " " + _("De regie gaat over naar %(org)s.") % {
                "org": new.organisation.name}
        return text
    return _("%(who)s is uit het team gegaan (rol: %(role)s).") % {
        "who": who(old), "role": role_label}


def household_subjects(household_id) -> list[Person]:
    members = HouseholdMember.objects.filter(household_id=household_id)
    current = list(Person.objects.filter(memberships__in=members.filter(active_on()))
                   .distinct())
    return current or list(Person.objects.filter(memberships__in=members).distinct())


def change_team(ctx, case: Case, *, kind: str, role: str = "", username: str = "",
                place=None, assignment_id=None, reason: str = "", rule: str = "",
                now=None) -> TeamChange:
    """Record one team change. The professional joining is `place` (a Membership from
    the staff picker) or `username`. Raises TeamChangeRefused (wrong team role) or
    ValidationError (a dict of Dutch messages); then nothing is saved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    check_may_change(ctx, case, today)
    errors: dict = {}
    team = _current_team(case, today)
    old = new = None
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Kies wat er in het team verandert.")]})
    if kind == Kind.ASSIGN:
        if role not in Role.values:
            errors["role"] = [_("Kies een rol in het team.")]
        new = _candidate(errors, username, place=place)
        if new and "role" not in errors:
            _check_role_free(errors, team, role, new.user)
        reason = _clean_reason(errors, reason, required=False)
    elif kind in team_rules.RVT_MODES:
        role = team_rules.RVT_MODES[kind]
        new = _candidate(errors, username, organisation_kind=team_rules.RVT_KIND,
                         place=place)
        if new:
            _check_role_free(errors, team, role, new.user, field="username")
        reason = _clean_reason(errors, reason, required=False)
    elif kind == Kind.HANDOVER:
        leaving = _assignment(errors, team, assignment_id)
        new = _candidate(errors, username, place=place)
        reason = _clean_reason(errors, reason, required=True)
        if leaving:
            role = leaving.role
            old = Candidate(leaving.user, leaving.organisation)
            if new and new.user.pk == leaving.user_id:
                errors["username"] = [_("Draag over aan iemand anders dan %(name)s.")
                                      % {"name": person_name(new.user)}]
            elif new:
                rest = [a for a in team if a.pk != leaving.pk]
                _check_role_free(errors, rest, role, new.user, field="username")
    else:  # Kind.END
        leaving = _assignment(errors, team, assignment_id)
        reason = _clean_reason(errors, reason, required=False)
        if leaving:
            role = leaving.role
            old = Candidate(leaving.user, leaving.organisation)
            if role in team_rules.ALWAYS_FILLED:
                errors["assignment"] = [_("Een traject heeft altijd een casusregisseur. "
                                          "Gebruik overdracht om de regie aan iemand anders "
                                          "te geven.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Serialise team changes of one case (PostgreSQL row lock; SQLite locks writes).
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if old is not None:
            ended = TeamAssignment.objects.filter(current_q(today), pk=leaving.pk).update(
                valid_to=today)
            if ended != 1:
                raise ValidationError({"assignment": [_(
                    "Iemand anders heeft het team net gewijzigd. Laad de pagina opnieuw.")]})
            person_reach.refresh([case.household_id])  # update() sends no signals
        if kind == Kind.HANDOVER and role in team_rules.LEADS_CASE and \
                new.organisation.pk != case.lead_organisation_id:
            # The casusregisseur's organisation leads the case: the lead moves with them.
            Case.objects.filter(pk=case.pk).update(lead_organisation=new.organisation)
            case.lead_organisation = new.organisation
            person_reach.refresh([case.household_id])
        new_organisation = new is not None and not TeamAssignment.objects.filter(
            case=case, organisation=new.organisation).exists()
        if new is not None:
            TeamAssignment.objects.create(case=case, user=new.user,
                                          organisation=new.organisation, role=role,
                                          valid_from=today)
        subjects = household_subjects(case.household_id)
        entry = add_entry(ctx, case.household, kind=EntryKind.DECISION,
                          text=_timeline_text(kind, role, old, new), occurred_at=now,
                          subjects=subjects, confidentiality=Confidentiality.NETWERK,
                          legal_basis="jeugdwet_taak", case=case)
        change = TeamChange.objects.create(
            case=case, kind=kind, role=role,
            from_user=old.user if old else None,
            from_organisation=old.organisation if old else None,
            to_user=new.user if new else None,
            to_organisation=new.organisation if new else None,
            reason=reason, decided_by=ctx.user,
            decided_by_organisation_id=ctx.organisation_id, decided_at=now,
            effective_on=today, entry=entry)
        monitoring_events.team_changed(change, new_organisation)
        record(ctx, "team.change", [change], rule=rule, action="create")
    return change
