import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """Phases of safety work (Gefaseerd samenwerken aan veiligheid)."""

    MELDING = "melding", _("Melding of hulpvraag")
    VEILIGHEIDSBEOORDELING = "veiligheidsbeoordeling", _("Veiligheidsbeoordeling")
    ROUTEBEPALING = "routebepaling", _("Routebepaling")
    DIRECTE_VEILIGHEID = "directe_veiligheid", _("Fase 1: directe veiligheid")
    DUURZAME_VEILIGHEID = "duurzame_veiligheid", _("Fase 2: duurzame veiligheid")
    HERSTEL = "herstel", _("Fase 3: herstel")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Case(models.Model):
    """A traject: the work of a team with one household."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="cases")
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT,
                               related_name="+")
    lead_organisation = models.ForeignKey("organisations.Organisation",
                                          on_delete=models.PROTECT, related_name="led_cases")
    title = models.CharField(_("omschrijving"), max_length=200)
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices,
                             default=Phase.MELDING, db_index=True)
    opened_on = models.DateField(_("gestart op"), default=timezone.localdate)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    next_deadline = models.DateField(_("eerstvolgende termijn"), null=True, blank=True)
    next_deadline_label = models.CharField(max_length=200, blank=True)
    # Lifecycle (cases/lifecycle.py, rules/phases.toml). All nullable or with a database
    # default, so bulk loaders that write only the columns above keep working.
    phase_since = models.DateField(_("in deze fase sinds"), null=True, blank=True)
    reported_on = models.DateField(_("melding ontvangen op"), null=True, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=30, blank=True, default="",
                               db_default="")
    triage_due = models.DateField(_("triage uiterlijk"), null=True, blank=True)
    # An urgent report (rules/phases.toml urgency.respond_within_hours): first contact
    # by this moment; the case leads the worklist until the safety assessment.
    respond_by = models.DateTimeField(_("eerste contact uiterlijk"), null=True, blank=True)
    triage_on = models.DateField(_("triage afgerond op"), null=True, blank=True)
    triage_outcome = models.CharField(_("uitkomst veiligheidsbeoordeling"), max_length=40,
                                      blank=True, default="", db_default="")
    route = models.CharField(_("route"), max_length=40, blank=True, default="",
                             db_default="")

    class Meta:
        ordering = ["next_deadline", "opened_on"]
        indexes = [models.Index(fields=["household", "closed_on"])]

    def __str__(self) -> str:
        return self.title


class TeamAssignment(models.Model):
    """A professional on a case's team, in a team role, over time."""

    class Role(models.TextChoices):
        CASUSREGISSEUR = "casusregisseur", _("Casusregisseur")
        VAST_GEZICHT = "vast_gezicht", _("Vast gezicht")
        VAST_DUO = "vast_duo", _("Vast duo")
        CONSULTANT = "consultant", _("Consulent")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="assignments")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    role = models.CharField(_("rol in team"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(default=timezone.localdate)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "valid_to", "case"]),
                   models.Index(fields=["case", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="assignment_period_ordered",
            )
        ]


class PhaseTransition(models.Model):
    """One decision that moved a case to another phase (or opened it: from_phase "")."""


    class FamilyAgrees(models.TextChoices):
        JA = "ja", _("Ja, het gezin is het eens")
        NEE = "nee", _("Nee, het gezin is het niet eens")
        NIET_GEVRAAGD = "niet_gevraagd", _("Niet gevraagd")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    from_phase = models.CharField(max_length=30, blank=True)
    to_phase = models.CharField(max_length=30)
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_role = models.CharField(max_length=20, blank=True)
    rationale = models.TextField(max_length=5000)
    family_agrees = models.CharField(max_length=20, choices=FamilyAgrees.choices,
                                     default=FamilyAgrees.NIET_GEVRAAGD)
    entry = models.ForeignKey("dossier.Entry", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at"]
        indexes = [models.Index(fields=["case", "decided_at"])]


class FollowUpCheck(models.Model):
    """A check (nacontrole) some months after closure, done by the casusregisseur."""


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    still_safe = models.BooleanField(null=True)
    outcome = models.TextField(max_length=5000, blank=True)
    entry = models.ForeignKey("dossier.Entry", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["case", "done_on", "due_on"])]


class PhaseProposal(models.Model):
    """A phase decision that needs four eyes (rules/phases.toml `four_eyes`): proposed by
    one member of the vast duo, carried out only when another confirms (from the other
    organisation where the duo has two). The family's view is part of the proposal; the
    one who confirms sees it and cannot change it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op bevestiging")
        CONFIRMED = "confirmed", _("Bevestigd")
        REJECTED = "rejected", _("Niet bevestigd")
        WITHDRAWN = "withdrawn", _("Vervallen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="proposals")
    from_phase = models.CharField(max_length=30)
    to_phase = models.CharField(max_length=30)
    rationale = models.TextField(max_length=5000)
    family_agrees = models.CharField(max_length=20,
                                     choices=PhaseTransition.FamilyAgrees.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_role = models.CharField(max_length=20)
    proposed_organisation = models.ForeignKey("organisations.Organisation",
                                              on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(max_length=2000, blank=True)
    transition = models.OneToOneField(PhaseTransition, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="proposal")

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [models.UniqueConstraint(
            fields=["case"], condition=models.Q(status="open"),
            name="one_open_phase_proposal_per_case")]


class ReporterFeedback(models.Model):
    """Feedback to a professional reporter (melder) after a moment of the case
    (rules/reporter_feedback.toml): whether a follow-up was started, by whom, and the
    safety conditions where the reporter has a role. Composed by the organisation that
    received the report; read by its addressee through the access module
    (access/reporter_feedback.py), or sent as a printed letter. The items are kept as
    they were sent."""

    class Channel(models.TextChoices):
        APP = "app", _("In Netwerkdossier")
        LETTER = "brief", _("Per brief")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reporter_feedback")
    # The first version (root) of the report: a correction keeps the same report.
    report = models.ForeignKey("dossier.Entry", on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(max_length=40)
    follow_up_started = models.BooleanField()
    follow_up_by = models.JSONField(default=list, blank=True)  # organisation names
    reporter_has_role = models.BooleanField()
    conditions = models.JSONField(default=list, blank=True)  # agreement texts, as sent
    channel = models.CharField(max_length=10, choices=Channel.choices)
    addressee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    given_by_organisation = models.ForeignKey("organisations.Organisation",
                                              on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "moment"],
                                    name="one_reporter_feedback_per_moment"),
            models.CheckConstraint(
                condition=models.Q(channel="brief", addressee__isnull=True)
                | models.Q(channel="app", addressee__isnull=False),
                name="reporter_feedback_channel_addressee"),
        ]
        indexes = [models.Index(fields=["addressee", "given_at"])]
