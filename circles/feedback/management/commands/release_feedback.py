from typing import Any

from django.core.management.base import BaseCommand

from circles.feedback.tasks import release, schedule_next_release


class Command(BaseCommand):
    help = (
        "Raise gentle prompts for feedback periods that have just become visible, and tell "
        "handlers about concerns and additions from days that are over. The worker runs "
        "this when it starts, then every hour by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        released = release()
        schedule_next_release()
        self.stdout.write(
            f"{released['prompts']} new prompt(s) raised; "
            f"handlers told about {released['concerns']} concern(s)."
        )
