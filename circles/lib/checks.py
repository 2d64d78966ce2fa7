"""System checks for the secrets Circles cannot run without.

The settings import without them, so tools (mypy with django-stubs, an editor)
can load the project. Serving is what must not happen: these checks fail
`check`, `migrate` (which `circles serve` runs first), `db_worker`
(`circles worker`) and `runserver`, and wsgi.py calls ``refuse_without_secrets``
so a server started another way stops too.
"""

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

GENERATE_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
GENERATE_AUDIT_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
AUDIT_KEY_MIN_LENGTH = 32
GENERATE_FERNET_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def _secret_key_is_set() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:
        # Django refuses to hand out an empty SECRET_KEY.
        return False


def check_secrets(**kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.DEBUG:
        return errors
    if not _secret_key_is_set():
        errors.append(
            Error(
                "Circles needs a SECRET_KEY environment variable outside DEBUG.",
                hint=f"Generate one with: {GENERATE_SECRET_KEY}",
                id="circles.E001",
            )
        )
    if not settings.ENCRYPTION_KEYS:
        errors.append(
            Error(
                "Circles needs CIRCLES_ENCRYPTION_KEYS outside DEBUG: one or more Fernet keys, "
                "newest first, separated by commas.",
                hint=f"Generate a key with: {GENERATE_FERNET_KEY}",
                id="circles.E002",
            )
        )
    if not settings.AUDIT_KEYS:
        errors.append(
            Error(
                "Circles needs CIRCLES_AUDIT_KEYS outside DEBUG: one or more long random "
                "strings that seal the audit trail, newest first, separated by commas.",
                hint=f"Generate one with: {GENERATE_AUDIT_KEY}",
                id="circles.E004",
            )
        )
    return errors


def check_encryption_keys(**kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for position, key in enumerate(settings.ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            # The key itself is never printed: it may be a real secret mistyped.
            errors.append(
                Error(
                    f"Key number {position} in CIRCLES_ENCRYPTION_KEYS is not a Fernet key "
                    "(32 bytes in URL-safe base64, 44 characters).",
                    hint=f"Generate a key with: {GENERATE_FERNET_KEY}",
                    id="circles.E003",
                )
            )
    for position, key in enumerate(settings.AUDIT_KEYS, start=1):
        if len(key) < AUDIT_KEY_MIN_LENGTH:
            errors.append(
                Error(
                    f"Key number {position} in CIRCLES_AUDIT_KEYS is shorter than "
                    f"{AUDIT_KEY_MIN_LENGTH} characters.",
                    hint=f"Generate one with: {GENERATE_AUDIT_KEY}",
                    id="circles.E005",
                )
            )
    return errors


def refuse_without_secrets() -> None:
    """Stop a server process at start-up when a check above fails."""
    problems = check_secrets() + check_encryption_keys()
    if problems:
        raise ImproperlyConfigured(" ".join(str(problem.msg) for problem in problems))
