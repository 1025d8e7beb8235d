"""API tokens: only a SHA-256 of the token is stored, so a database leak reveals none."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "accounts"

    @classmethod
    def issue(cls, user) -> str:
        raw = "nd_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=hash_token(raw), prefix=raw[:8])
        return raw

    @classmethod
    def user_for(cls, raw: str):
        token = (
            cls.objects.select_related("user")
            .filter(digest=hash_token(raw), revoked_at__isnull=True, user__is_active=True,
                    # A family account's token is refused even if one was stored: the
                    # API is for professionals (family members use the portal).
                    user__kind="professional")
            .first()
        )
        return token.user if token else None
