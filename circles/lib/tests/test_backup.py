"""`circles backup` and `circles restore`, run as an operator runs them.

Each command runs in its own process against a real database: a SQLite file
in a temporary folder, and (when DATABASE_URL points at PostgreSQL) a scratch
PostgreSQL database made for the test.
"""

import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from circles.lib.backup import BackupError, check_sqlite_backup, postgres_environment

ROOT = Path(__file__).resolve().parents[3]

MAKE_DATA = """
from circles.accounts.models import Membership, Organization, Role, User
for number in range(3):
    organization = Organization.objects.create(name=f"Centre {number}", slug=f"centre-{number}")
    for role in (Role.ADMIN, Role.SPECIALIST, Role.PARTICIPANT):
        user = User.objects.create_user(
            f"{role}{number}@example.org", None, preferred_name=f"{role.label} {number}"
        )
        Membership.objects.create(user=user, organization=organization, role=role)
"""

CHANGE_DATA = """
from circles.accounts.models import Organization, User
Organization.objects.get(slug="centre-0").delete()
User.objects.filter(email="participant1@example.org").update(preferred_name="Renamed")
User.objects.filter(email="admin2@example.org").delete()
Organization.objects.create(name="Made after the backup", slug="after-backup")
"""

# New rows after a restore must get fresh ids (sequences restored with the data).
ADD_AFTER_RESTORE = """
from circles.accounts.models import Membership, Organization, Role, User
organization = Organization.objects.create(name="Made after the restore", slug="after-restore")
user = User.objects.create_user("new@example.org", None, preferred_name="New")
Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
"""

STATE_QUERIES = {
    "organizations": "SELECT slug, name FROM accounts_organization ORDER BY slug",
    "people": "SELECT email, preferred_name FROM accounts_user ORDER BY email",
    "memberships": (
        "SELECT u.email, o.slug, m.role FROM accounts_membership m "
        "JOIN accounts_user u ON u.id = m.user_id "
        "JOIN accounts_organization o ON o.id = m.organization_id ORDER BY u.email"
    ),
}


@dataclass
class Site:
    """One Circles installation: its environment and a way to look inside its database."""

    engine: str
    env: dict[str, str]
    query: Callable[[str], list[tuple[Any, ...]]]
    tables_sql: str

    def circles(self, *args: str, answer: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "circles.cli", *args],
            env=self.env,
            cwd=ROOT,
            input=answer,
            stdin=None if answer is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def shell(self, code: str) -> None:
        result = self.circles("manage", "shell", "--no-imports", "-c", code)
        assert result.returncode == 0, result.stderr

    def row_counts(self) -> dict[str, int]:
        tables = [row[0] for row in self.query(self.tables_sql)]
        return {table: self.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in tables}

    def state(self) -> dict[str, list[tuple[Any, ...]]]:
        return {name: self.query(sql) for name, sql in STATE_QUERIES.items()}


def base_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DEBUG": "1", "CIRCLES_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("CIRCLES_SQLITE_PATH", None)
    return env


def sqlite_query(path: Path) -> Callable[[str], list[tuple[Any, ...]]]:
    def query(sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(path)) as database:
            return database.execute(sql).fetchall()

    return query


def sqlite_site(tmp_path: Path) -> Site:
    path = tmp_path / "circles.sqlite3"
    return Site(
        engine="sqlite",
        env={**base_env(tmp_path), "CIRCLES_SQLITE_PATH": str(path)},
        query=sqlite_query(path),
        tables_sql=(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ),
    )


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://", "pgsql://")) else ""


