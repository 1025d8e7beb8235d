"""Whole calendar years from a date, as retention periods and ages count them.

29 February: a period that starts on 29 February and ends in a year without one ends on
1 March. A person born on 29 February reaches an age on 1 March in such a year: that is
the Dutch reading reported for ages (someone born on a leap day is legally a year older
on 1 March), and it is the later of the two candidate days, so a "keep at least" period
is never cut short by a day. Destruction cannot be undone; where the law is unclear the
later day is the safe one. A lawyer must confirm (decision 0032).
"""

from datetime import date


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 1 March in a year
    without a leap day."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return date(day.year + years, 3, 1)


def turns(birth: date, age: int) -> date:
    """The day a person born on `birth` reaches `age`."""
    return add_years(birth, age)
