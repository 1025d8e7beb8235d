"""Working days and months for lifecycle deadlines (rules/phases.toml).

A working day is Monday to Friday and not a public holiday of the `holidays` package
for the configured country, nor one of the extra days off listed in the rules file.
"""

from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.relativedelta import relativedelta

from netwerkdossier import rules


def _config() -> dict:
    return rules.load("phases")["working_days"]


@cache
def _public_holidays(year: int, country: str) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_day_off(day: date) -> bool:
    config = _config()
    if day.weekday() >= 5:
        return True
    if day in _public_holidays(day.year, config["country"]):
        return True
    return day.strftime("%m-%d") in set(config.get("extra_days_off", []))


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if not is_day_off(current):
            remaining -= 1
    return current


def add_months(start: date, months: int) -> date:
    """Same day `months` later; the 31st becomes the last day of a shorter month."""
    return start + relativedelta(months=months)


def add_weeks(start: date, weeks: int) -> date:
    return start + timedelta(weeks=weeks)
