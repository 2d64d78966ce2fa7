"""Production settings: Django's deployment checks pass, and missing secrets stop the start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]

# pytest-env relaxes these for the test client; production must not see them.
TEST_ONLY_VARIABLES = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)

SHOW_SECURITY_SETTINGS = """
import json
from django.conf import settings
names = [
    "DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CIRCLES_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "CIRCLES_AUDIT_KEYS": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "circles.example.org",
        "CIRCLES_DATA_DIR": str(tmp_path),
    }
    for name in TEST_ONLY_VARIABLES:
        env.pop(name, None)
    return env


def circles(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "circles.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = circles(
        production_env(tmp_path), "manage", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_secure(tmp_path: Path) -> None:
    result = circles(
        production_env(tmp_path), "manage", "shell", "--no-imports", "-c", SHOW_SECURITY_SETTINGS
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", None, "needs a SECRET_KEY"),
        ("SECRET_KEY", "", "needs a SECRET_KEY"),
        ("CIRCLES_ENCRYPTION_KEYS", None, "needs CIRCLES_ENCRYPTION_KEYS"),
        ("CIRCLES_AUDIT_KEYS", None, "needs CIRCLES_AUDIT_KEYS"),
        ("CIRCLES_AUDIT_KEYS", "short", "must be at least 32 characters"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(
    tmp_path: Path, variable: str, value: str | None, message: str
) -> None:
    env = production_env(tmp_path)
    if value is None:
        del env[variable]
    else:
        env[variable] = value

    result = circles(env, "manage", "check")

    assert result.returncode != 0
    assert message in result.stderr
