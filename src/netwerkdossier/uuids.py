"""Ids typed into URLs and forms: a UUID, or None for anything else (never an error)."""

import uuid


def parse_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
