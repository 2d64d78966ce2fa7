"""One writer for test_sqlite_durability: insert rows and report each one once committed.

Run as ``python -m circles.lib.tests.sqlite_writer WRITER`` with DEBUG=1 and
CIRCLES_SQLITE_PATH set, so the connection gets Circles' real SQLite options.
The first line reports the connection's settings; every later line is a
``seq`` whose row is committed.
"""

import os
import sys


def main() -> None:
    writer = int(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        pragmas = {}
        for pragma in ("journal_mode", "synchronous", "busy_timeout"):
            cursor.execute(f"PRAGMA {pragma}")
            pragmas[pragma] = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM t WHERE writer = %s", [writer])
        seq = cursor.fetchone()[0]
    print("ready " + " ".join(f"{name}={value}" for name, value in pragmas.items()), flush=True)
    while True:
        seq += 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO t (writer, seq) VALUES (%s, %s)", [writer, seq])
        print(seq, flush=True)


if __name__ == "__main__":
    main()
