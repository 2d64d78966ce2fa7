"""The release: run when the worker starts, then queued by itself for the top of every hour."""

import datetime
import io
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from circles.accounts.models import Organization, User
from circles.feedback.actions import add_from_complainant, submit_complaint
from circles.feedback.models import Complaint
from circles.feedback.tasks import release_feedback

pytestmark = pytest.mark.django_db(transaction=True)


def releases(status: str) -> Any:
    return DBTaskResult.objects.filter(task_path=release_feedback.module_path, status=status)


def run_worker_at(when: datetime.datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=when):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_one_release_waits_for_the_top_of_each_hour(riverside: Organization) -> None:
    before = timezone.now()
    for _start in range(2):  # two workers starting, or one starting twice
        call_command("release_feedback", stdout=io.StringIO())
    waiting = releases(TaskResultStatus.READY).get()
    assert (waiting.run_after.minute, waiting.run_after.second) == (0, 0)
    assert before < waiting.run_after <= before + datetime.timedelta(hours=1)

    run_worker_at(waiting.run_after + datetime.timedelta(seconds=5))
    assert releases(TaskResultStatus.SUCCESSFUL).count() == 1
    following = releases(TaskResultStatus.READY).get()
    assert following.run_after == waiting.run_after + datetime.timedelta(hours=1)


def test_a_concern_is_told_once_and_an_addition_waits_for_its_own_day(
    riverside: Organization, supervisor: User
) -> None:
    complaint = submit_complaint(riverside, about="organization", text="Cold room.").complaint
    # Noon tomorrow on the organisation's clock, so the hours added below stay
    # inside that day whatever time the suite runs.
    local_now = timezone.localtime(timezone.now(), ZoneInfo(riverside.timezone))
    tomorrow = (local_now + datetime.timedelta(days=1)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    call_command("release_feedback", stdout=io.StringIO())
    assert not mail.outbox
    run_worker_at(tomorrow)
    assert [m.subject for m in mail.outbox] == ["A new concern was raised"]
    run_worker_at(tomorrow + datetime.timedelta(hours=1))
    assert len(mail.outbox) == 1  # told once

    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        add_from_complainant(Complaint.objects.get(pk=complaint.pk), "Still cold.")
    run_worker_at(tomorrow + datetime.timedelta(hours=2))
    assert len(mail.outbox) == 1  # the addition's day is not over yet
    run_worker_at(tomorrow + datetime.timedelta(days=1, hours=2))
    assert [m.subject for m in mail.outbox][1:] == ["More words on a concern you are looking into"]
    assert Complaint.objects.get(pk=complaint.pk).notify == ""
