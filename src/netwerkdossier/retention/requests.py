"""Destruction on request (Jeugdwet art. 7.3.9): the privacy officer's step after a
professional proposed to grant (portal/services.py handle_request). Two people, never
one: the officer may not be the one who proposed. A legal hold stops it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import record
from netwerkdossier.accounts.models import Notification
from netwerkdossier.organisations.models import Membership
from netwerkdossier.portal.models import CorrectionRequest
from netwerkdossier.portal.services import notify_requester

from .destroy import destroy_entries
from .holds import held_households

LEGAL_BASIS = "jeugdwet_7.3.9_verzoek"  # the tombstone's rule
NOTE_MAX = 2000


def officer_may_decide(ctx, request: CorrectionRequest) -> bool:
    return (ctx.role == Membership.Role.PRIVACY_OFFICER
            and ctx.organisation_id == request.owner_organisation_id)


def _locked_proposal(ctx, request) -> CorrectionRequest:
    if not officer_may_decide(ctx, request):
        raise PermissionError("not_privacy_officer_of_owner")
    # of=self: the entry is joined outer (it may be gone), which cannot be locked.
    locked = (CorrectionRequest.objects.select_for_update(of=("self",))
              .select_related("entry").get(pk=request.pk))
    if locked.status != CorrectionRequest.Status.PROPOSED:
        raise ValidationError(_("Over dit verzoek is al besloten, of het is teruggestuurd."))
    if locked.proposed_by_id == ctx.user.pk:
        raise ValidationError(_("U stelde zelf voor dit verzoek toe te wijzen. Een ander "
                                "moet het besluit nemen: vernietigen doen twee mensen."))
    return locked


def approve_destruction(ctx, request: CorrectionRequest) -> CorrectionRequest:
    """Destroy the entry with all its versions, in the same transaction as the decision."""
    with transaction.atomic():
        locked = _locked_proposal(ctx, request)
        if locked.entry_id is None:
            raise ValidationError(_("Deze aantekening is al vernietigd."))
        if held_households(ctx.organisation_id, [locked.entry.household_id]):
            raise ValidationError(_("Er geldt een blokkade op vernietiging voor dit "
                                    "huishouden (bijvoorbeeld een rechtszaak). Vernietig "
                                    "pas na afloop, of beëindig de blokkade eerst."))
        record(ctx, "retention.request.approve", [locked], action="update")
        destroy_entries(ctx, [locked.entry.root_id], legal_basis=LEGAL_BASIS)
        now = timezone.now()
        CorrectionRequest.objects.filter(pk=locked.pk).update(
            status=CorrectionRequest.Status.GRANTED, decided_by=ctx.user, decided_at=now,
            destroyed_at=now)
        locked.refresh_from_db()
        notify_requester(locked)
    return locked


def send_back(ctx, request: CorrectionRequest, note: str) -> CorrectionRequest:
    """Not destroyed: back to the professional who proposed it, with the officer's note."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Schrijf waarom u het voorstel terugstuurt.")]})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": [_("De toelichting is te lang (hoogstens 2.000 "
                                          "tekens).")]})
    with transaction.atomic():
        locked = _locked_proposal(ctx, request)
        proposer = locked.proposed_by
        CorrectionRequest.objects.filter(pk=locked.pk).update(
            status=CorrectionRequest.Status.OPEN, proposed_by=None, proposed_at=None)
        locked.refresh_from_db()
        record(ctx, "retention.request.send_back", [locked], action="update")
        Notification.objects.create(
            recipient=proposer, kind="retention.destruction_request",
            text=_("De functionaris gegevensbescherming stuurde uw voorstel om te vernietigen "
                   "terug: %(note)s") % {"note": note},
            link=reverse("portal_staff:request", args=[locked.pk]))
    return locked
