from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from circles.accounts.auditchain import (
    CheckpointError,
    chain_heads,
    compare_with_checkpoint,
    read_checkpoint,
    verify_audit_chain,
)
from circles.accounts.models import AnonymousAuditEvent, AuditEvent


class Command(BaseCommand):
    help = (
        "Check that no audit event was edited or removed since it was written, chain by "
        "chain; with --checkpoint, also that every chain still reaches the newest event "
        "recorded in that file. Exits with an error when something is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint", metavar="FILE", help="a file written earlier by audit_checkpoint"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recorded = None
        if options["checkpoint"]:
            try:
                recorded = read_checkpoint(Path(options["checkpoint"]).read_text())
            except (OSError, CheckpointError) as exc:
                raise CommandError(f"Cannot read the checkpoint: {exc}") from exc
        # Read before the walk, so neither claims more than was checked. Anonymous
        # events are counted up to yesterday only: counts printed several times a
        # day would tell when one was written.
        today = timezone.now().date()
        count = AuditEvent.objects.count()
        anonymous = AnonymousAuditEvent.objects.filter(day__lt=today).count()
        heads = chain_heads(today)
        problems = verify_audit_chain()
        if recorded is not None:
            problems += compare_with_checkpoint(recorded)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The audit trail is not intact: {_count(len(problems), 'problem')} found."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit trail is intact: {_count(count, 'event')}"
                + (
                    f" and {_count(anonymous, 'anonymous event')} before today."
                    if anonymous
                    else "."
                )
            )
        )
        if recorded is not None:
            self.stdout.write(
                f"Every chain still reaches the newest event recorded in the checkpoint "
                f"({_count(len(recorded), 'chain')})."
            )
        for head in heads:
            # Only a copy kept elsewhere shows that no newest events were removed.
            self.stdout.write(f"Chain {head.chain}: newest event {head.id}, hash {head.hash}.")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
