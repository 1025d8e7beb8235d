"""Access rules held as data: sharing agreements, consent, case tables, break-the-glass."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules
from netwerkdossier.dossier.models import EntryKind
from netwerkdossier.organisations.models import Organisation

from .context import CHOOSABLE_PURPOSES


class SharingAgreement(models.Model):
    """A samenwerkingsafspraak, loaded from rules/sharing_agreements.toml (versioned)."""

    key = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    region = models.ForeignKey("organisations.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="agreements")
    source = models.TextField(help_text=_("Wettelijke grondslag en vindplaats."))
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "version"],
                                               name="agreement_key_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} (versie {self.version})"


class SharingRule(models.Model):
    """One expanded row of an agreement: owner kind x viewer kind x entry kind x purpose."""

    agreement = models.ForeignKey(SharingAgreement, on_delete=models.CASCADE,
                                  related_name="rules")
    rule_key = models.SlugField(max_length=80)
    owner_kind = models.CharField(max_length=20, choices=Organisation.Kind.choices)
    viewer_kind = models.CharField(max_length=20, choices=Organisation.Kind.choices)
    entry_kind = models.CharField(max_length=20, choices=EntryKind.choices)
    purpose = models.CharField(max_length=40, choices=list(CHOOSABLE_PURPOSES.items()))
    legal_basis = models.CharField(max_length=40, choices=rules.choices(rules.legal_bases()))
    # Empty: every phase. Otherwise the phases (cases.Phase values) it applies in.
    phases = models.JSONField(default=list, blank=True)
    requires_consent = models.BooleanField(default=False)
    allows_health = models.BooleanField(default=False)
    allows_criminal = models.BooleanField(default=False)
    allows_third_party = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["viewer_kind", "purpose"])]


class Consent(models.Model):
    """A consent decision about one person and scope, by the person or a gezag holder.

    New decisions supersede older ones by the same giver (is_current); history stays.
    """

    class Scope(models.TextChoices):
        DELEN_NETWERK = "delen_netwerk", _("Delen met het netwerk volgens de afspraken")
        BEROEPSGEHEIM = "beroepsgeheim", _("Delen van informatie onder beroepsgeheim")

    class Decision(models.TextChoices):
        GIVEN = "given", _("Gegeven")
        REFUSED = "refused", _("Geweigerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="consents")
    scope = models.CharField(max_length=30, choices=Scope.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    given_by = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                                 related_name="consents_given")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "scope", "is_current"])]
        constraints = [models.UniqueConstraint(
            fields=["person", "scope", "given_by"], condition=models.Q(is_current=True),
            name="one_current_consent_per_giver")]


class CaseTableSession(models.Model):
    """A case-table (MDA++/casustafel) meeting: time-boxed access to a minimal picture."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="case_tables")
    title = models.CharField(max_length=200)
    agreement = models.ForeignKey(SharingAgreement, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    # The basis chosen when the table was opened ([[case_table]] in
    # rules/case_tables.toml), with what it allowed then: the record keeps what was
    # agreed even if the rules file changes later. Empty on tables opened before a basis
    # was required; such a table opens no entries (entry_rules.case_table_gate).
    basis = models.SlugField(max_length=80, blank=True)
    purpose = models.CharField(max_length=40, choices=list(CHOOSABLE_PURPOSES.items()), blank=True)
    legal_basis = models.CharField(max_length=40, choices=rules.choices(rules.legal_bases()),
                                   blank=True)
    seat_kinds = models.JSONField(default=list, blank=True)
    allows_health = models.BooleanField(default=False)
    allows_criminal = models.BooleanField(default=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="case_table_period_ordered")]


class CaseTableParticipant(models.Model):
    session = models.ForeignKey(CaseTableSession, on_delete=models.CASCADE,
                                related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="case_table_seats")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"],
                                               name="case_table_participant_unique")]


class CaseTableItem(models.Model):
    """An entry that belongs to the agreed minimal shared picture of a session."""

    session = models.ForeignKey(CaseTableSession, on_delete=models.CASCADE,
                                related_name="items")
    entry = models.ForeignKey("dossier.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "entry"],
                                               name="case_table_item_unique")]


class BreakGlass(models.Model):
    """Emergency access by a professional outside the team; every use is reviewed."""

    class Outcome(models.TextChoices):
        JUSTIFIED = "justified", _("Terecht")
        UNJUSTIFIED = "unjustified", _("Onterecht")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="break_glass")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="break_glass")
    reason = models.TextField()
    purpose = models.CharField(max_length=40, choices=list(CHOOSABLE_PURPOSES.items()))
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "household", "expires_at"]),
                   models.Index(fields=["reviewed_at"])]


class PersonReach(models.Model):
    """Derived, never edited by hand: which professional may find which person, through
    which household and relation, in which period. Rebuilt per household whenever a
    relation or a membership changes (access/person_reach.py); person search filters on
    it with one index probe per candidate (decision 0019). No database constraints: a
    household or person may be removed while its rows are being rebuilt."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING,
                             db_constraint=False, db_index=False, related_name="+")
    person = models.ForeignKey("households.Person", on_delete=models.DO_NOTHING,
                               db_constraint=False, related_name="+")
    household = models.ForeignKey("households.Household", on_delete=models.DO_NOTHING,
                                  db_constraint=False, related_name="+")
    relation = models.CharField(max_length=16)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "person"], include=["starts_at", "ends_at"],
                                name="person_reach_lookup")]
