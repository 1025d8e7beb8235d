"""Working together instead of handing over: the history of a case's team, and the
record of a case-table (MDA++) meeting.

Team changes are bound to the household through their case, so the access module's
household-work scope applies (access/catalogue.py). Meeting records hang off a case-table
session and have an access rule of their own (access/case_table_meetings.py): the team
reads and writes them, participants outside the team read them while the session runs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerkdossier.cases.models import TeamAssignment

Role = TeamAssignment.Role


class TeamChange(models.Model):
    """One decided change of a case's team: who joined or left, in which role, why."""


    class Kind(models.TextChoices):
        ASSIGN = "toewijzing", _("Toegevoegd aan het team")
        RVT_CONSULTATIE = "rvt_consultatie", _("RVT betrokken voor consultatie")
        RVT_GEZAMENLIJK = "rvt_gezamenlijk", _("RVT betrokken voor gezamenlijk werken")
        HANDOVER = "overdracht", _("Overdracht")
        END = "beeindiging", _("Uit het team")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT,
                             related_name="team_changes")
    kind = models.CharField(_("soort wijziging"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("rol in team"), max_length=20, choices=Role.choices)
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey("organisations.Organisation", null=True,
                                          blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reden"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_by_organisation = models.ForeignKey("organisations.Organisation",
                                                on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    effective_on = models.DateField()
    entry = models.ForeignKey("dossier.Entry", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at"]
        indexes = [models.Index(fields=["case", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="overdracht") | (
                    models.Q(from_user__isnull=False) & models.Q(to_user__isnull=False)
                    & ~models.Q(reason="")),
                name="handover_has_both_sides_and_reason"),
        ]


class Meeting(models.Model):
    """The record of one case-table (MDA++) session."""

    ACCESS_SESSION = "session"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.OneToOneField("access.CaseTableSession", on_delete=models.PROTECT,
                                   related_name="meeting")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class AgendaItem(models.Model):
    ACCESS_SESSION = "meeting__session"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField()
    text = models.CharField(_("agendapunt"), max_length=300)

    class Meta:
        ordering = ["position"]


class Attendance(models.Model):
    """A professional who was present at the meeting."""

    ACCESS_SESSION = "meeting__session"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="present")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="meeting_attendance_unique")]


class MeetingDecision(models.Model):
    """A besluit taken at the meeting."""

    ACCESS_SESSION = "meeting__session"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]


class FollowUpAction(models.Model):
    """A follow-up action agreed at the meeting: who does what by when."""

    ACCESS_SESSION = "meeting__session"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "gedaan", _("Gedaan")
        CANCELLED = "vervallen", _("Vervallen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("actie"), max_length=2000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="follow_up_actions")
    due_on = models.DateField(_("uiterlijk op"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "recorded_at"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]
