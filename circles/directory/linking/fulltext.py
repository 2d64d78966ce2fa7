"""The full-text index the search reads, created by a migration and repaired after migrate.

SQLite: an FTS5 table over ``directory_service`` (name, other name,
description) kept in step by triggers. Django's SQLite schema editor rebuilds a
table to alter it (copy, drop, rename), and dropping a table drops its
triggers: so after every ``migrate`` the triggers are put back if a later
migration of the directory removed them, and the index rebuilt once.

PostgreSQL: a GIN index on the same weighted expression the search repeats
(``search.PG_VECTOR``). Altering a table keeps its indexes, so nothing to repair.
"""

# Every statement here is built from the constants above, never from input.
# ruff: noqa: S608

from typing import Any

from circles.directory.linking.search import FTS_TABLE, PG_VECTOR

COLUMNS = "name, alternate_name, description"
TRIGGERS = {
    f"{FTS_TABLE}_ai": (
        "AFTER INSERT ON directory_service BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, {COLUMNS}) "
        "VALUES (new.id, new.name, new.alternate_name, new.description); END"
    ),
    f"{FTS_TABLE}_ad": (
        "AFTER DELETE ON directory_service BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS}) "
        "VALUES ('delete', old.id, old.name, old.alternate_name, old.description); END"
    ),
    f"{FTS_TABLE}_au": (
        "AFTER UPDATE OF name, alternate_name, description ON directory_service BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS}) "
        "VALUES ('delete', old.id, old.name, old.alternate_name, old.description); "
        f"INSERT INTO {FTS_TABLE}(rowid, {COLUMNS}) "
        "VALUES (new.id, new.name, new.alternate_name, new.description); END"
    ),
}
PG_INDEX = "linking_service_fulltext"


def ensure(connection: Any) -> bool:
    """Create whatever part of the index is missing; True when something was made."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} "
                f"ON directory_service USING gin ({PG_VECTOR})"
            )
            return False
        if connection.vendor != "sqlite":
            return False
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in (FTS_TABLE, *TRIGGERS) if name not in present]
        if not missing:
            return False
        if FTS_TABLE not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({COLUMNS}, "
                "content='directory_service', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
        for name, body in TRIGGERS.items():
            if name not in present:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return True


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        elif connection.vendor == "sqlite":
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
