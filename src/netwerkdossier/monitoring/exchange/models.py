"""Imported regional figures and research-export requests. Neither holds personal data:
an imported cell is an aggregate that the region already suppressed; a research request
holds the project, the columns, who asked and who approved, the row count and the k
reached, never a row of the extract."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedRegion(models.Model):
    """One imported regional export file (region_file.py): what it said about itself."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    is_pilot = models.BooleanField(default=False)
    period_kind = models.CharField(max_length=1)  # "H" or "K"
    periods = models.JSONField(default=list)
    format_version = models.PositiveSmallIntegerField()
    software_version = models.CharField(max_length=40)
    exported_at = models.DateTimeField()
    key_id = models.CharField(max_length=64)
    file_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["code", "-imported_at"]


class ImportedCell(models.Model):
    """One suppressed figure of an imported region: numbers, or the mark that hid them."""

    source = models.ForeignKey(ImportedRegion, on_delete=models.CASCADE, related_name="cells")
    region_code = models.SlugField(max_length=40)
    indicator = models.CharField(max_length=60)
    indicator_version = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=8)
    level = models.CharField(max_length=12)  # "regio" or "gemeente"
    unit = models.CharField(max_length=120)  # the region's code or the municipality
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    mark = models.CharField(max_length=2, blank=True, default="")  # "", "<5" or "x"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region_code", "indicator", "period", "level",
                                            "unit"], name="monitoring_importedcell_unique"),
            models.CheckConstraint(
                condition=(models.Q(mark="") & models.Q(numerator__gte=0)
                           & models.Q(denominator__gte=0))
                | (models.Q(mark__in=["<5", "x"]) & models.Q(numerator__isnull=True)
                   & models.Q(denominator__isnull=True)),
                name="monitoring_importedcell_numbers_or_mark"),
        ]
        indexes = [models.Index(fields=["period", "level"])]


class ResearchRequest(models.Model):
    """A research export asked for by the programme team and approved (and run) by a
    privacy officer, never the same person (docs/decisions/0049)."""

    class Status(models.TextChoices):
        REQUESTED = "aangevraagd", _("Aangevraagd")
        DONE = "uitgevoerd", _("Goedgekeurd en uitgevoerd")
        REFUSED_K = "geweigerd_k", _("Geweigerd: te weinig gelijke rijen (k)")
        REJECTED = "afgewezen", _("Afgewezen door de functionaris gegevensbescherming")

    project = models.SlugField(max_length=60)
    columns = models.JSONField(default=list)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices,
                              default=Status.REQUESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    k = models.PositiveIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-requested_at"]
