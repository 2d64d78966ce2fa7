"""Warnings 90, 30 and 7 days before a certification expires: by email, never twice."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from circles.workforce.models import ExpiryWarning
from circles.workforce.tasks import threshold_for, warn_expiring
from circles.workforce.tests.helpers import certify, train

pytestmark = pytest.mark.django_db(transaction=True)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


def test_thresholds() -> None:
    assert threshold_for(120) is None
    assert threshold_for(90) == 90
    assert threshold_for(31) == 90
    assert threshold_for(30) == 30
    assert threshold_for(8) == 30
    assert threshold_for(7) == 7
    assert threshold_for(0) == 7
    assert threshold_for(-1) is None


def _local_today(organization: Any, now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now, ZoneInfo(organization.timezone)).date()


def test_each_warning_goes_once_by_email_to_the_worker(riverside: Any, specialist: Any) -> None:
    now = timezone.now()
    today = _local_today(riverside, now)
    certification = certify(riverside, specialist, today + datetime.timedelta(days=90))
    train(riverside, specialist, "14", today - datetime.timedelta(days=20))

    assert warn_expiring(now) == 1
    assert warn_expiring(now) == 0  # the same day again: nothing new
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["specialist@example.org"]
    assert "expires in 90 days" in message.subject
    assert "need 6 more" in message.body

    # 60 days on, still inside the 90-day warning: nothing; at 30 days: the next one.
    assert warn_expiring(now + datetime.timedelta(days=30)) == 0
    assert warn_expiring(now + datetime.timedelta(days=60)) == 1
    assert warn_expiring(now + datetime.timedelta(days=83)) == 1
    assert warn_expiring(now + datetime.timedelta(days=84)) == 0
    assert warn_expiring(now + datetime.timedelta(days=91)) == 0  # expired: no more warnings
    assert sorted(
        ExpiryWarning.objects.filter(certification=certification).values_list(
            "days_before", flat=True
        )
    ) == [7, 30, 90]
    assert len(mail.outbox) == 3


def test_a_late_start_sends_only_the_nearest_warning(riverside: Any, specialist: Any) -> None:
    now = timezone.now()
    certify(riverside, specialist, _local_today(riverside, now) + datetime.timedelta(days=5))
    assert warn_expiring(now) == 1
    assert list(ExpiryWarning.objects.values_list("days_before", flat=True)) == [7]
    assert len(mail.outbox) == 1


def test_a_renewed_certification_is_warned_about_again(riverside: Any, specialist: Any) -> None:
    now = timezone.now()
    certification = certify(
        riverside, specialist, _local_today(riverside, now) + datetime.timedelta(days=20)
    )
    assert warn_expiring(now) == 1
    certification.expires_on += datetime.timedelta(days=730)
    certification.save()
    assert warn_expiring(now + datetime.timedelta(days=730)) == 1


def test_nobody_who_has_left_is_warned(riverside: Any, specialist: Any) -> None:
    from circles.accounts.models import Membership

    now = timezone.now()
    certify(riverside, specialist, _local_today(riverside, now) + datetime.timedelta(days=6))
    Membership.objects.filter(user=specialist).update(is_active=False)
    assert warn_expiring(now) == 0
    assert mail.outbox == []


def test_the_command_warns_and_keeps_one_daily_check_waiting(
    riverside: Any, specialist: Any, settings: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    certify(riverside, specialist, timezone.localdate() + datetime.timedelta(days=3))
    out = StringIO()
    call_command("warn_certifications", stdout=out)
    call_command("warn_certifications", stdout=out)
    assert "1 expiry warning(s) queued." in out.getvalue()
    assert "0 expiry warning(s) queued." in out.getvalue()
    waiting = DBTaskResult.objects.filter(task_path__endswith="check_certifications")
    assert waiting.count() == 1
