"""Triage deadline: 5 working days after the report, weekends and Dutch public holidays
(the `holidays` package, NL) not counted."""

from datetime import date

import holidays
import pytest

from netwerkdossier.cases import calendar, lifecycle


@pytest.mark.parametrize(("reported", "due"), [
    (date(2026, 3, 5), date(2026, 3, 12)),    # Thursday, ordinary week
    (date(2026, 3, 6), date(2026, 3, 13)),    # Friday: the weekend does not count
    (date(2026, 3, 7), date(2026, 3, 13)),    # Saturday: counting starts Monday
    (date(2026, 3, 8), date(2026, 3, 13)),    # Sunday
    # Thursday before Easter: Good Friday and Easter Monday are not working days
    (date(2026, 4, 2), date(2026, 4, 13)),
    (date(2025, 4, 17), date(2025, 4, 28)),
    # Koningsdag on Monday 27 April 2026
    (date(2026, 4, 23), date(2026, 5, 1)),
    # 2025: 27 April is a Sunday, Koningsdag moves to Saturday 26 April (no effect)
    (date(2025, 4, 23), date(2025, 4, 30)),
    # 5 May: a day off in the lustrum year 2025 only (as the holidays package says)
    (date(2025, 4, 30), date(2025, 5, 8)),
    (date(2026, 4, 30), date(2026, 5, 7)),
    # Christmas and New Year
    (date(2025, 12, 23), date(2026, 1, 2)),
    (date(2026, 12, 24), date(2027, 1, 4)),
    # Ascension Day (Thursday 14 May 2026) and Whit Monday (25 May 2026)
    (date(2026, 5, 12), date(2026, 5, 20)),
    (date(2026, 5, 20), date(2026, 5, 28)),
])
def test_triage_deadline(reported, due):
    assert lifecycle.triage_deadline(reported) == due


def test_the_holiday_package_facts_the_dates_above_rely_on():
    nl = holidays.country_holidays("NL", years=[2025, 2026])
    assert date(2025, 5, 5) in nl and date(2026, 5, 5) not in nl
    assert date(2025, 4, 26) in nl and date(2026, 4, 27) in nl
    assert date(2026, 4, 3) in nl  # Goede Vrijdag counts in the package


def test_extra_days_off_from_the_rules_file(monkeypatch):
    monkeypatch.setattr(calendar, "_config",
                        lambda: {"country": "NL", "extra_days_off": ["05-05"]})
    # 5 May 2026 (a Tuesday) now counts as a day off as well.
    assert calendar.add_working_days(date(2026, 4, 30), 5) == date(2026, 5, 8)


def test_zero_days_and_months():
    assert calendar.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    assert calendar.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert calendar.add_months(date(2026, 6, 15), 12) == date(2027, 6, 15)
