"""API tokens: only a SHA-256 of the token is stored, so a database leak reveals none.

Every token has an owner (the professional it acts as), a scope ("read": GET only;
"write": also changes) and an expiry (at most MAX_DAYS); it can be revoked
(`netwerkdossier tokens revoke`). Expired and revoked tokens answer 401.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS, MAX_DAYS = 90, 365


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_expiry():
    return timezone.now() + timedelta(days=DEFAULT_DAYS)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("lezen")
        WRITE = "write", _("lezen en schrijven")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(max_length=100, blank=True)  # what the token is for
    scope = models.CharField(max_length=5, choices=Scope.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "accounts"

    @classmethod
    def issue(cls, user, *, scope: str = Scope.WRITE, days: int = DEFAULT_DAYS,
              name: str = "") -> str:
        if not 1 <= days <= MAX_DAYS:
            raise ValueError(f"days must be 1..{MAX_DAYS}")
        raw = "nd_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=hash_token(raw), prefix=raw[:8], scope=scope,
                           name=name, expires_at=timezone.now() + timedelta(days=days))
        return raw

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "ingetrokken"
        return "verlopen" if self.expires_at <= timezone.now() else "geldig"

    @classmethod
    def valid(cls, raw: str):
        """The token for `raw` if it may be used now, else None."""
        return (
            cls.objects.select_related("user")
            .filter(digest=hash_token(raw), revoked_at__isnull=True,
                    expires_at__gt=timezone.now(), user__is_active=True,
                    # A family account's token is refused even if one was stored: the
                    # API is for professionals (family members use the portal).
                    user__kind="professional")
            .first()
        )

    @classmethod
    def user_for(cls, raw: str):
        token = cls.valid(raw)
        return token.user if token else None
