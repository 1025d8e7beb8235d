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
