from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import circles.settings as circles_settings


def test_production_hashes_passwords_with_argon2id(settings: Any) -> None:
    # The test suite swaps in a fast hasher; put back what settings.py ships.
    settings.PASSWORD_HASHERS = circles_settings.PASSWORD_HASHERS
    hashed = make_password("a long calm passphrase")
    assert hashed.startswith("argon2$argon2id$")
    assert check_password("a long calm passphrase", hashed)


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890123", "qwertyuiop"])
def test_short_common_or_numeric_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_passphrases_are_welcome() -> None:
    validate_password("the river is calm at dawn and I am here " * 4)
