"""Finished rows of the database task queue are kept for a day, then removed.

Each row keeps the task's arguments beside the moment it was queued, started
and finished, to the microsecond, and a failed one its traceback. Kept for
ever, that ties an act to a time of day long after anyone needs to know
whether its email went out. The worker removes finished and failed rows older
than KEEP_FINISHED when it starts, then once an hour by itself.
"""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

KEEP_FINISHED = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)


def prune_finished_tasks(now: datetime | None = None) -> int:
    """Remove finished and failed task rows that finished more than KEEP_FINISHED ago."""
    cutoff = (now or timezone.now()) - KEEP_FINISHED
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def prune_task_results() -> int:
    # Queued before the work, so a failure here never stops the hourly round.
    schedule_next_prune()
    return prune_finished_tasks()


def schedule_next_prune(now: datetime | None = None) -> bool:
    """Keep one pruning waiting in the database queue, an hour from now."""
    return keep_one_waiting(prune_task_results, (now or timezone.now()) + PRUNE_EVERY)


def keep_one_waiting(job: Task[[], Any], run_after: datetime) -> bool:
    """Queue a task that takes no arguments for ``run_after``, unless one is waiting already.

    How a job repeats by itself: it calls this first thing, for its next run. Only
    the database queue keeps tasks for later; with any other backend, nothing is queued.
    """
    if not isinstance(job.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(task_path=job.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    job.using(run_after=run_after).enqueue()
    return True