@pytest.fixture
def postgres_site(tmp_path: Path) -> Iterator[Site]:
    url = postgres_url()
    if not url:
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    import dj_database_url
    import psycopg
    from psycopg import sql

    settings = dj_database_url.parse(url)
    name = f"circles_backup_test_{secrets.token_hex(4)}"
    connect: dict[str, Any] = {
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
    }
    # Like Django's own test runner, manage databases from the "postgres" database.
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def query(statement: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(dbname=name, **connect) as database:
            return database.execute(statement.encode()).fetchall()

    scratch_url = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield Site(
            engine="postgresql",
            env={**base_env(tmp_path), "DATABASE_URL": scratch_url},
            query=query,
            tables_sql="SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **connect) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Site:
    if request.param == "postgresql":
        postgres: Site = request.getfixturevalue("postgres_site")
        return postgres
    return sqlite_site(tmp_path)


def test_restore_brings_back_the_data_as_it_was_at_backup_time(site: Site, tmp_path: Path) -> None:
    migrated = site.circles("manage", "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    site.shell(MAKE_DATA)
    counts_at_backup = site.row_counts()
    state_at_backup = site.state()
    assert counts_at_backup["accounts_membership"] == 9

    backup_file = tmp_path / "backups" / "circles.backup"
    backup_file.parent.mkdir()
    made = site.circles("backup", str(backup_file))
    assert made.returncode == 0, made.stderr
    assert "Backed up" in made.stdout
    assert backup_file.stat().st_mode & 0o077 == 0, "the backup holds personal data"
    assert list(backup_file.parent.iterdir()) == [backup_file], "no partial file left behind"
    if site.engine == "sqlite":
        with closing(sqlite3.connect(backup_file)) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            # A self-contained file: nothing in a -wal file beside it.
            assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)

    site.shell(CHANGE_DATA)
    changed_counts = site.row_counts()
    assert changed_counts["accounts_organization"] == counts_at_backup["accounts_organization"]
    assert changed_counts["accounts_membership"] == 5
    assert site.state() != state_at_backup

    declined = site.circles("restore", str(backup_file), answer="no\n")
    assert declined.returncode != 0
    assert "replaces everything" in declined.stdout
    assert "nothing was changed" in declined.stderr
    assert site.row_counts() == changed_counts

    restored = site.circles("restore", "--yes", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    assert site.row_counts() == counts_at_backup
    assert site.state() == state_at_backup
    if site.engine == "sqlite":
        assert site.query("PRAGMA integrity_check") == [("ok",)]
        assert site.query("PRAGMA journal_mode") == [("wal",)]

    site.shell(ADD_AFTER_RESTORE)
    counts_after = site.row_counts()
    assert counts_after["accounts_organization"] == counts_at_backup["accounts_organization"] + 1
    assert counts_after["accounts_membership"] == counts_at_backup["accounts_membership"] + 1


def make_sqlite_file(path: Path, *, circles: bool = True, rows: int = 2000) -> None:
    with closing(sqlite3.connect(path)) as database:
        if circles:
            database.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT)")
        database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
        database.execute("CREATE INDEX t_value ON t (value)")
        database.executemany(
            "INSERT INTO t (value) VALUES (?)", [(f"value {n} " * 3,) for n in range(rows)]
        )
        database.commit()


def sqlite_problems(path: Path) -> list[str]:
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as database:
            rows = [row[0] for row in database.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def damaged(path: Path) -> None:
    make_sqlite_file(path)
    data = bytearray(path.read_bytes())
    # Change one byte of an index entry: the file still opens, but no longer adds up.
    data[-10] = ord("#") if data[-10] != ord("#") else ord("%")
    path.write_bytes(bytes(data))
    assert sqlite_problems(path), "the test file should be damaged"


def other_sqlite(path: Path) -> None:
    make_sqlite_file(path, circles=False, rows=3)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    site = sqlite_site(tmp_path)
    live = Path(site.env["CIRCLES_SQLITE_PATH"])
    make_sqlite_file(live, rows=10)
    live_before = live.read_bytes()
    spreadsheet = tmp_path / "people.csv"
    spreadsheet.write_text("name,email\nCasey,participant@example.org\n")

    refused = site.circles("restore", "--yes", str(spreadsheet))

    assert refused.returncode != 0
    assert "is not a SQLite database" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert live.read_bytes() == live_before


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (damaged, "is damaged and cannot be restored"),
        (other_sqlite, "not a Circles backup"),
    ],
)
def test_a_damaged_or_foreign_sqlite_file_is_refused(
    tmp_path: Path, make_file: Callable[[Path], None], message: str
) -> None:
    bad = tmp_path / "backup.sqlite3"
    make_file(bad)
    with pytest.raises(BackupError, match=message):
        check_sqlite_backup(bad)


def test_a_sound_sqlite_file_passes_the_check(tmp_path: Path) -> None:
    good = tmp_path / "backup.sqlite3"
    make_sqlite_file(good)
    check_sqlite_backup(good)


def test_postgres_connection_details_go_through_the_environment() -> None:
    env = postgres_environment(
        {
            "NAME": "circles",
            "USER": "circles_app",
            "PASSWORD": "s3cret pass",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "verify-full"},
        }
    )
    assert env["PGPASSWORD"] == "s3cret pass"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.internal",
        "5433",
        "circles_app",
        "circles",
    )
    assert env["PGSSLMODE"] == "verify-full"
