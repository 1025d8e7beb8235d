from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccessLogRecord(models.Model):
    """One NEN 7513 access-log record. Append-only: database triggers refuse DELETE, and
    UPDATE except the one-time chaining by the sequencer (decision 0031).

    Written by the request (log.py) with its content and `content_seal`; chained a
    moment later by the sequencer (sequencer.py), which gives it `position` (its number
    in the chain, contiguous), `prev_hash`, `hash` and `seal`. `id` names the record and
    may have gaps (a rolled-back request uses one up); the chain runs by `position`.
    """

    class Action(models.TextChoices):
        CREATE = "C", _("Aanmaken")
        READ = "R", _("Inzien")
        UPDATE = "U", _("Wijzigen")
        DELETE = "D", _("Vernietigen")
        EXECUTE = "E", _("Uitvoeren")

    class Result(models.TextChoices):
        GRANTED = "granted", _("Toegestaan")
        REFUSED = "refused", _("Geweigerd")
        ERROR = "error", _("Fout")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    event_code = models.CharField(max_length=60)
    action = models.CharField(max_length=1, choices=Action.choices)
    result = models.CharField(max_length=10, choices=Result.choices)
    user_id = models.CharField(max_length=64, blank=True)
    username = models.CharField(max_length=150, blank=True)
    organisation_id = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=40, blank=True)
    responsible_user_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=40, blank=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_ids = models.JSONField(default=list)
    subject_ids = models.JSONField(default=list)
    rule = models.CharField(max_length=80, blank=True)
    consent_profile = models.CharField(max_length=80, blank=True)
    break_glass = models.BooleanField(default=False)
    source = models.CharField(max_length=120, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    # HMAC of the record's canonical text under the access-log key, by the writer: the
    # sequencer chains only records that carry a valid one.
    content_seal = models.CharField(max_length=32, default="")
    # Empty / null until the sequencer chains the record.
    position = models.BigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, default="")
    hash = models.CharField(max_length=64, default="")
    # HMAC of the hash under the access-log key (keys.py): no key, no valid seal.
    seal = models.CharField(max_length=32, default="")

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["user_id", "occurred_at"]),
            # The sequencer's queue: small, since records leave it within moments.
            models.Index(fields=["id"], condition=Q(position__isnull=True),
                         name="audit_record_unchained"),
        ]


class UnchainedRecord(models.Model):
    """The sequencer's queue: the id of each record written but not chained yet. A small
    table of its own, so that finding the waiting records never walks the main table's
    index past the dead entries every chaining UPDATE leaves (decision 0031). Removing a
    row here only delays chaining; `audit verify` reports records left unchained."""

    id = models.BigIntegerField(primary_key=True)


class ChainHead(models.Model):
    """The newest hash of the chain; its row lock serialises the sequencer (never a
    request). `last_id` is the position of the newest chained record."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
