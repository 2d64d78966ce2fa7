"""Copy the whole database to one file, and put such a copy back.

SQLite uses the online backup API, which copies a consistent snapshot while
Circles keeps running. PostgreSQL uses ``pg_dump --format=custom`` and
``pg_restore``, with the connection details passed through the environment so
that the password never shows up in a process list.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

SQLITE_HEADER = b"SQLite format 3\x00"
# How long to wait for the site's own writes to finish before copying.
SQLITE_BUSY_SECONDS = 30.0

Confirm = Callable[[str], bool]


class BackupError(Exception):
    """A problem the operator has to fix; the message says what and how."""


def describe(using: str = DEFAULT_DB_ALIAS) -> str:
    """Name the database in words an operator recognises."""
    connection = connections[using]
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {database['NAME']}"
    host = database.get("HOST") or "the local server"
    return f"the PostgreSQL database {database['NAME']!r} on {host}"


def backup(target: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Write a copy of the whole database to ``target``, replacing it only when complete."""
    connection = connections[using]
    target = Path(target)
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name for the backup.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(_sqlite_path(connection.settings_dict), target, partial)
        elif connection.vendor == "postgresql":
            _postgres_backup(connection.settings_dict, partial)
        else:
            raise BackupError(f"Circles cannot back up a {connection.vendor} database.")
        partial.chmod(0o600)  # The copy holds personal data.
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def check_backup_file(source: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse a file that is missing, damaged or not a backup of this kind of database."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "sqlite":
        if source.resolve() == _sqlite_path(connection.settings_dict).resolve():
            raise BackupError(f"{source} is the live database itself, not a backup of it.")
        check_sqlite_backup(source)
    elif vendor == "postgresql":
        _check_postgres_file(source)
    else:
        raise BackupError(f"Circles cannot restore a {vendor} database.")


def restore(source: Path, using: str = DEFAULT_DB_ALIAS, confirm: Confirm | None = None) -> bool:
    """Replace the whole database with the copy in ``source``.

    The file is checked first; ``confirm`` is then asked (with a description of
    the database about to be replaced) and nothing changes unless it says yes.
    Returns whether the database was restored.
    """
    source = Path(source)
    check_backup_file(source, using)
    if confirm is not None and not confirm(describe(using)):
        return False
    connection = connections[using]
    connection.close()
    if connection.vendor == "sqlite":
        _sqlite_restore(source, _sqlite_path(connection.settings_dict))
    else:
        _postgres_restore(connection.settings_dict, source)
    return True


def pending_migrations(using: str = DEFAULT_DB_ALIAS) -> int:
    """How many migrations the database still needs (a copy from an older Circles)."""
    executor = MigrationExecutor(connections[using])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# SQLite


def _sqlite_path(database: dict[str, Any]) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _sqlite_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_backup(live: Path, target: Path, partial: Path) -> None:
    if not live.is_file():
        raise BackupError(f"There is no database at {live} to back up.")
    if target.resolve() == live.resolve():
        raise BackupError("The backup file must not be the live database itself.")
    partial.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(live, timeout=SQLITE_BUSY_SECONDS)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            # One self-contained file: no -wal or -shm beside it when it is moved.
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = _integrity_problems(copy)
    except sqlite3.Error as error:
        raise BackupError(f"The backup of {live} failed: {error}.") from error
    if problems:
        raise BackupError(
            f"The live database {live} fails its integrity check, so no backup was written: "
            + "; ".join(problems)
        )


def _integrity_problems(database: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in database.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows[:5]


def check_sqlite_backup(source: Path) -> None:
    with source.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupError(
            f"{source} is not a SQLite database, so it cannot be a backup of this Circles site."
        )
    try:
        with closing(_sqlite_read_only(source)) as copy:
            problems = _integrity_problems(copy)
            tables = {
                row[0]
                for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is damaged and cannot be restored ({error}).") from error
    if problems:
        raise BackupError(
            f"{source} is damaged and cannot be restored. The integrity check says: "
            + "; ".join(problems)
        )
    if "django_migrations" not in tables:
        raise BackupError(f"{source} is a SQLite database, but not a Circles backup.")


def _sqlite_restore(source: Path, live: Path) -> None:
    live.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            closing(_sqlite_read_only(source)) as copy,
            closing(sqlite3.connect(live, timeout=SQLITE_BUSY_SECONDS)) as database,
        ):
            # One write transaction: other processes see the old data or the new, never a mix.
            copy.backup(database)
            database.execute("PRAGMA journal_mode=WAL")
            problems = _integrity_problems(database)
    except sqlite3.OperationalError as error:
        if "readonly" in str(error):
            raise BackupError(
                f"The copy in {source} uses a different page size from {live}. Stop Circles, "
                f"move {live} (and its -wal and -shm files) aside, then restore again."
            ) from error
        raise BackupError(f"The restore into {live} failed: {error}.") from error
    except sqlite3.Error as error:
        raise BackupError(f"The restore into {live} failed: {error}.") from error
    if problems:
        raise BackupError(f"After the restore, {live} fails its integrity check: {problems}")


# PostgreSQL


def find_postgres_program(name: str) -> str:
    """The PostgreSQL client program ``name``: on PATH, else Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> tuple[int, ...]:
        folder = Path(path).parent.parent.name
        return tuple(int(part) for part in folder.split(".") if part.isdecimal())

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"{name} was not found. Install the PostgreSQL client programs "
        f"(on Debian or Ubuntu: apt install postgresql-client) or put {name} on PATH."
    )


# libpq reads these from the environment; OPTIONS keys are Django's names for them.
_PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def postgres_environment(database: dict[str, Any]) -> dict[str, str]:
    """The environment that points pg_dump and pg_restore at ``database``."""
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    options = database.get("OPTIONS") or {}
    values.update(
        {variable: options.get(option) for option, variable in _PG_OPTION_VARIABLES.items()}
    )
    env.update({variable: str(value) for variable, value in values.items() if value})
    return env


def _run_postgres(program: str, arguments: list[str], env: dict[str, str]) -> str:
    command = [find_postgres_program(program), "--no-password", *arguments]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{program} failed: {detail}")
    return result.stdout


def _postgres_backup(database: dict[str, Any], partial: Path) -> None:
    _run_postgres(
        "pg_dump",
        ["--format=custom", f"--file={partial}", f"--dbname={database['NAME']}"],
        postgres_environment(database),
    )


def _check_postgres_file(source: Path) -> None:
    try:
        _run_postgres("pg_restore", ["--list", str(source)], dict(os.environ))
    except BackupError as error:
        raise BackupError(
            f"{source} is not a pg_dump archive that pg_restore can read ({error})."
        ) from error


def _postgres_restore(database: dict[str, Any], source: Path) -> None:
    _run_postgres(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            str(source),
        ],
        postgres_environment(database),
    )


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
