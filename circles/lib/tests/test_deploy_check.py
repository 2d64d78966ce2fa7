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


MISSING_OR_BROKEN_SECRETS = [
    ("SECRET_KEY", None, "needs a SECRET_KEY"),
    ("SECRET_KEY", "", "needs a SECRET_KEY"),
    ("CIRCLES_ENCRYPTION_KEYS", None, "needs CIRCLES_ENCRYPTION_KEYS"),
    ("CIRCLES_ENCRYPTION_KEYS", "notakey", "Key number 1 in CIRCLES_ENCRYPTION_KEYS"),
    (
        "CIRCLES_ENCRYPTION_KEYS",
        "7zd1i2PsxFbW0m7sQ0Cq3mUXH_cE0DsV3Lr4s4yU3hY=,c2hvcnQ=",
        "Key number 2 in CIRCLES_ENCRYPTION_KEYS",
    ),
    ("CIRCLES_AUDIT_KEYS", None, "needs CIRCLES_AUDIT_KEYS"),
    ("CIRCLES_AUDIT_KEYS", "tiny-key", "Key number 1 in CIRCLES_AUDIT_KEYS is shorter"),
]


def env_with(tmp_path: Path, variable: str, value: str | None) -> dict[str, str]:
    env = production_env(tmp_path)
    if value is None:
        del env[variable]
    else:
        env[variable] = value
    return env


@pytest.mark.parametrize(("variable", "value", "message"), MISSING_OR_BROKEN_SECRETS)
def test_production_refuses_to_start_without_its_secrets(
    tmp_path: Path, variable: str, value: str | None, message: str
) -> None:
    result = circles(env_with(tmp_path, variable, value), "manage", "check")

    assert result.returncode != 0
    assert message in result.stderr
    if value:
        # A mistyped key may still be a real secret: it is never printed.
        assert value.split(",")[-1] not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("manage", "check", "--deploy"),
        # What `circles serve` runs before it starts gunicorn.
        ("manage", "migrate", "--check"),
        # What `circles worker` runs.
        ("manage", "db_worker", "--batch", "--no-startup-delay"),
    ],
)
def test_server_and_worker_refuse_a_key_that_is_not_a_key(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    result = circles(env_with(tmp_path, "CIRCLES_ENCRYPTION_KEYS", "notakey"), *command)

    assert result.returncode != 0
    assert "Key number 1 in CIRCLES_ENCRYPTION_KEYS is not a Fernet key" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [MISSING_OR_BROKEN_SECRETS[0], MISSING_OR_BROKEN_SECRETS[3]],
)
def test_a_wsgi_server_refuses_to_load_without_its_secrets(
    tmp_path: Path, variable: str, value: str | None, message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import circles.wsgi"],
        env=env_with(tmp_path, variable, value),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_tools_load_the_settings_without_secrets(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    del env["CIRCLES_ENCRYPTION_KEYS"]
    del env["CIRCLES_AUDIT_KEYS"]
    # What django-stubs does for mypy: import the settings and set up the apps.
    code = (
        "import django; django.setup(); from django.apps import apps; print(len(apps.get_models()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "circles.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10
