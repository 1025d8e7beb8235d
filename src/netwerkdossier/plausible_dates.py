"""The dates a dossier can hold: from 1900 to 2100.

A date like 0001-01-01 is a typing or tooling error, and date arithmetic near the
calendar's ends overflows (ages, deadlines, time zones). One rule for forms and API.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def out_of_range_message() -> str:
    return _("Vul een datum tussen 1900 en 2100 in.")


def check_plausible(value):
    """Raise ValidationError (Dutch) for a date or moment outside 1900-2100."""
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not EARLIEST <= day <= LATEST:
        raise ValidationError(out_of_range_message(), code="date_range")
    return value


def plausible(value):
    """The same check for pydantic (API schemas)."""
    try:
        return check_plausible(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
