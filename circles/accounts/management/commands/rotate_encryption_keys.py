from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from circles.lib.crypto import RotationError, reencrypt_all


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the newest key in CIRCLES_ENCRYPTION_KEYS. "
        "Run it after putting a new key first; remove the old key only once it has finished."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the values that need re-encrypting; change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows read and written per transaction (default 500).",
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            results = reencrypt_all(dry_run=dry_run, batch_size=batch_size)
        except RotationError as exc:
            raise CommandError(
                f"Stopped at {exc} If an old key was removed too early, put it back in "
                "CIRCLES_ENCRYPTION_KEYS after the new one and run this command again; "
                "values re-encrypted so far stay readable."
            ) from exc
        verb = "to re-encrypt" if dry_run else "re-encrypted"
        for result in results:
            self.stdout.write(
                f"{result.label}: {result.reencrypted} {verb}, "
                f"{result.current} already on the newest key."
            )
        summary = (
            f"{_count(sum(r.reencrypted for r in results), 'value')} in "
            f"{_count(sum(1 for r in results if r.reencrypted), 'field')}"
        )
        if dry_run:
            self.stdout.write(f"Would re-encrypt {summary}. Nothing was changed (dry run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Re-encrypted {summary}."))
