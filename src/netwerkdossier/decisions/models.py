"""Decisions that can be followed, and requests for a measure drafted from them (issue 14,
points 5 and 6; docs/decisions: decision records and measure requests).

A DecisionRecord is the record of one decision that weighs on a family (route, phase, a
request for a measure, placement, closure): the facts it rests on (Fact, each linked to
its source record - a timeline entry or a measure - and marked observed, reported by
whom, or interpretation), the family's view of each fact per member (FamilyView: agrees,
disagrees in their own words, not heard yet - never preselected), dissent within the team
(Dissent) and, once taken, the objection route with its last day. A fact without a
source blocks taking the decision.

A MeasureRequest is a request for a measure (verzoekschrift) drafted from a decision
record: it passes an independent Review by someone of another organisation, records the
offer of client support and the family's answer, is shared with the family in the portal
with a response period, and once sent is registered as a measure "aangevraagd" through
measures.services.

Every row carries its household and the person the decision is about (None: the whole
household), so the access module reaches and logs them like other household work
(access/catalogue.py). Views, reviews and dissent are appended, never overwritten.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    ROUTE = "route", _("Route")
    FASE = "fase", _("Fase")
    VERZOEK_MAATREGEL = "verzoek_maatregel", _("Verzoek om een maatregel")
    PLAATSING = "plaatsing", _("Plaatsing")
    AFSLUITING = "afsluiting", _("Afsluiting")


class DecisionRecord(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        GENOMEN = "genomen", _("Genomen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    # Whom the decision is about; None: the whole household (a phase, a closure).
    person = models.ForeignKey("households.Person", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("over wie"))
    kind = models.CharField(_("soort besluit"), max_length=20, choices=DecisionKind.choices)
    question = models.TextField(_("wat wordt besloten"), max_length=2000)
    # The phase a phase decision or closure moves the case to (decision 0051): the
    # record is found by case, kind and phase when the decision is taken.
    to_phase = models.CharField(max_length=40, blank=True)
    # A four-eyes phase decision this record belongs to (cases/proposals.py).
    phase_proposal = models.OneToOneField("cases.PhaseProposal", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONCEPT)
    # The family reads the record (and its request) in the portal only once shared.
    shared_with_family = models.BooleanField(default=False)
    taken_on = models.DateField(null=True, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    objection_route = models.CharField(max_length=60, blank=True)
    objection_until = models.DateField(null=True, blank=True)
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["household", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class Basis(models.TextChoices):
    WAARGENOMEN = "waargenomen", _("Waargenomen")
    GEMELD = "gemeld", _("Gemeld door iemand")
    INTERPRETATIE = "interpretatie", _("Interpretatie")


class Fact(models.Model):
    """A fact a decision rests on, with its source record (a timeline entry the author
    may read, or a measure) and how it is known. Without a source it is flagged and the
    decision cannot be taken."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(DecisionRecord, on_delete=models.PROTECT,
                                 related_name="facts")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    text = models.TextField(_("feit"), max_length=2000)
    basis = models.CharField(_("hoe is het bekend"), max_length=20, choices=Basis.choices)
    reported_by = models.CharField(_("gemeld door"), max_length=200, blank=True)
    source_entry = models.ForeignKey("dossier.Entry", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    source_measure = models.ForeignKey("measures.Measure", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="fact_one_number"),
            models.CheckConstraint(condition=Q(source_entry__isnull=True)
                                   | Q(source_measure__isnull=True),
                                   name="fact_one_source"),
            models.CheckConstraint(condition=~Q(basis="gemeld") | ~Q(reported_by=""),
                                   name="fact_reported_names_who"),
        ]

    @property
    def has_source(self) -> bool:
        return self.source_entry_id is not None or self.source_measure_id is not None


class _AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Dit wordt nooit gewijzigd; leg een nieuwe versie vast."))
        super().save(*args, **kwargs)


