"""Encryption at rest for sensitive free text.

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256). Keys come from the
CIRCLES_ENCRYPTION_KEYS setting, newest first: the newest encrypts, every key
decrypts, so keys can be rotated without downtime (see the
``rotate_encryption_keys`` command).
"""

import base64
import functools
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

_PREFIX = "fernet:"


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.ENCRYPTION_KEYS)
    if keys:
        return keys
    # Only reachable in DEBUG (settings refuse to start otherwise): a stable
    # development key derived from the secret key.
    digest = hashlib.sha256(("circles-dev-encryption:" + settings.SECRET_KEY).encode()).digest()
    return (base64.urlsafe_b64encode(digest).decode(),)


def fernet() -> MultiFernet:
    return _fernet_for(configured_keys())


def encrypt(plaintext: str) -> str:
    return _PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(_PREFIX):
        raise ValueError("Value is not an encrypted Circles token.")
    try:
        return fernet().decrypt(stored[len(_PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "This value cannot be decrypted with any key in CIRCLES_ENCRYPTION_KEYS."
        ) from exc


def rotate(stored: str) -> str:
    """Re-encrypt a stored token with the newest key."""
    if not stored.startswith(_PREFIX):
        raise ValueError("Value is not an encrypted Circles token.")
    return _PREFIX + fernet().rotate(stored[len(_PREFIX) :].encode()).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedTextField(models.TextField):
    """A TextField whose value is encrypted before it reaches the database.

    It cannot be searched or ordered by its contents, on purpose.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
