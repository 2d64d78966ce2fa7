from typing import Any

from django.core.management.base import BaseCommand

from circles.safety.ethics.actions import step_back_rounds
from circles.safety.ethics.rounds import schedule_next_rounds


class Command(BaseCommand):
    help = (
        "Hand a colleague's groups to their cover when their time away begins, and hand them "
        "back when it is over. The worker runs this when it starts, then every hour by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = step_back_rounds()
        schedule_next_rounds()
        self.stdout.write(
            f"{done['handed_over']} step-back(s) handed over; {done['handed_back']} handed back."
        )
