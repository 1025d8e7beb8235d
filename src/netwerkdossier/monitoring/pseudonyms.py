"""Keyed pseudonyms for monitoring events: a household or case id becomes a UUID made
from HMAC-SHA256 with a key that is not in the database (settings.MONITORING_KEY, by
default derived from SECRET_KEY with its own salt). Without the key nobody can compute
which pseudonym belongs to which household, so the event table cannot be joined back
to the dossier; with it the same case always gets the same pseudonym, so durations
and repeat reports can be counted. Changing the key breaks that link for old events:
run `netwerkdossier monitoring rebuild` afterwards."""

import hashlib
import hmac
import uuid

from django.conf import settings


def _key() -> bytes:
    configured = getattr(settings, "MONITORING_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"netwerkdossier.monitoring.pseudonym:" +
                          settings.SECRET_KEY.encode()).digest()


def pseudonym(kind: str, pk) -> uuid.UUID | None:
    """The pseudonym of object `pk` of `kind` ("household" or "case")."""
    if pk is None:
        return None
    digest = hmac.new(_key(), f"{kind}:{pk}".encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16])
