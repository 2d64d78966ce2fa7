from typing import Any

from django.core.management.base import BaseCommand

from circles.feedback.results import refresh_all_prompts


class Command(BaseCommand):
    help = (
        "Raise gentle prompts for feedback periods that have just become visible. "
        "Run daily (cron), like generate_meetings; the worker also runs it when it starts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_all_prompts()
        self.stdout.write(f"{count} new prompt(s) raised.")
