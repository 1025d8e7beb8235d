"""Data of the family portal: logins, own statements, correction requests, the
experience questionnaire. Dossier content itself stays in the dossier app."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PortalCredential(models.Model):
    """Development login of a family member: password and TOTP secret.

    Kept apart from User.password on purpose: a family login has an unusable Django
    password, so it can never be used on the professional login (and a professional's
    password never opens the portal). Production uses OIDC (DigiD broker) instead.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="portal_credential")
    password = models.CharField(max_length=128)  # a Django password hash
    totp_secret = models.CharField(max_length=64)
    # The last accepted TOTP time step: a code cannot be used twice.
    last_totp_step = models.BigIntegerField(default=0)


class LoginThrottle(models.Model):
    """Failed portal logins per account or per client address (key is hashed)."""

    key = models.CharField(max_length=80, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    blocked_until = models.DateTimeField(null=True, blank=True)


class OwnStatement(models.Model):
    """A family member's own statement beside an entry (art. 7.3.8 Jeugdwet).

    Stored exactly as typed; templates escape it. It belongs to the version it was
    written on and is shown with every version of the same entry.
    """

    MAX_LENGTH = 4000

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey("dossier.Entry", on_delete=models.PROTECT,
                              related_name="own_statements")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    text = models.TextField(_("eigen verklaring"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["entry", "created_at"])]


class CorrectionRequest(models.Model):
    """A request to correct (AVG art. 16) or destroy (art. 7.3.9 Jeugdwet) an entry.

    A destruction takes two people (decision 0035): a professional of the owner
    organisation assesses it and refuses (on a ground the law names) or proposes to
    grant; the organisation's privacy officer then destroys or sends it back. After the
    destruction `entry` is empty; `entry_kind` and `entry_date` still tell the family
    which entry it was, never its content.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correctie", _("Verbeteren")
        DESTRUCTION = "vernietiging", _("Vernietigen")

    class Status(models.TextChoices):
        OPEN = "open", _("In behandeling")
        PROPOSED = "proposed", _("Toewijzen voorgesteld")
        GRANTED = "granted", _("Toegewezen")
        REFUSED = "refused", _("Afgewezen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey("dossier.Entry", null=True, on_delete=models.PROTECT,
                              related_name="correction_requests")
    entry_kind = models.CharField(max_length=20, blank=True, default="", db_default="")
    entry_date = models.DateField(null=True, blank=True)
    # Copied from the entry so the owner organisation's queue is one indexed filter.
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort verzoek"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reden"))
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateField(_("uiterste datum"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    decision_reason = models.TextField(_("toelichting op het besluit"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    new_version = models.ForeignKey("dossier.Entry", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    # A refused destruction names the ground the law gives (rules/destruction.toml).
    refusal_ground = models.CharField(max_length=30, blank=True, default="", db_default="")
    # Destruction: the professional who proposed to grant, and when it was carried out.
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner_organisation", "status", "deadline"])]

    @property
    def destroy_by(self):
        """A destruction request: the last day the entry may still exist (decision 0035)."""
        from netwerkdossier.retention.grounds import request_term

        return timezone.localtime(self.received_at).date() + request_term()

    @property
    def refusal_text(self) -> str:
        """The ground of a refused destruction, in words for the family."""
        from netwerkdossier.retention.grounds import refusal

        ground = refusal(self.refusal_ground)
        return ground.family_text if ground else ""

    @property
    def entry_label(self) -> str:
        from django.utils.formats import date_format

        from netwerkdossier.dossier.models import EntryKind

        kind = EntryKind(self.entry_kind).label if self.entry_kind in EntryKind.values else ""
        day = date_format(self.entry_date, "j F Y") if self.entry_date else ""
        return _("%(kind)s van %(day)s") % {"kind": kind, "day": day} if kind else day


class QuestionnaireResponse(models.Model):
    """"Gezien, gehoord, gesteund": stored without a link to the person or household.

    Only coarse facts for monitoring are kept (organisation leading the case, phase,
    adult or young person, the month); aggregates show groups of at least
    MIN_GROUP answers.
    """

    MIN_GROUP = 5

    class Group(models.TextChoices):
        ADULT = "volwassene", _("Volwassene")
        YOUTH = "jongere", _("Jongere")

    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(max_length=30, blank=True)
    group = models.CharField(max_length=12, choices=Group.choices)
    month = models.DateField()  # first day of the month of the answer
    seen = models.PositiveSmallIntegerField()
    heard = models.PositiveSmallIntegerField()
    supported = models.PositiveSmallIntegerField()
    safer = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seen__gte=1, seen__lte=5, heard__gte=1, heard__lte=5,
                                   supported__gte=1, supported__lte=5, safer__gte=1,
                                   safer__lte=5),
                name="questionnaire_scores_1_to_5")
        ]
