from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from circles.accounts.models import Organization
from circles.directory.exporting import export_package


class Command(BaseCommand):
    help = (
        "Write an organisation's directory as an HSDS 3.0 tabular data package: "
        "datapackage.json and one CSV file per table, in the folder PATH."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="folder to write (made if missing)")
        parser.add_argument(
            "--organization", required=True, help="web address name (slug) of the directory's owner"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organization"]
        owner = Organization.objects.filter(slug=slug).first()
        if owner is None:
            raise CommandError(f"No organisation with the web address name {slug!r}.")
        folder = Path(options["path"])
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is a file; give a folder to write into.")
        counts = export_package(owner, folder)
        self.stdout.write(
            f"Wrote {counts['service']} service(s), {counts['organization']} organisation(s) "
            f"and {sum(counts.values())} record(s) in all to {folder}."
        )
