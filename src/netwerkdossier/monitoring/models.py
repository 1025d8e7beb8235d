"""The monitoring event table and the aggregates computed from it.

An Event holds no name, BSN, free text, address or database id of a person, household or
case. Households and cases appear only as keyed pseudonyms (pseudonyms.py): a UUID made
from an HMAC with a key kept outside the database, so an event can be linked to other
events of the same case but not, without the key, to the household. Every text column
holds a code from a closed vocabulary (events.VOCABULARY), checked when the event is
written. tests/monitoring/test_event_table.py derives these rules from the fields.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class ClosedVocabulary:
    """A validator: the value is one of the codes monitoring knows (events.VOCABULARY),
    never text someone typed."""

    def __call__(self, value):
        from .events import VOCABULARY

        if value and value not in VOCABULARY:
            raise ValidationError(_("Onbekende code voor monitoring."), code="vocabulary")

    def __eq__(self, other):
        return isinstance(other, ClosedVocabulary)


SMALL = 32_767  # the largest smallint


class Area(models.Model):
    """A municipality of a region: the smallest area figures are given for."""

    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT,
                               related_name="+")
    municipality = models.CharField(_("gemeente"), max_length=120)

    class Meta:
        ordering = ["municipality"]
        constraints = [models.UniqueConstraint(fields=["region", "municipality"],
                                               name="monitoring_area_unique")]

    def __str__(self) -> str:
        return self.municipality


class Event(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Melding of hulpvraag ontvangen")
        TRIAGE = "triage", _("Veiligheidsbeoordeling afgerond")
        ROUTE = "route", _("Route bepaald")
        PHASE_LEFT = "phase_left", _("Fase verlaten")
        CLOSED = "closed", _("Traject afgesloten")
        TEAM = "team", _("Teamwijziging")
        SUPPORT = "support", _("Steun per gezinslid")
        MEASURE = "measure", _("Maatregel gestart")
        BREAK_GLASS = "break_glass", _("Noodtoegang")
        SCALING = "scaling", _("Schaalvraag")
        FOLLOW_UP = "follow_up", _("Nacontrole")
        EXPERIENCE = "experience", _("Ervaring van het gezin")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=40, blank=True, default="",
                            validators=[ClosedVocabulary()])
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT,
                               related_name="+")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    household_key = models.UUIDField(null=True, blank=True)
    case_key = models.UUIDField(null=True, blank=True)
    members = models.PositiveSmallIntegerField(null=True, blank=True)
    children = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.SmallIntegerField(null=True, blank=True)  # too small for a BSN

    class Meta:
        indexes = [models.Index(fields=["region", "occurred_on"]),
                   models.Index(fields=["case_key"])]
        # The numbers stay small on every database (SQLite stores any integer): no
        # column can take a BSN or another number that identifies someone.
        constraints = [models.CheckConstraint(
            condition=models.Q(**{f"{name}__isnull": True})
            | models.Q(**{f"{name}__gte": -SMALL, f"{name}__lte": SMALL}),
            name=f"monitoring_event_small_{name}") for name in ("members", "children", "value")]


class Aggregate(models.Model):
    """One indicator for one period and one area unit, with its suppression mark
    (marks.py: decided once over all areas and periods, so every dashboard, report and
    export hides the same cells). Counts only: no pseudonym, no code of a single
    family."""

    indicator = models.CharField(max_length=60)
    period = models.CharField(max_length=8)  # "2026-H1", "2026-K3"
    level = models.CharField(max_length=12)  # areas.LEVELS
    unit = models.CharField(max_length=40)  # the unit's id at that level
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()
    # "" shown, "<5" too small, "x" hidden so another cell cannot be recomputed.
    mark = models.CharField(max_length=2, blank=True, default="")
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["indicator", "period", "level", "unit"], name="monitoring_aggregate_unique")]
        indexes = [models.Index(fields=["level", "unit", "period"])]


class RefreshState(models.Model):
    """Up to which event the aggregates are computed (one row)."""

    last_event_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)


class QuestionnaireAnswer(models.Model):
    """A pilot region's answer to one question of the pilots' questionnaire
    (rules/pilot_questionnaire.toml) for one year. About the region's way of working,
    never about a family: a number or a choice from the question's list, no free text."""

    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField()
    question = models.CharField(max_length=60)  # a key from the questionnaire
    number = models.IntegerField(null=True, blank=True)  # yes/no as 1/0, counts, shares
    choice = models.CharField(max_length=40, blank=True, default="")  # an option key
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year", "question"],
                                               name="monitoring_answer_unique")]


class ContextFigure(models.Model):
    """A regional context figure imported from a CBS StatLine CSV file (statline.py),
    e.g. the number of children 0-17 of a municipality on 1 January of a year."""

    measure = models.CharField(max_length=40)  # statline.MEASURES
    municipality = models.CharField(max_length=120)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True, default="")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure", "municipality", "year"],
                                               name="monitoring_contextfigure_unique")]
