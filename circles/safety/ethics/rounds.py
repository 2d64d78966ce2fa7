"""The hourly round in the worker: hand over step-backs that have begun, hand back those over.

Apart from tasks.py because it calls the actions, which queue tasks.py's notice.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from circles.lib.taskqueue import keep_one_waiting
from circles.safety.ethics.actions import step_back_rounds

ROUNDS_EVERY = timedelta(hours=1)


@task()
def run_step_back_rounds() -> dict[str, int]:
    # Queued before the work, so a failure here never stops the hourly round.
    schedule_next_rounds()
    return step_back_rounds()


def schedule_next_rounds(now: datetime | None = None) -> bool:
    """Keep one round waiting in the database queue, for the top of the next hour."""
    now = now or timezone.now()
    return keep_one_waiting(
        run_step_back_rounds, now.replace(minute=0, second=0, microsecond=0) + ROUNDS_EVERY
    )
