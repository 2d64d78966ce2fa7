from typing import Any

from django.core.management.base import BaseCommand, CommandError

from circles.accounts.actions import verify_audit_chain
from circles.accounts.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check that no audit event was edited or removed since it was written. "
        "Exits with an error when something is wrong."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Read before the walk, so neither claims more than was checked.
        count = AuditEvent.objects.count()
        newest = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        problems = verify_audit_chain()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The audit trail is not intact: {_count(len(problems), 'problem')} found."
            )
        self.stdout.write(
            self.style.SUCCESS(f"The audit trail is intact: {_count(count, 'event')}.")
        )
        if newest is not None:
            # Only a copy kept elsewhere shows that no newest events were removed.
            self.stdout.write(f"Newest event: {newest[0]}, hash {newest[1]}.")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
