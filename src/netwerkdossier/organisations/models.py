import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules


class Region(models.Model):
    """A Veilig Thuis region; pilot regions (proeftuinen) work by the Toekomstscenario."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    is_pilot = models.BooleanField(_("proeftuin"), default=False)

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        WIJKTEAM = "wijkteam", _("Lokaal (wijk)team")
        RVT = "rvt", _("Regionaal veiligheidsteam")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        RVDK = "rvdk", _("Raad voor de Kinderbescherming")
        GI = "gi", _("Gecertificeerde instelling")
        GGZ = "ggz", _("GGZ")
        POLITIE = "politie", _("Politie")
        OM = "om", _("Openbaar Ministerie")
        GEMEENTE = "gemeente", _("Gemeente")
        HUISARTS = "huisarts", _("Huisarts / POH")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Overig")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    municipality = models.CharField(_("gemeente"), max_length=120, blank=True)
    # How a family reaches the organisation (shown in the family portal beside the team).
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    reachable = models.CharField(_("bereikbaar"), max_length=200, blank=True,
                                 help_text=_("Bijvoorbeeld: maandag tot en met vrijdag van "
                                             "9 tot 17 uur."))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_pilot_region(self) -> bool:
        return self.region.is_pilot


class Membership(models.Model):
    """A professional's place in an organisation: role and discipline, over time."""

    class Role(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        TEAMMANAGER = "teammanager", _("Teammanager")
        PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
        BEHEERDER = "beheerder", _("Functioneel beheerder")
        # Monitoring only (docs/decisions/0045): figures, never a household. The
        # municipality's policy maker works for a gemeente organisation and sees its
        # municipality; the regional one sees the organisation's region; the national
        # programme team sees every region.
        BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker gemeente")
        REGIO_BELEID = "regio_beleid", _("Beleidsmedewerker regio")
        PROGRAMMATEAM = "programmateam", _("Landelijk programmateam")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices,
                            default=Role.PROFESSIONAL)
    discipline = models.CharField(_("discipline"), max_length=40,
                                  choices=rules.choices(rules.disciplines()))
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"

    @property
    def bound_by_secrecy(self) -> bool:
        return self.discipline in rules.secrecy_disciplines()
