"""The hash chain: a record's hash covers its own fields and the previous record's hash."""

import hashlib
import json

GENESIS_HASH = "0" * 64
SEP = "\x1f"

# Order matters: changing it invalidates every stored hash.
CHAINED_FIELDS = (
    "id", "occurred_at", "event_code", "action", "result", "user_id", "username",
    "organisation_id", "role", "responsible_user_id", "purpose", "object_type", "object_ids",
    "subject_ids", "rule", "consent_profile", "break_glass", "source", "channel",
)


def _text(value) -> str:
    if isinstance(value, list):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, bool):
        return "1" if value else "0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record_hash(prev_hash: str, values: dict) -> str:
    body = SEP.join(_text(values[name]) for name in CHAINED_FIELDS)
    return hashlib.sha256((prev_hash + SEP + body).encode()).hexdigest()
