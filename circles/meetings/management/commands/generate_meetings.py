from typing import Any

from django.core.management.base import BaseCommand

from circles.groups.feeds import rebuild_all
from circles.meetings.generation import generate_all


class Command(BaseCommand):
    help = "Create the missing meetings of every group for the coming weeks (safe to rerun)."

    def handle(self, *args: Any, **options: Any) -> None:
        made = generate_all()
        self.stdout.write(f"Made {made} meeting(s).")
        # The public feeds say the next dates: a new day, new dates.
        rebuilt = rebuild_all()
        self.stdout.write(f"Rebuilt {rebuilt} public feed(s).")
