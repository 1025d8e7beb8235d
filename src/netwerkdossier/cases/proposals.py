"""Four eyes on a phase decision (rules/phases.toml `four_eyes`, `four_eyes_when_triage`):
one member of the duo proposes, with the motivation and the family's view; another
confirms, and only then does the case move. Where the duo has people of two
organisations, the one who confirms comes from the other organisation. The criteria
are checked again when confirming: facts change (a broken agreement in between).
Callers check access (fetch with UPDATE) before calling, as for lifecycle steps."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import record
from netwerkdossier.accounts.models import Notification

from . import lifecycle
from .models import Case, PhaseProposal, TeamAssignment
from .team import current as current_team

NOTE_MAX = 2000


def _rules() -> dict:
    return lifecycle.config()["four_eyes"]


def duo(case: Case) -> list[TeamAssignment]:
    """The active team members who may confirm (casusregisseur and vast duo)."""
    return list(current_team().filter(case=case, role__in=_rules()["confirm_roles"])
                .select_related("user"))


def _other_organisation_required(case: Case, members=None) -> bool:
    members = duo(case) if members is None else members
    return _rules()["other_organisation_when_duo_has_two"] and \
        len({a.organisation_id for a in members}) > 1


def who_may_confirm(case: Case, proposer, proposer_organisation_id) -> list:
    members = duo(case)
    other_org = _other_organisation_required(case, members)
    return [a for a in members if a.user_id != proposer.pk
            and not (other_org and a.organisation_id == proposer_organisation_id)]


def refusal(ctx, proposal: PhaseProposal) -> str:
    """Why ctx may not confirm (Dutch), or "" when ctx may."""
    if proposal.proposed_by_id == ctx.user.pk:
        return _("U stelde dit besluit zelf voor. Een ander uit het vaste duo moet het "
                 "bevestigen: vier ogen.")
    if proposal.status != PhaseProposal.Status.OPEN:
        return _("Over dit voorstel is al beslist.")
    roles = lifecycle.team_roles(ctx.user, proposal.case)
    if not roles & set(_rules()["confirm_roles"]):
        return _("Alleen de %(roles)s bevestigt een fasebesluit.") % {
            "roles": lifecycle.role_labels(_rules()["confirm_roles"])}
    if _other_organisation_required(proposal.case) and \
            ctx.organisation_id == proposal.proposed_organisation_id:
        return _("Het vaste duo heeft mensen van twee organisaties: iemand van de andere "
                 "organisatie bevestigt dit besluit.")
    return ""


def open_proposal(case: Case) -> PhaseProposal | None:
    return (PhaseProposal.objects.filter(case=case, status=PhaseProposal.Status.OPEN)
            .select_related("proposed_by", "proposed_organisation").first())


def propose(ctx, case: Case, *, rule, role, rationale, family_agrees) -> PhaseProposal:
    confirmers = who_may_confirm(case, ctx.user, ctx.organisation_id)
    if not confirmers:
        raise ValidationError(_(
            "Dit besluit vraagt vier ogen, maar niemand anders in het vaste duo kan het "
            "bevestigen (van de andere organisatie, als het duo er twee heeft). Zet eerst "
            "een tweede persoon als vast duo in het team."))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.phase != case.phase:
            raise ValidationError(_("Iemand anders heeft de fase net veranderd. Open het "
                                    "traject opnieuw."))
        if open_proposal(locked) is not None:
            raise ValidationError(_("Er ligt al een voorstel voor een fasebesluit. Laat het "
                                    "eerst bevestigen of afwijzen."))
        proposal = PhaseProposal.objects.create(
            case=locked, from_phase=locked.phase, to_phase=rule["to"],
            rationale=rationale.strip(), family_agrees=family_agrees, proposed_by=ctx.user,
            proposed_role=role, proposed_organisation_id=ctx.organisation_id)
        # The complete decision record made beforehand from the case page for this move
        # belongs to the proposal; without one nothing is written (decision 0051).
        from netwerkdossier.decisions.services import attach_to_proposal

        attach_to_proposal(ctx, locked, proposal)
        link = reverse("safety:case", args=[case.pk])
        Notification.objects.bulk_create(Notification(
            recipient_id=a.user_id, kind="case.phase_proposal", link=link,
            text=_("Een fasebesluit wacht op uw bevestiging (vier ogen).")) for a in confirmers)
        record(ctx, "case.phase_proposal", [proposal], action="create", rule="team")
    return proposal


def confirm(ctx, proposal: PhaseProposal, today=None):
    reason = refusal(ctx, proposal)
    if reason:
        raise PermissionDenied(reason)
    today = today or timezone.localdate()
    case = proposal.case
    if case.phase != proposal.from_phase:
        raise ValidationError(_("Het traject is inmiddels in een andere fase. Dit voorstel "
                                "geldt niet meer."))
    rule = lifecycle.transition_rule(proposal.from_phase, proposal.to_phase)
    missing = lifecycle.missing_for(rule, lifecycle.Facts.load(case, today, ctx))
    if missing:
        raise ValidationError({"__all__": [_("Er is iets veranderd sinds het voorstel.")]
                               + missing})
    with transaction.atomic():
        # The proposal's decision record (decisions/): taken with the transition, refused
        # (nothing written) while it is missing or a fact lacks a source or, for a
        # closure, the family's view.
        from netwerkdossier.decisions.services import take_for_proposal

        take_for_proposal(ctx, proposal, today)
        transition = lifecycle.apply_transition(
            ctx, case, to_phase=proposal.to_phase, rationale=proposal.rationale,
            family_agrees=proposal.family_agrees, role=proposal.proposed_role, today=today,
            confirmed_by=(proposal.proposed_by, ctx.user))
        updated = PhaseProposal.objects.filter(
            pk=proposal.pk, status__in=[PhaseProposal.Status.OPEN,
                                        PhaseProposal.Status.WITHDRAWN]).update(
            status=PhaseProposal.Status.CONFIRMED, answered_by=ctx.user,
            answered_at=timezone.now(), transition=transition)
        if updated != 1:
            raise ValidationError(_("Over dit voorstel is al beslist."))
        proposal.refresh_from_db()
        record(ctx, "case.phase_proposal.confirm", [proposal], action="update", rule="team")
    return transition


def reject(ctx, proposal: PhaseProposal, note: str) -> PhaseProposal:
    reason = refusal(ctx, proposal)
    if reason:
        raise PermissionDenied(reason)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Schrijf waarom u het besluit niet bevestigt. "
                                          "De collega die het voorstelde leest dit.")]})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": [_("De toelichting is te lang (hoogstens 2.000 "
                                          "tekens).")]})
    with transaction.atomic():
        updated = PhaseProposal.objects.filter(
            pk=proposal.pk, status=PhaseProposal.Status.OPEN).update(
            status=PhaseProposal.Status.REJECTED, answered_by=ctx.user,
            answered_at=timezone.now(), answer_note=note)
        if updated != 1:
            raise ValidationError(_("Over dit voorstel is al beslist."))
        proposal.refresh_from_db()
        # Its decision record (still a concept) is again the concept for this move: a new
        # proposal may rest on it, with the facts added after the refusal.
        from netwerkdossier.decisions.services import release_from_proposal

        release_from_proposal(proposal)
        Notification.objects.create(
            recipient=proposal.proposed_by, kind="case.phase_proposal",
            link=reverse("safety:case", args=[proposal.case_id]),
            text=_("Uw voorstel voor een fasebesluit is niet bevestigd. Lees de reden bij "
                   "het traject."))
        record(ctx, "case.phase_proposal.reject", [proposal], action="update", rule="team")
    return proposal
