import random

import pytest
from django.core.exceptions import ValidationError

from netwerkdossier.households.bsn import is_valid_bsn, make_bsn, validate_bsn


@pytest.mark.parametrize("value", ["111222333", "123456782", "100000009"])
def test_valid_bsns_pass_the_11_proef(value):
    assert is_valid_bsn(value)


@pytest.mark.parametrize("value", ["111222334", "12345678", "1234567890", "abcdefghi",
                                   "000000000", ""])
def test_invalid_bsns_fail(value):
    assert not is_valid_bsn(value)
    with pytest.raises(ValidationError, match="elfproef"):
        validate_bsn(value)


def test_generated_bsns_are_valid():
    rng = random.Random(7)
    assert all(is_valid_bsn(make_bsn(rng)) for _ in range(500))
