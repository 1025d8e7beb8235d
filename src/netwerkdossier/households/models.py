import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bsn import validate_bsn
from .search_keys import fold


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def validate_not_future(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("Een geboortedatum kan niet in de toekomst liggen."),
                              code="birth_date_future")


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_names = models.CharField(_("voornamen"), max_length=120)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=120)
    birth_date = models.DateField(_("geboortedatum"), validators=[validate_not_future])
    bsn = models.CharField(
        _("BSN"), max_length=9, null=True, blank=True, unique=True, validators=[validate_bsn],
        error_messages={"unique": _("Er is al een persoon met dit BSN in het dossier. Zoek die "
                                    "persoon op in plaats van hem opnieuw in te voeren.")},
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Folded copies of the names, for index-backed prefix search.
    family_key = models.CharField(max_length=120, editable=False, db_index=True)
    given_key = models.CharField(max_length=120, editable=False, db_index=True)
    recorded_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["family_key", "given_key"]
        indexes = [models.Index(fields=["birth_date"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.tussenvoegsel, self.family_name) if p)

    def age(self, on: date | None = None) -> int:
        return age_on(self.birth_date, on or timezone.localdate())

    def save(self, *args, **kwargs):
        self.family_key = fold(self.family_name)
        self.given_key = fold(self.given_names)
        if self.bsn == "":
            self.bsn = None
        super().save(*args, **kwargs)


class Household(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam huishouden"), max_length=200)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=120)
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT,
                               related_name="households")
    # The organisation that registered the household owns the registration.
    owner_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="owned_households"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    """Membership of a person in a household over time."""

    class Relation(models.TextChoices):
        PARENT = "parent", _("Ouder")
        CAREGIVER = "caregiver", _("Verzorger")
        CHILD = "child", _("Kind")
        PARTNER = "partner", _("Partner")
        OTHER_ADULT = "other_adult", _("Andere volwassene")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relatie"), max_length=20, choices=Relation.choices)
    # A child lives in (has main residence in) at most one household at a time.
    lives_in = models.BooleanField(_("woont hier"), default=True)
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["household", "valid_to"]),
            models.Index(fields=["person", "valid_to"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="household_member_period_ordered",
            )
        ]

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class Gezag(models.Model):
    """Parental authority (gezag) of an adult over a child, over time."""

    class Kind(models.TextChoices):
        OUDERLIJK = "ouderlijk", _("Ouderlijk gezag")
        VOOGDIJ = "voogdij", _("Voogdij")

    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gezag_held")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gezag_over")
    kind = models.CharField(_("soort gezag"), max_length=20, choices=Kind.choices,
                            default=Kind.OUDERLIJK)
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True,
                              help_text=_("Bijvoorbeeld het gezagsregister of een beschikking."))
    # The source as chosen when the fact was added or last changed (rules/
    # registration_sources.toml); empty for facts recorded before sources were chosen,
    # which keep their free-text `source`.
    source_kind = models.CharField(_("soort bron"), max_length=30, blank=True, default="")
    source_reference = models.CharField(_("zaaknummer of kenmerk"), max_length=100,
                                        blank=True, default="")
    source_date = models.DateField(_("datum van de bron"), null=True, blank=True)
    source_by = models.CharField(_("verklaring van"), max_length=200, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["child", "valid_to"]),
                   models.Index(fields=["holder", "valid_to"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(holder=models.F("child")),
                                   name="gezag_not_over_self"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="gezag_period_ordered",
            ),
        ]

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    @property
    def source_label(self) -> str:
        """The source in Dutch: the chosen kind, or the free text of older facts."""
        from .registration_sources import source_label

        return source_label(self.source_kind) if self.source_kind else self.source


