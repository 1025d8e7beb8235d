"""Birth dates around a birthday, for the property tests of the age rules."""

from datetime import timedelta

from django.utils import timezone


def born_around(age: int, days: int):
    """(birth date, age today) for someone whose `age`-th birthday is `days` from today
    (days > 0: the birthday is still to come, so they are one year younger)."""
    today = timezone.localdate()
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - age, day=28)
    return anniversary + timedelta(days=days), age - (1 if days > 0 else 0)