class FamilyView(_AppendOnly):
    """What one family member says about one fact (hoor en wederhoor), or with fact None
    about the whole draft; recorded by a professional after a conversation or by the
    member in the portal. The newest row per fact and member is the current view."""

    class Answer(models.TextChoices):
        EENS = "eens", _("Eens")
        ONEENS = "oneens", _("Niet eens")
        NIET_GEHOORD = "niet_gehoord", _("Nog niet gehoord")

    class Via(models.TextChoices):
        PROFESSIONAL = "professional", _("Vastgelegd door een hulpverlener")
        PORTAAL = "portaal", _("Zelf gegeven in het gezinsportaal")

    decision = models.ForeignKey(DecisionRecord, on_delete=models.PROTECT,
                                 related_name="views")
    fact = models.ForeignKey(Fact, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="views")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("gezinslid"))
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    words = models.TextField(_("in eigen woorden"), max_length=4000, blank=True)
    via = models.CharField(max_length=20, choices=Via.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decision", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(answer="oneens") | ~Q(words=""),
                                   name="family_view_disagreement_in_words"),
            models.CheckConstraint(condition=Q(fact__isnull=False) | ~Q(words=""),
                                   name="family_view_response_has_words"),
        ]


class Dissent(_AppendOnly):
    """A team member who does not agree with the decision, with their reasons."""

    decision = models.ForeignKey(DecisionRecord, on_delete=models.PROTECT,
                                 related_name="dissents")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    reasons = models.TextField(_("redenen"), max_length=4000)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decision", "recorded_at"]
        constraints = [models.CheckConstraint(condition=~Q(reasons=""),
                                              name="dissent_has_reasons")]


class MeasureRequest(models.Model):
    """A request for a measure (verzoekschrift) drafted from a decision record."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        TER_TOETSING = "ter_toetsing", _("Ter toetsing")
        TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd na toetsing")
        VERZONDEN = "verzonden", _("Verzonden")

    class Support(models.TextChoices):
        AANGENOMEN = "aangenomen", _("Aangenomen")
        AFGESLAGEN = "afgeslagen", _("Afgeslagen")
        NOG_GEEN_ANTWOORD = "nog_geen_antwoord", _("Nog geen antwoord")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.OneToOneField(DecisionRecord, on_delete=models.PROTECT,
                                    related_name="request")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("voor wie"))
    measure_key = models.CharField(_("maatregel"), max_length=40)
    requester = models.CharField(_("verzoeker"), max_length=100)
    court = models.CharField(_("rechtbank"), max_length=200)
    grounds = models.TextField(_("verzoek en gronden"), max_length=10000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    version = models.PositiveIntegerField(default=1)
    support_offered_on = models.DateField(null=True, blank=True)
    support_by = models.CharField(_("cliëntondersteuning door"), max_length=200, blank=True)
    support_answer = models.CharField(max_length=20, choices=Support.choices, blank=True)
    support_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    shared_on = models.DateField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=100, blank=True)
    measure = models.ForeignKey("measures.Measure", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="verzonden")
                                   | Q(measure__isnull=False),
                                   name="measure_request_sent_is_registered"),
        ]


class Review(models.Model):
    """The independent check of one version of a request, by someone of another
    organisation than the author's: pending until answered (approve, or send back with
    reasons). An answered review is never changed."""

    class Outcome(models.TextChoices):
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")

    request = models.ForeignKey(MeasureRequest, on_delete=models.PROTECT,
                                related_name="reviews")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="+")
    request_version = models.PositiveIntegerField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    reviewer_organisation = models.ForeignKey("organisations.Organisation",
                                              on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField(_("redenen"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "asked_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="teruggestuurd") | ~Q(reasons=""),
                                   name="review_send_back_has_reasons"),
            models.UniqueConstraint(fields=["request"], condition=Q(outcome=""),
                                    name="review_one_pending"),
        ]
