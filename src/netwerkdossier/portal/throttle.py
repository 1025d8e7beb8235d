"""Slow down and then lock repeated failed portal logins, per account and per client
address. Counted in the database (works with several processes, survives restarts);
keys are hashed, so the table holds no usernames or addresses.

After SLOW_AFTER failures a waiting time applies that doubles per failure (up to
MAX_WAIT_SECONDS); after
LOCK_AFTER failures the key is locked for LOCK_MINUTES. A successful login clears the
account's counter (not the address's: one good password does not excuse guessing at
others from the same address).
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import LoginThrottle

SLOW_AFTER = 3
LOCK_AFTER = 10
LOCK_MINUTES = 30
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 120
FORGET_AFTER = timedelta(hours=24)  # a quiet day resets the counter


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
    return f"{kind}:{digest[:64]}"


def keys_for(username: str, address: str) -> list[str]:
    return [_key("account", (username or "").strip().lower()), _key("ip", address or "")]


def client_address(request) -> str:
    # Behind a proxy set the address there (REMOTE_ADDR); X-Forwarded-For is not trusted.
    return request.META.get("REMOTE_ADDR", "")


@dataclass
class Block:
    locked: bool
    seconds: int

    def message(self) -> str:
        if self.locked:
            minutes = max(1, math.ceil(self.seconds / 60))
            return ngettext(
                "Er is te vaak geprobeerd in te loggen. Inloggen is geblokkeerd. Probeer het "
                "over %(n)d minuut opnieuw, of bel uw contactpersoon.",
                "Er is te vaak geprobeerd in te loggen. Inloggen is geblokkeerd. Probeer het "
                "over %(n)d minuten opnieuw, of bel uw contactpersoon.", minutes) % {
                    "n": minutes}
        return ngettext(
            "Er is een paar keer verkeerd ingelogd. Wacht %(n)d seconde en probeer het dan "
            "opnieuw.",
            "Er is een paar keer verkeerd ingelogd. Wacht %(n)d seconden en probeer het dan "
            "opnieuw.", self.seconds) % {"n": self.seconds}


def blocked(keys: list[str]) -> Block | None:
    """The strictest block on any of the keys now, or None."""
    now = timezone.now()
    worst = None
    for row in LoginThrottle.objects.filter(key__in=keys, blocked_until__gt=now):
        seconds = math.ceil((row.blocked_until - now).total_seconds())
        block = Block(row.failures >= LOCK_AFTER, seconds)
        if worst is None or (block.locked, block.seconds) > (worst.locked, worst.seconds):
            worst = block
    return worst


def _wait_after(failures: int) -> timedelta | None:
    if failures >= LOCK_AFTER:
        return timedelta(minutes=LOCK_MINUTES)
    if failures >= SLOW_AFTER:
        return timedelta(seconds=min(MAX_WAIT_SECONDS,
                                     FIRST_WAIT_SECONDS * 2 ** (failures - SLOW_AFTER)))
    return None


def record_failure(keys: list[str]) -> None:
    # Its own transaction on purpose: the count must stay even if the request rolls back.
    now = timezone.now()
    with transaction.atomic():
        for key in keys:
            row, _ = LoginThrottle.objects.select_for_update().get_or_create(key=key)
            if row.last_failure_at and now - row.last_failure_at > FORGET_AFTER:
                row.failures = 0
            if row.failures >= LOCK_AFTER and (row.blocked_until is None
                                               or row.blocked_until <= now):
                row.failures = SLOW_AFTER  # after a lock has run out: slow again
            row.failures += 1
            row.last_failure_at = now
            wait = _wait_after(row.failures)
            row.blocked_until = now + wait if wait else None
            row.save()


def record_success(username: str) -> None:
    LoginThrottle.objects.filter(key=keys_for(username, "")[0]).delete()


def generic_failure() -> str:
    return _("De gebruikersnaam, het wachtwoord of de code klopt niet.")