class PossibleMatch(models.Model):
    """A registration gave a new member a BSN that a person already in the dossier has,
    and the registrar may not see that person. The registration went on as for a new
    BSN (the new person is stored without it), so the registrar learns nothing; this
    request lets the privacy officer sort out whether they are the same person."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Afgehandeld")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    new_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    existing_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]


class AddressShield(models.Model):
    """The household's address (street, postcode, municipality) is hidden from one named
    person, e.g. a victim's new address from the ex-partner (Wet BRP art. 2.59 in spirit).

    The address lives on the household, so the shield does too: it protects everyone who
    lives there. A professional with a team-type relation sets it with a reason; ending
    it fills ended_at/ended_by/end_reason and keeps the row, so the history stays and
    nothing is overwritten. The rule that applies it is netwerkdossier.access.address_shield.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT,
                                  related_name="address_shields")
    shielded_from = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("afgeschermd voor"))
    reason = models.TextField(_("reden"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_by_organisation = models.ForeignKey("organisations.Organisation", null=True,
                                            blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    end_reason = models.TextField(_("reden van beëindigen"), blank=True)

    class Meta:
        ordering = ["-set_at"]
        indexes = [models.Index(fields=["shielded_from", "ended_at"])]
        constraints = [
            # One running shield per household and person: a second one would be a
            # silent duplicate; end the first to change its reason.
            models.UniqueConstraint(fields=["household", "shielded_from"],
                                    condition=models.Q(ended_at__isnull=True),
                                    name="address_shield_one_active"),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True, ended_by__isnull=True)
                | models.Q(ended_at__isnull=False, ended_by__isnull=False),
                name="address_shield_ended_with_who"),
            models.CheckConstraint(condition=~models.Q(reason=""),
                                   name="address_shield_has_reason"),
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class RegistrationChange(models.Model):
    """One change to a household's registration: a member added, ended or changed, a
    gezag fact added or changed, the address changed. Nothing is overwritten without a
    row here: `before` and `after` hold the old and new values, so every older version
    of the member, gezag fact or address stays readable (decision 0039), with who
    changed it, when, why and on what source. `version` counts the versions of one
    target (the registration itself is version 1); it is unique per target, so two
    people changing the same fact at once cannot both write version 3.
    """

    class Target(models.TextChoices):
        MEMBER = "member", _("Gezinslid")
        GEZAG = "gezag", _("Gezag")
        ADDRESS = "address", _("Adres")

    class What(models.TextChoices):
        MEMBER_ADDED = "member_added", _("Gezinslid toegevoegd")
        MEMBER_CHANGED = "member_changed", _("Gezinslid gewijzigd")
        MEMBER_ENDED = "member_ended", _("Lidmaatschap beëindigd")
        GEZAG_ADDED = "gezag_added", _("Gezag vastgelegd")
        GEZAG_CHANGED = "gezag_changed", _("Gezag gewijzigd")
        GEZAG_ENDED = "gezag_ended", _("Gezag beëindigd")
        ADDRESS_CHANGED = "address_changed", _("Adres gewijzigd")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT,
                                  related_name="registration_changes")
    target = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.CharField(max_length=40)  # the member's, gezag fact's or household's
    version = models.PositiveIntegerField()
    what = models.CharField(max_length=20, choices=What.choices)
    # Who the change is about: the member, or the child of a gezag fact. Empty for the
    # address, which is about the residents (households/registration.py logs them).
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict)
    source_kind = models.CharField(_("bron"), max_length=30)
    source_reference = models.CharField(_("zaaknummer of kenmerk"), max_length=100,
                                        blank=True)
    source_date = models.DateField(_("datum van de bron"), null=True, blank=True)
    source_by = models.CharField(_("verklaring van"), max_length=200, blank=True)
    reason = models.TextField(_("reden"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_by_organisation = models.ForeignKey("organisations.Organisation", null=True,
                                                blank=True, on_delete=models.PROTECT,
                                                related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-version"]
        indexes = [models.Index(fields=["household", "-changed_at"])]
        constraints = [
            models.UniqueConstraint(fields=["target", "target_id", "version"],
                                    name="registration_change_one_version"),
            models.CheckConstraint(condition=models.Q(version__gte=2),
                                   name="registration_change_after_registration"),
            models.CheckConstraint(condition=~models.Q(reason=""),
                                   name="registration_change_has_reason"),
            models.CheckConstraint(condition=~models.Q(source_kind=""),
                                   name="registration_change_has_source"),
        ]

    @property
    def source_label(self) -> str:
        from .registration_sources import source_label

        return source_label(self.source_kind)
