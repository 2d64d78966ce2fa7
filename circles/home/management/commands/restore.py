from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from circles.lib.backup import BackupError, describe, pending_migrations, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with the copy in FILE (made by `circles backup`). "
        "The file is checked first. Stop the web server and the worker before restoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup to restore.")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        using: str = options["database"]

        def confirm(database: str) -> bool:
            if not options["interactive"]:
                return True
            self.stdout.write(
                f"This replaces everything in {database} with the copy in {source}.\n"
                "Whatever was written since that copy was made will be lost."
            )
            try:
                answer = input("Type 'yes' to go on: ")
            except EOFError:
                answer = ""
            return answer.strip().lower() == "yes"

        try:
            restored = restore(source, using=using, confirm=confirm)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not restored:
            raise CommandError("Restore cancelled; nothing was changed.")
        self.stdout.write(f"Restored {describe(using)} from {source}.")
        if pending_migrations(using):
            self.stdout.write(
                "The copy comes from an older version of Circles. Bring it up to date with "
                "`circles manage migrate` (`circles serve` also does this when it starts)."
            )
