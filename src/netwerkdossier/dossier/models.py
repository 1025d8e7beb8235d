import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules


class Confidentiality(models.IntegerChoices):
    """Ordered levels: a higher number is seen by fewer people (see docs/decisions)."""

    NETWERK = 10, _("Netwerk (team, volgens afspraken)")
    ORGANISATIE = 20, _("Organisatie (alleen eigen organisatie)")
    BEROEPSGEHEIM = 30, _("Beroepsgeheim (alleen eigen discipline)")


# Secrecy releases from closed to most open; a chain keeps the narrowest one.
RELEASE_OPENNESS = {"": 0, "toestemming": 1, "conflict_van_plichten": 2}
RELEASE_OPEN = "conflict_van_plichten"
SENSITIVE_CATEGORIES = ("health_data", "criminal_data", "third_party_data")


class EntryKind(models.TextChoices):
    NOTE = "note", _("Notitie")
    CONVERSATION = "conversation", _("Gesprek")
    REPORT = "report", _("Melding")
    ASSESSMENT = "assessment", _("Beoordeling")
    ANALYSIS = "analysis", _("Analyse")
    DECISION = "decision", _("Besluit")
    DOCUMENT = "document", _("Document")
    AGREEMENT = "agreement", _("Afspraak")


class Entry(models.Model):
    """One version of a timeline entry. A correction is a new row that names what it replaces."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="entries")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="entries")
    kind = models.CharField(_("soort"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("tekst"), max_length=20000)
    occurred_at = models.DateTimeField(_("gebeurd op"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    author_discipline = models.CharField(max_length=40, blank=True)
    owner_organisation = models.ForeignKey("organisations.Organisation",
                                           on_delete=models.PROTECT, related_name="+")
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"), choices=Confidentiality.choices,
        default=Confidentiality.NETWERK, db_index=True,
    )
    legal_basis = models.CharField(_("grondslag"), max_length=40,
                                   choices=rules.choices(rules.legal_bases()))
    subjects = models.ManyToManyField("households.Person", through="EntrySubject",
                                      related_name="entries")
    # Sensitive categories (AVG art. 9 and 10; third parties per art. 7.3.10 Jeugdwet).
    health_data = models.BooleanField(_("gezondheid / GGZ"), default=False, db_default=False)
    criminal_data = models.BooleanField(_("strafrechtelijk"), default=False, db_default=False)
    third_party_data = models.BooleanField(_("informatie over derden"), default=False,
                                           db_default=False)
    # "Vertrouwelijk voor gezinslid": among family members only this person may read it.
    confidential_for_member = models.ForeignKey(
        "households.Person", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("vertrouwelijk voor gezinslid"),
    )
    # How beroepsgeheim information was released to the team, if it was.
    secrecy_release = models.CharField(
        _("doorbreking beroepsgeheim"), max_length=30, blank=True, db_default="",
        choices=[("toestemming", _("Met toestemming")),
                 ("conflict_van_plichten", _("Conflict van plichten (gedocumenteerd)"))],
    )
    # The protection of the version chain (docs/decisions/0021): a correction writes its
    # level, categories and "vertrouwelijk voor" into every older version, and narrows
    # their secrecy release, so no old version stays more readable than a newer one. The
    # gates read the stricter of a row's own value and its chain value; the defaults add
    # nothing, so a row written without these columns keeps exactly its own protection.
    chain_confidentiality = models.PositiveSmallIntegerField(
        choices=Confidentiality.choices, default=Confidentiality.NETWERK,
        db_default=Confidentiality.NETWERK)
    chain_health_data = models.BooleanField(default=False, db_default=False)
    chain_criminal_data = models.BooleanField(default=False, db_default=False)
    chain_third_party_data = models.BooleanField(default=False, db_default=False)
    chain_confidential_for_member = models.ForeignKey(
        "households.Person", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+")
    # The widest secrecy release a later version still grants: a cap on this row's own
    # release (a release itself opens only the version that records it).
    chain_secrecy_release = models.CharField(
        max_length=30, blank=True, default=RELEASE_OPEN, db_default=RELEASE_OPEN)
    version = models.PositiveIntegerField(default=1)
    # The first version of this entry; all versions share it, so history is one lookup.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    correction_reason = models.TextField(_("reden van correctie"), blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["household", "is_current", "-occurred_at"],
                         name="entry_timeline_idx"),
            models.Index(fields=["root"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(replaces__isnull=True, version=1)
                | models.Q(replaces__isnull=False, version__gt=1),
                name="entry_version_matches_replaces",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%d-%m-%Y}"

    # --- protection of the chain: the stricter of own and chain values (decision 0021) ---
    @property
    def level_in_chain(self) -> int:
        return max(self.confidentiality, self.chain_confidentiality)

    def category_in_chain(self, name: str) -> bool:
        """name: health_data, criminal_data or third_party_data."""
        return bool(getattr(self, name) or getattr(self, f"chain_{name}"))

    @property
    def confidential_members(self) -> set:
        """Ids of the members this version is confidential for (own and chain)."""
        return {m for m in (self.confidential_for_member_id,
                            self.chain_confidential_for_member_id) if m is not None}

    @property
    def release_in_chain(self) -> str:
        return min(self.secrecy_release, self.chain_secrecy_release,
                   key=lambda r: RELEASE_OPENNESS.get(r, 0))


class EntrySubject(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="subject_links")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT,
                               related_name="entry_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "person"],
                                               name="entry_subject_unique")]
        indexes = [models.Index(fields=["person", "entry"])]


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)


class ReporterIdentity(models.Model):
    """Who made a report (melder). Shown only to the organisation that received it."""

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="reporter")
    name = models.CharField(_("naam melder"), max_length=200)
    contact = models.CharField(_("contactgegevens melder"), max_length=200, blank=True)
    relation = models.CharField(_("relatie tot het gezin"), max_length=200, blank=True)
    is_professional = models.BooleanField(_("beroepskracht"), default=False)
