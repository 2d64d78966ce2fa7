"""`circles demo`, run as someone trying Circles for the first time runs it."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.contrib.auth.hashers import check_password

from circles import settings as circles_settings
from circles.home.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, MORE_DEMO_PEOPLE

ROOT = Path(__file__).resolve().parents[3]


def demo_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "CIRCLES_DATA_DIR": str(data_dir), **extra}
    # The demo makes and keeps its own secrets; the test suite's must not leak in.
    for name in (
        "SECRET_KEY",
        "CIRCLES_ENCRYPTION_KEYS",
        "CIRCLES_AUDIT_KEYS",
        "DATABASE_URL",
        "CIRCLES_SQLITE_PATH",
    ):
        env.pop(name, None)
    if "DEBUG" not in extra:
        env.pop("DEBUG", None)
    return env


def demo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "circles.cli", "demo", "--no-serve", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def query(path: Path, sql: str, *params: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as database:
        return database.execute(sql, params).fetchall()


def test_demo_prepares_a_database_that_every_demo_account_can_sign_in_to(
    tmp_path: Path, settings: Any
) -> None:
    env = demo_env(tmp_path)
    database = tmp_path / "circles.sqlite3"

    first = demo(env)

    assert first.returncode == 0, first.stderr
    assert "new demo data loaded" in first.stdout
    assert "journal mode wal" in first.stdout
    assert "http://127.0.0.1:8000/" in first.stdout
    assert DEMO_PASSWORD in first.stdout
    for email, organization, _role in DEMO_ACCOUNTS:
        assert email in first.stdout
        assert organization in first.stdout
    assert len(DEMO_ACCOUNTS) == 7
    assert query(database, "PRAGMA journal_mode") == [("wal",)]
    # Groups to find, in both organisations (circles/groups/demo.py).
    public_groups = query(
        database,
        "SELECT COUNT(*), COUNT(DISTINCT organization_id) FROM groups_supportgroup WHERE is_public",
    )
    assert public_groups[0][0] >= 6 and public_groups[0][1] == 2

    secret_key = (tmp_path / "secret_key").read_text().strip()
    encryption_key = (tmp_path / "encryption_key").read_text().strip()
    audit_key = (tmp_path / "audit_key").read_text().strip()
    assert len(secret_key) >= 50
    Fernet(encryption_key)  # A usable key, or this raises.
    assert len(audit_key) >= 32
    for name in ("secret_key", "encryption_key", "audit_key"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, f"{name} is readable by others"

    # The real hashers (the test suite swaps in a fast one).
    settings.PASSWORD_HASHERS = circles_settings.PASSWORD_HASHERS
    for email, _organization, _role in [*DEMO_ACCOUNTS, *MORE_DEMO_PEOPLE]:
        rows = query(
            database, "SELECT password, is_active FROM accounts_user WHERE email = ?", email
        )
        assert rows, f"{email} is missing"
        password_hash, is_active = rows[0]
        assert is_active
        assert check_password(DEMO_PASSWORD, password_hash), f"{email} cannot sign in"

    # Someone tries things out; running the demo again keeps what they did.
    with closing(sqlite3.connect(database)) as connection:
        connection.execute(
            "UPDATE accounts_user SET preferred_name = 'Casey B' WHERE email = ?",
            ("participant@example.org",),
        )
        connection.commit()
    name_sql = "SELECT preferred_name FROM accounts_user WHERE email = 'participant@example.org'"

    second = demo(env)

    assert second.returncode == 0, second.stderr
    assert "existing demo data kept" in second.stdout
    assert query(database, name_sql) == [("Casey B",)]
    assert (tmp_path / "secret_key").read_text().strip() == secret_key
    assert (tmp_path / "encryption_key").read_text().strip() == encryption_key
    # The same audit key, or the audit trail written so far would no longer verify.
    assert (tmp_path / "audit_key").read_text().strip() == audit_key

    reset = demo(env, "--reset")

    assert reset.returncode == 0, reset.stderr
    assert "new demo data loaded" in reset.stdout
    assert query(database, name_sql) == [("Casey",)]
    people = len(DEMO_ACCOUNTS) + len(MORE_DEMO_PEOPLE)
    assert query(database, "SELECT COUNT(*) FROM accounts_user") == [(people,)]
    assert query(database, "PRAGMA journal_mode") == [("wal",)]


def test_demo_refuses_to_run_without_debug(tmp_path: Path) -> None:
    result = demo(demo_env(tmp_path, DEBUG="0"))
    assert result.returncode != 0
    assert "The demo runs only with DEBUG on" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "circles.sqlite3").exists()


def test_demo_refuses_to_serve_beyond_this_computer(tmp_path: Path) -> None:
    result = demo(demo_env(tmp_path), "--host", "0.0.0.0")
    assert result.returncode != 0
    assert "only on this computer" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "circles.sqlite3").exists()
