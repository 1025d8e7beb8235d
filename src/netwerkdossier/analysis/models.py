"""The integral analysis of a household (in immutable versions), the family's response
to a version, and the results of structured instruments.

Nothing here is ever changed after it is saved: a new analysis is a new version, a new
response is a new row. ``save()`` and the querysets refuse updates, and database
triggers (migration 0002) refuse UPDATE statements as a second wall.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    """A saved analysis version, response or instrument result cannot be changed."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError(f"{self.model.__name__} rows are never updated")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableError(f"{self.model.__name__} rows are never updated")


class Immutable(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(f"{type(self).__name__} {self.pk} is immutable; "
                                 "save a new version instead")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


class ItemKind(models.TextChoices):
    """What a point of the analysis is (Signs of Safety columns and risk-driven care)."""

    ZORG = "zorg", _("Zorg")
    GAAT_GOED = "gaat_goed", _("Wat gaat goed")
    RISICO = "risico", _("Risicofactor")
    BESCHERMEND = "beschermend", _("Beschermende factor")


FACTOR_KINDS = (ItemKind.RISICO, ItemKind.BESCHERMEND)


class AnalysisVersion(Immutable):
    """One saved version of the household's integral analysis.

    ``content`` holds the whole analysis (see services.py for its shape): points per
    life domain and member, hypotheses linking factors to worries, the family's own
    view, points of disagreement and referenced instrument results.
    """


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="analysis_versions")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(default=dict)
    change_summary = models.TextField(_("wat is er veranderd"), blank=True)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    # Points on a health (AVG art. 9) or criminal-law (art. 10) life domain exist.
    health_data = models.BooleanField(default=False)
    criminal_data = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    author_discipline = models.CharField(max_length=40, blank=True)
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("opgeslagen op"), default=timezone.now)

    class Meta:
        ordering = ["household", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["household", "number"],
                                    name="analysis_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Integrale analyse versie {self.number}"


class FamilyResponse(Immutable):
    """A family member's response to one version: co-signed or disputed.

    Recorded by a professional on behalf of the named member (``recorded_by`` set), or
    later by the member through the portal (``channel`` "portal"). The newest response
    of a member counts; earlier ones stay.
    """


    class Channel(models.TextChoices):
        PROFESSIONAL = "professional", _("Vastgelegd door een professional")
        PORTAL = "portal", _("Via het gezinsportaal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(AnalysisVersion, on_delete=models.PROTECT,
                                related_name="responses")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    agrees = models.BooleanField(_("medeondertekend"))
    text = models.TextField(_("in eigen woorden"), blank=True, max_length=5000)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        indexes = [models.Index(fields=["version", "recorded_at"])]


class InstrumentResult(Immutable):
    """One administration of a structured instrument for one member."""


    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="instrument_results")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    instrument_key = models.CharField(max_length=80)
    instrument_version = models.CharField(max_length=40)
    instrument_title = models.CharField(max_length=200)
    # The definition as it was, so the result stays readable after the file changes.
    definition = models.JSONField()
    answers = models.JSONField()
    scores = models.JSONField()
    administered_on = models.DateField(_("afgenomen op"))
    health_data = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    author_discipline = models.CharField(max_length=40, blank=True)
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-administered_on", "-recorded_at"]
        indexes = [models.Index(fields=["household", "administered_on"])]

    @property
    def main_score(self) -> dict | None:
        """The last scale with an interpretation band, else the last scale."""
        banded = [s for s in self.scores if s.get("band")]
        return (banded or self.scores or [None])[-1]
