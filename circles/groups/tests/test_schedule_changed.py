"""A change to a group's schedule reaches the areas that follow it, through listed hooks."""

import datetime
import zoneinfo
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from circles.groups import actions
from circles.groups.checks import schedule_hooks_import
from circles.groups.models import SupportGroup
from circles.meetings.models import Meeting
from circles.testing.fixtures import client_for, make_group

pytestmark = pytest.mark.django_db

told: list[int] = []


def remember(group: SupportGroup) -> None:
    told.append(group.pk)


@override_settings(CIRCLES_SCHEDULE_CHANGED=["circles.groups.tests.test_schedule_changed.remember"])
def test_every_schedule_change_calls_the_listed_hooks(specialist: Any, riverside: Any) -> None:
    told.clear()
    group = make_group(riverside, facilitators=[specialist], starts_on=datetime.date(2099, 1, 6))
    actions.update_group(group, [specialist], ["weekday"], actor=specialist)
    exception = actions.add_exception(group, datetime.date(2099, 1, 13), "", actor=specialist)
    actions.remove_exception(exception, actor=specialist)
    assert told == [group.pk, group.pk, group.pk]
    assert not Meeting.objects.exists()


def local_times(group: SupportGroup) -> set[tuple[int, int]]:
    """(weekday, hour) of the group's coming meetings, in the organisation's timezone."""
    zone = zoneinfo.ZoneInfo(group.organization.timezone)
    coming = Meeting.objects.filter(group=group, starts_at__gt=timezone.now())
    return {
        (local.weekday(), local.hour)
        for local in (timezone.localtime(m.starts_at, zone) for m in coming)
    }


def test_changing_the_day_moves_the_coming_meetings(specialist: Any, riverside: Any) -> None:
    group = make_group(riverside, facilitators=[specialist], starts_on=timezone.localdate())
    actions.update_group(group, [specialist], [], actor=specialist)
    assert local_times(group) == {(1, 18)}  # Tuesdays at 6 p.m.

    data = {
        "name": group.name,
        "purpose": group.purpose,
        "kind": "mutual",
        "audience": "adults",
        "languages": "English",
        "is_open": "True",
        "capacity": "12",
        "frequency": "weekly",
        "weekday": "3",
        "month_week": "1",
        "start_time": "10:00",
        "duration_minutes": "90",
        "starts_on": group.starts_on.isoformat(),
        "format": "online",
        "online_url": "https://meet.example.org/circle",
        "facilitators": [str(specialist.pk)],
        "ground_rules": "We listen.",
        "confidentiality": "What is said here stays here.",
    }
    response = client_for(specialist).post(f"/o/riverside/groups/{group.pk}/edit/", data)
    assert response.status_code == 302
    assert local_times(group) == {(3, 10)}  # Thursdays at 10 a.m.


def test_a_hook_that_cannot_be_found_is_reported_by_the_checks(settings: Any) -> None:
    assert schedule_hooks_import() == []
    settings.CIRCLES_SCHEDULE_CHANGED = ["circles.meetings.actions.no_such_thing", "os.sep"]
    errors = schedule_hooks_import()
    assert [e.id for e in errors] == ["groups.E001", "groups.E001"]
    assert "no_such_thing" in errors[0].msg
    assert "not a function" in errors[1].msg
