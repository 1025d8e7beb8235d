"""Burgerservicenummer checks (the 11-proef)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def is_valid_bsn(value: str) -> bool:
    if not value or len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Dit BSN klopt niet. Een BSN heeft 9 cijfers en moet voldoen aan de elfproef."),
            code="invalid_bsn",
        )


def make_bsn(rng) -> str:
    """A synthetic BSN that passes the 11-proef (for generated data only)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
        last = total % 11
        if last <= 9:
            candidate = "".join(map(str, digits)) + str(last)
            if is_valid_bsn(candidate):
                return candidate
