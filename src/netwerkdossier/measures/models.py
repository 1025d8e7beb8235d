"""Legal measures registered about one person of a household (issue 14, point 2).

A Measure holds the measure as it stands: which catalogue entry (rules/measures.toml),
its law and data categories copied from the catalogue when it was registered (criminal
data, health data: the access module reads them as the "criminal" and "health" roles),
the authority and its case number, the dates, the end the catalogue computes and the
end in force (different only with a reason), and the derived deadline dates the
worklist reads (`remind_on`, `hearing_on`). Every status is its own immutable
MeasureStatus row with its date, who recorded it and its source, and a snapshot of the
measure after it: the history and the versions of the measure (decision 0044).
MeasureCondition rows are the conditions (a contact ban naming a person, an area); the
coherence checks of issue 14 point 4 read them with the in-force measures (`in_force`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    TOEGEWEZEN = "toegewezen", _("Toegewezen")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    VERLENGD = "verlengd", _("Verlengd")
    # The request to extend is with the court; the measure stays in force until its end.
    VERLENGING_AANGEVRAAGD = "verlenging_aangevraagd", _("Verlenging aangevraagd")
    BEEINDIGD = "beeindigd", _("Beëindigd")


STATUS_LENGTH = 30
IN_FORCE = (Status.TOEGEWEZEN, Status.VERLENGD, Status.VERLENGING_AANGEVRAAGD)
# The statuses a measure may take next (None: a new registration). A decided extension
# may be recorded without its request (registered afterwards, or asked by the family).
TRANSITIONS = {
    None: (Status.AANGEVRAAGD, Status.TOEGEWEZEN),
    Status.AANGEVRAAGD: (Status.TOEGEWEZEN, Status.AFGEWEZEN),
    Status.TOEGEWEZEN: (Status.VERLENGING_AANGEVRAAGD, Status.VERLENGD, Status.BEEINDIGD),
    Status.VERLENGD: (Status.VERLENGING_AANGEVRAAGD, Status.VERLENGD, Status.BEEINDIGD),
    Status.VERLENGING_AANGEVRAAGD: (Status.VERLENGD, Status.BEEINDIGD),
    Status.AFGEWEZEN: (),
    Status.BEEINDIGD: (),
}


def in_force(on=None) -> Q:
    """Measures in force on a day (granted or extended, started, not yet ended)."""
    on = on or timezone.localdate()
    return (Q(status__in=IN_FORCE, starts_on__lte=on)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=on)))


class Measure(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="measures")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="measures", verbose_name=_("voor wie"))
    # The case (traject) it was registered in: its phase governs phase-bound sharing.
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    measure_key = models.CharField(_("maatregel"), max_length=40)
    # Copied from the catalogue at registration (a key never changes its law).
    law = models.CharField(max_length=20)
    criminal_data = models.BooleanField(default=False)
    health_data = models.BooleanField(default=False)
    authority_kind = models.CharField(_("beslist door"), max_length=60)
    authority_name = models.CharField(_("instantie"), max_length=200)
    case_number = models.CharField(_("zaaknummer"), max_length=100, blank=True)
    requester = models.CharField(_("aangevraagd door"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=STATUS_LENGTH, choices=Status.choices)
    requested_on = models.DateField(_("datum verzoek"), null=True, blank=True)
    decided_on = models.DateField(_("datum besluit"), null=True, blank=True)
    starts_on = models.DateField(_("begint op"), null=True, blank=True)
    ends_on = models.DateField(_("eindigt op"), null=True, blank=True)
    computed_end_on = models.DateField(_("berekend einde"), null=True, blank=True)
    end_reason = models.TextField(_("reden afwijkend einde"), blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    hearing_on = models.DateField(_("horen uiterlijk"), null=True, blank=True)
    remind_on = models.DateField(_("herinnering vanaf"), null=True, blank=True)
    carried_out_by = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("uitgevoerd door"))
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # = the number of status rows

    class Meta:
        ordering = ["starts_on", "created_at"]
        indexes = [
            models.Index(fields=["household", "person"]),
            # The worklist's deadlines: in-force measures of the page's households.
            models.Index(fields=["household", "remind_on"], name="measure_deadline_idx",
                         condition=Q(status__in=IN_FORCE)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                | Q(ends_on__gt=models.F("starts_on")), name="measure_ends_after_start"),
            models.CheckConstraint(condition=~Q(measure_key="") & ~Q(authority_kind=""),
                                   name="measure_has_key_and_authority"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_key} {self.starts_on or self.requested_on}"

    @property
    def catalogue_entry(self):
        from .catalogue import catalogue

        return catalogue().get(self.measure_key)

    @property
    def is_in_force(self) -> bool:
        return self.status in IN_FORCE

    @property
    def extension_asked(self) -> bool:
        """The request to extend is with the court (in force, no decision recorded yet)."""
        return self.status == Status.VERLENGING_AANGEVRAAGD


class MeasureStatus(models.Model):
    """One status of a measure: never changed or deleted (only retention destroys it)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="history")
    # Whom it is about (the measure's person), for the access log.
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    number = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=STATUS_LENGTH, choices=Status.choices)
    status_on = models.DateField(_("datum"))  # of the request, the decision or the end
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    computed_end_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    source_reference = models.CharField(_("bron"), max_length=200)
    # A document of the household's timeline (its attachments hold the decision); read
    # under the entry's own access rules.
    document = models.ForeignKey("dossier.Entry", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("toelichting"), blank=True)
    snapshot = models.JSONField(default=dict)  # the measure after this status
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_by_organisation = models.ForeignKey("organisations.Organisation", null=True,
                                                 blank=True, on_delete=models.PROTECT,
                                                 related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"],
                                    name="measure_status_one_number"),
            models.CheckConstraint(condition=~Q(source_reference=""),
                                   name="measure_status_has_source"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Een status van een maatregel wordt nooit gewijzigd."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Een status van een maatregel wordt nooit verwijderd."))


class MeasureCondition(models.Model):
    """A condition of a measure: whom it bars contact with (a member of the household or
    someone outside it, by name), which area, or another condition in words."""

    class Kind(models.TextChoices):
        CONTACTVERBOD = "contactverbod", _("Contactverbod")
        # Of a contact arrangement (omgangsregeling): whom the child has contact with;
        # the coherence checks compare it with contact bans (measures/coherence.py).
        OMGANG = "omgang", _("Omgang met")
        GEBIEDSVERBOD = "gebiedsverbod", _("Gebieds- of straatverbod")
        MELDPLICHT = "meldplicht", _("Meldplicht")
        OVERIG = "overig", _("Andere voorwaarde")

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="conditions")
    # Whom the measure is about (for the access log; the named person is not logged as
    # a subject: a criminal measure must not reach the person it protects, decision 0044).
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("soort voorwaarde"), max_length=20, choices=Kind.choices)
    named_person = models.ForeignKey("households.Person", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("met wie geen contact"))
    named_other = models.CharField(_("andere persoon"), max_length=200, blank=True)
    area = models.TextField(_("gebied"), max_length=1000, blank=True)
    description = models.TextField(_("omschrijving"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="contactverbod") | Q(named_person__isnull=False)
                | ~Q(named_other=""), name="measure_condition_contact_names_someone"),
            models.CheckConstraint(condition=~Q(kind="gebiedsverbod") | ~Q(area=""),
                                   name="measure_condition_area_named"),
        ]
