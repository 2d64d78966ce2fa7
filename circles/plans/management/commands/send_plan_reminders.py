from typing import Any

from django.core.management.base import BaseCommand

from circles.plans.tasks import schedule_next_reminders, send_reminders


class Command(BaseCommand):
    help = (
        "Email people who turned on plan reminders about steps due tomorrow. The worker "
        "runs this when it starts, then every hour by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        schedule_next_reminders()
        self.stdout.write(f"{sent} reminder email(s) sent.")
