"""Encryption at rest for sensitive free text.

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256). Keys come from the
CIRCLES_ENCRYPTION_KEYS setting, newest first: the newest encrypts, every key
decrypts, so keys can be rotated without downtime (see the
``rotate_encryption_keys`` command).
"""

import base64
import contextlib
import functools
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction

_PREFIX = "fernet:"
_UNREADABLE = "This value cannot be decrypted with any key in CIRCLES_ENCRYPTION_KEYS."


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.ENCRYPTION_KEYS)
    if keys:
        return keys
    if not settings.DEBUG:
        # The system checks stop a server without keys; this stops anything else.
        raise ImproperlyConfigured("Circles needs CIRCLES_ENCRYPTION_KEYS outside DEBUG.")
    # In DEBUG only: a stable development key derived from the secret key.
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
        raise ValueError(_UNREADABLE) from exc


def rotate(stored: str) -> str:
    """Re-encrypt a stored token with the newest key."""
    if not stored.startswith(_PREFIX):
        raise ValueError("Value is not an encrypted Circles token.")
    try:
        return _PREFIX + fernet().rotate(stored[len(_PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError(_UNREADABLE) from exc


def uses_newest_key(stored: str) -> bool:
    if not stored.startswith(_PREFIX):
        return False
    try:
        _fernet_for(configured_keys()[:1]).decrypt(stored[len(_PREFIX) :].encode())
    except InvalidToken:
        return False
    return True


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


# Key rotation -----------------------------------------------------------------


class RotationError(Exception):
    pass


@dataclass
class FieldRotation:
    label: str
    reencrypted: int = 0
    current: int = 0


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every EncryptedTextField stored in a table of an installed model."""
    found = []
    for model in apps.get_models():
        opts = model._meta
        # A proxy shares its table with its concrete model; an unmanaged model's
        # table (perhaps a view) is not ours to write.
        if opts.proxy or not opts.managed:
            continue
        for field in opts.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found


def reencrypt_field(
    model: type[models.Model],
    field: EncryptedTextField,
    *,
    dry_run: bool = False,
    batch_size: int = 500,
) -> FieldRotation:
    """Re-encrypt every stored value of one field that is not under the newest key.

    Reads and writes raw column values, so no value is ever decrypted into a
    model instance. Each batch commits on its own: a run that stops half way
    can simply be started again.
    """
    opts = model._meta
    result = FieldRotation(label=f"{opts.label}.{field.name}")
    alias = router.db_for_write(model)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    pk = quote(opts.pk.column or opts.pk.attname)
    column = quote(field.column or field.attname)
    # Names come from model metadata and are quoted; values are parameters.
    select = f"SELECT {pk}, {column} FROM {table}"  # noqa: S608
    where = f"{column} IS NOT NULL AND {column} <> ''"
    first_batch = f"{select} WHERE {where} ORDER BY {pk} LIMIT %s"
    next_batch = f"{select} WHERE {where} AND {pk} > %s ORDER BY {pk} LIMIT %s"
    # Only overwrite the value we read: a row saved meanwhile by the app is
    # already under the newest key and must not be replaced by an older text.
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"  # noqa: S608
    last_pk: Any = None
    while True:
        in_transaction = contextlib.nullcontext() if dry_run else transaction.atomic(using=alias)
        with in_transaction, connection.cursor() as cursor:
            if last_pk is None:
                cursor.execute(first_batch, [batch_size])
            else:
                cursor.execute(next_batch, [last_pk, batch_size])
            rows = cursor.fetchall()
            for pk_value, stored in rows:
                if uses_newest_key(stored):
                    result.current += 1
                    continue
                try:
                    rotated = rotate(stored)
                except ValueError as exc:
                    raise RotationError(f"{result.label}, row {pk_value}: {exc}") from exc
                if dry_run:
                    result.reencrypted += 1
                    continue
                cursor.execute(update, [rotated, pk_value, stored])
                if cursor.rowcount:
                    result.reencrypted += 1
                else:
                    result.current += 1
        if len(rows) < batch_size:
            return result
        last_pk = rows[-1][0]


def reencrypt_all(*, dry_run: bool = False, batch_size: int = 500) -> list[FieldRotation]:
    return [
        reencrypt_field(model, field, dry_run=dry_run, batch_size=batch_size)
        for model, field in encrypted_fields()
    ]
