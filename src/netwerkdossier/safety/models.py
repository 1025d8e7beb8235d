"""The safety plan (veiligheidsplan) of a case, in Signs-of-Safety form.

One plan per case lives through all phases. Every change writes a PlanVersion with a
snapshot of the whole plan, who made the change and when (safety/services.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SafetyPlan(models.Model):

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT,
                                related_name="safety_plan")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    version = models.PositiveIntegerField(default=0)
    next_check_on = models.DateField(_("volgende controle"), null=True, blank=True)
    last_checked_on = models.DateField(_("laatst gecontroleerd"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")


class DangerStatement(models.Model):
    """A danger statement (gevarenverklaring) paired with its safety goal."""


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="dangers")
    worried_by = models.CharField(_("wie maakt zich zorgen"), max_length=200)
    statement = models.TextField(_("gevarenverklaring"), max_length=3000)
    safety_goal = models.TextField(_("veiligheidsdoel"), max_length=3000)
    family_view = models.TextField(_("visie van het gezin"), max_length=3000, blank=True)
    # The same statement and goal in words written for the family (B1); the portal shows
    # only these, never the professional wording (docs/decisions/0038).
    family_statement = models.TextField(_("gevarenverklaring voor het gezin"),
                                        max_length=1500, blank=True)
    family_goal = models.TextField(_("veiligheidsdoel voor het gezin"), max_length=1500,
                                   blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["created_at"]

    @property
    def has_family_words(self) -> bool:
        return bool(self.family_statement.strip() and self.family_goal.strip())


class ChildVersion(models.Model):
    """The plan for children, in words and pictures (Signs of Safety "Words and
    Pictures"): short sentences and a few pictograms from a fixed set
    (safety/pictograms.py). One per plan; each change writes a plan version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.OneToOneField(SafetyPlan, on_delete=models.PROTECT,
                                related_name="child_version")
    worries = models.TextField(_("waar maken de grote mensen zich zorgen over?"),
                               max_length=1000)
    safe_plan = models.TextField(_("wat gebeurt er zodat het thuis veilig is?"),
                                 max_length=1000)
    helpers = models.TextField(_("wie helpen?"), max_length=600)
    pictograms = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")


class Agreement(models.Model):
    """Who does what by when, for one member of the family."""


    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        NAGEKOMEN = "nagekomen", _("Nagekomen")
        NIET_NAGEKOMEN = "niet_nagekomen", _("Niet nagekomen")
        VERVALLEN = "vervallen", _("Vervallen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="agreements")
    member = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    action = models.TextField(_("wat"), max_length=2000)
    owner = models.CharField(_("wie"), max_length=200)
    due_on = models.DateField(_("uiterlijk"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replaced_by")
    phase = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["plan", "status", "due_on"])]


class AgreementStatusChange(models.Model):
    """History of an agreement's status: nothing is silently overwritten."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="history")
    status = models.CharField(max_length=20, choices=Agreement.Status.choices)
    note = models.TextField(max_length=2000, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["changed_at", "id"]


class NetworkMember(models.Model):
    """Someone from the family's own network who helps keep the plan (synthetic names)."""


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="network")
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("rol in het netwerk"), max_length=200)
    contact = models.CharField(_("bereikbaar via"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]


class Scaling(models.Model):
    """A 0-10 scaling score (10 = safe enough to close) by a member or a professional."""


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="scalings")
    scored_on = models.DateField()
    score = models.PositiveSmallIntegerField()
    scorer_person = models.ForeignKey("households.Person", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    scorer_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scored_on", "recorded_at"]
        indexes = [models.Index(fields=["plan", "scored_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=10),
                                   name="scaling_score_0_10"),
            models.CheckConstraint(
                condition=models.Q(scorer_person__isnull=False, scorer_user__isnull=True)
                | models.Q(scorer_person__isnull=True, scorer_user__isnull=False),
                name="scaling_one_scorer"),
        ]


class PlanVersion(models.Model):
    """A snapshot of the whole plan after one change."""


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    change = models.CharField(max_length=300)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plan_version_unique")]
