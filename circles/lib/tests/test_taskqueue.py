"""Finished task rows (arguments beside exact times) are gone after a day."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from circles.lib.taskqueue import prune_task_results

pytestmark = pytest.mark.django_db


def row(status: str, finished_ago: timedelta | None) -> Any:
    result = prune_task_results.enqueue()
    finished = timezone.now() - finished_ago if finished_ago is not None else None
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return str(result.id)


def test_finished_and_failed_rows_older_than_a_day_are_removed() -> None:
    old_done = row(TaskResultStatus.SUCCESSFUL, timedelta(days=1, minutes=1))
    old_failed = row(TaskResultStatus.FAILED, timedelta(days=3))
    recent = row(TaskResultStatus.SUCCESSFUL, timedelta(hours=23))
    waiting = row(TaskResultStatus.READY, None)

    output = StringIO()
    call_command("prune_task_results", stdout=output)

    assert "2 finished task row(s) removed" in output.getvalue()
    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert old_done not in left and old_failed not in left
    assert {recent, waiting} <= left


# The worker commits on its own connection, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_prunes_every_hour_by_itself() -> None:
    call_command("prune_task_results", stdout=StringIO())
    call_command("prune_task_results", stdout=StringIO())
    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    # One waiting pruning, an hour away, however often the worker starts.
    assert queued.count() == 1
    next_run = queued.get().run_after
    assert timedelta(minutes=59) < next_run - timezone.now() <= timedelta(hours=1)

    old = row(TaskResultStatus.SUCCESSFUL, timedelta(days=2))
    queued.update(run_after=timezone.now())
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert not DBTaskResult.objects.filter(pk=old).exists()
    # It ran, and queued the next round before working.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
