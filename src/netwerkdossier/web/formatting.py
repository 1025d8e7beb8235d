"""Cheap Dutch date formatting for long lists (Django's `date` filter costs ~30 µs a call)."""

from django.utils import timezone
from django.utils.dates import MONTHS


def month_names() -> dict[int, str]:
    """Month names in the active language, translated once per page."""
    return {number: str(name) for number, name in MONTHS.items()}


def long_datetime(value, months: dict[int, str]) -> str:
    """'3 maart 2026, 14:05' in local time."""
    local = timezone.localtime(value)
    return f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}"


def long_date(value, months: dict[int, str]) -> str:
    local = timezone.localtime(value) if hasattr(value, "hour") else value
    return f"{local.day} {months[local.month]} {local.year}"
