"""Passkeys (WebAuthn) of professionals: a second factor besides the authenticator app.

Only the public key is stored; the private key never leaves the user's device. The
library `webauthn` (py_webauthn, Duo Labs) builds the options and verifies the
authenticator's answers: challenge, origin, relying-party id, signature and counter.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Passkey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="passkeys")
    name = models.CharField(_("naam"), max_length=60)
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name
