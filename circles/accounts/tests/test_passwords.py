from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

import circles.settings as circles_settings
from circles.accounts.actions import create_invitation
from circles.accounts.models import Role, User


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


@pytest.mark.django_db
def test_long_passphrases_are_welcome(riverside: Any, admin: Any) -> None:
    passphrase = "the river is calm at dawn and I am here " * 4
    _invitation, token = create_invitation(riverside, "new@example.org", Role.PARTICIPANT, admin)
    joined = Client().post(
        f"/invitations/{token}/",
        {"preferred_name": "Sky", "password1": passphrase, "password2": passphrase},
    )
    assert joined.status_code == 302
    assert joined["Location"] == "/o/riverside/"

    client = Client()
    signed_in = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": passphrase}
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.org").pk)
