from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from circles.lib.backup import BackupError, backup, describe


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE while Circles keeps running. "
        "The file is written in full first, then put in place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        try:
            backup(target, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = target.stat().st_size
        self.stdout.write(
            f"Backed up {describe(options['database'])} to {target} ({size:,} bytes)."
        )
