from typing import Any

from django.core.management.base import BaseCommand

from circles.lib.taskqueue import prune_finished_tasks, schedule_next_prune


class Command(BaseCommand):
    help = (
        "Remove finished and failed task rows older than a day: they keep each task's "
        "arguments beside the exact time it ran. The worker runs this when it starts, "
        "then every hour by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = prune_finished_tasks()
        schedule_next_prune()
        self.stdout.write(f"{deleted} finished task row(s) removed.")
