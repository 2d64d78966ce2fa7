from typing import Any

from django.core.management.base import BaseCommand

from circles.workforce.tasks import schedule_next_check, warn_expiring


class Command(BaseCommand):
    help = (
        "Email each worker whose certification expires in 90, 30 or 7 days, once per "
        "warning. The worker runs this when it starts, then once a day by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = warn_expiring()
        schedule_next_check()
        self.stdout.write(f"{queued} expiry warning(s) queued.")
