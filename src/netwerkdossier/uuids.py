"""Ids typed into URLs and forms: a UUID or a row number, or None for anything else
(never an error: an id that is no id is an unknown object, answered with the logged 404
after the household in the same URL was decided)."""

import uuid


def parse_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def parse_row_id(value) -> int | None:
    """A positive database row number (bigint range), or None."""
    text = str(value or "")
    return int(text) if text.isdigit() and 0 < len(text) < 19 else None
