"""Finished rows of the database task queue are kept for a day, then removed.

Each row keeps the task's arguments beside the moment it was queued, started
and finished, to the microsecond, and a failed one its traceback. Kept for
ever, that ties an act to a time of day long after anyone needs to know
whether its email went out. The worker removes finished and failed rows older
than KEEP_FINISHED when it starts, then once an hour by itself.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
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
    if not isinstance(prune_task_results.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=prune_task_results.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    prune_task_results.using(run_after=(now or timezone.now()) + PRUNE_EVERY).enqueue()
    return True
