from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from circles.accounts.auditchain import chain_heads, checkpoint_json


class Command(BaseCommand):
    help = (
        "Write the newest event of every audit chain (chain, id, hash, time) as JSON, to keep "
        "somewhere the database's administrators cannot change. Later, "
        "verify_audit_chain --checkpoint FILE shows any chain that no longer reaches it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of printing")

    def handle(self, *args: Any, **options: Any) -> None:
        text = checkpoint_json(chain_heads())
        if options["output"]:
            Path(options["output"]).write_text(text + "\n")
            self.stderr.write(f"Checkpoint written to {options['output']}.")
        else:
            self.stdout.write(text)
