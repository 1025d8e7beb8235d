from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogRecord(models.Model):
    """One NEN 7513 access-log record. Append-only: database triggers refuse UPDATE/DELETE."""

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
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # HMAC of the hash under the access-log key (keys.py): no key, no valid seal.
    seal = models.CharField(max_length=32, default="")

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["user_id", "occurred_at"]),
        ]


class ChainHead(models.Model):
    """The newest hash of the chain; its row lock serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
