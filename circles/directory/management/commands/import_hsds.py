from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from circles.accounts.models import Organization
from circles.directory.actions import import_directory
from circles.directory.importing import FileRefused, Problem, check
from circles.directory.sources import read_path

SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = (
        "Import Open Referral HSDS data into an organisation's directory: HSDS 3.0 JSON, "
        "an HSDS 3.0 tabular data package (a folder of CSV files), or the HSDS 1.x/2.0 "
        "CSV layout. Nothing is written unless every record passes (see --skip-rejected)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a .json file, a folder of CSV files, or datapackage.json")
        parser.add_argument(
            "--organization", required=True, help="web address name (slug) of the directory's owner"
        )
        parser.add_argument(
            "--encoding", default="utf-8", help="text encoding of CSV files (default utf-8)"
        )
        parser.add_argument(
            "--skip-rejected",
            action="store_true",
            help="import the records that pass and leave out the rejected ones",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = Organization.objects.filter(slug=options["organization"]).first()
        if owner is None:
            raise CommandError(
                f"No organisation with the web address name {options['organization']!r}."
            )
        try:
            batch = read_path(Path(options["path"]), encoding=options["encoding"])
        except FileRefused as refused:
            self._problems(refused.problems)
            raise CommandError("Nothing was imported.") from None
        except LookupError:
            raise CommandError(f"Unknown encoding {options['encoding']!r}.") from None
        checked = check(batch, owner)
        for note in checked.notes:
            self.stderr.write(f"Note: {note}")
        self._problems(checked.problems)
        accepted = sum(len(records) for records in checked.records.values())
        if checked.problems and not options["skip_rejected"]:
            raise CommandError(
                f"{checked.rejected} record(s) rejected, {accepted} passed. Nothing was imported: "
                "fix the file, or import the rest with --skip-rejected."
            )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {accepted} record(s) pass, {checked.rejected} rejected.")
            return
        summary = import_directory(owner, checked)
        totals = summary.totals()
        self.stdout.write(
            "Imported into {owner}: {created} created, {updated} updated, "
            "{unchanged} unchanged, {rejected} rejected.".format(owner=owner.slug, **totals)
        )

    def _problems(self, problems: list[Problem]) -> None:
        for problem in problems[:SHOWN_PROBLEMS]:
            self.stderr.write(f"Rejected: {problem}")
        if len(problems) > SHOWN_PROBLEMS:
            self.stderr.write(f"... and {len(problems) - SHOWN_PROBLEMS} more.")
