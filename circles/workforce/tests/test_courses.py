"""Courses the organisation runs: a group whose sessions give attending staff training hours."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from circles.meetings.models import Attendance
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting
from circles.workforce.models import Course, TrainingRecord

pytestmark = pytest.mark.django_db


def _course(riverside: Any) -> Course:
    group = make_group(riverside, name="Peer support course")
    return Course.objects.create(
        organization=riverside, group=group, hours_per_session=Decimal("2.5"), category="skills"
    )


def test_a_supervisor_makes_a_group_a_course(riverside: Any, supervisor: Any) -> None:
    group = make_group(riverside, name="Peer support course")
    client = client_for(supervisor)
    bad = client.post(
        "/o/riverside/workforce/courses/",
        {"group": group.pk, "hours_per_session": "40", "category": "skills"},
    )
    assert bad.status_code == 400 and "from 0.25 to 12" in bad.content.decode()
    client.post(
        "/o/riverside/workforce/courses/",
        {"group": group.pk, "hours_per_session": "2", "category": "skills"},
    )
    assert Course.objects.get().group == group
    page = client.get("/o/riverside/workforce/courses/").content.decode()
    assert "Peer support course" in page


def test_staff_who_attend_a_session_get_its_hours_once(
    riverside: Any, supervisor: Any, specialist: Any, participant: Any, admin: Any
) -> None:
    course = _course(riverside)
    join_group(course.group, participant)
    held = make_meeting(course.group, when=timezone.now() - datetime.timedelta(days=1))
    for person in (specialist, participant, admin):
        Attendance.objects.create(organization=riverside, meeting=held, user=person)
    Attendance.objects.create(organization=riverside, meeting=held, guest_name="Ana")
    client = client_for(supervisor)
    page = client.get(f"/o/riverside/workforce/courses/{course.pk}/").content.decode()
    assert "Record hours" in page
    url = f"/o/riverside/workforce/courses/{course.pk}/sessions/{held.pk}/record/"
    client.post(url)
    client.post(url)  # pressed twice: nothing more
    records = TrainingRecord.objects.order_by("worker_id")
    assert sorted(r.worker_id for r in records) == sorted([specialist.pk, admin.pk])
    assert all(r.hours == Decimal("2.5") and r.meeting == held for r in records)
    assert (
        "Record hours"
        not in client.get(f"/o/riverside/workforce/courses/{course.pk}/").content.decode()
    )


def test_a_session_still_to_come_records_nothing(
    riverside: Any, supervisor: Any, specialist: Any
) -> None:
    course = _course(riverside)
    later = make_meeting(course.group)
    Attendance.objects.create(organization=riverside, meeting=later, user=specialist)
    client_for(supervisor).post(
        f"/o/riverside/workforce/courses/{course.pk}/sessions/{later.pk}/record/"
    )
    assert not TrainingRecord.objects.exists()


def test_another_groups_meeting_is_not_a_session(riverside: Any, supervisor: Any) -> None:
    course = _course(riverside)
    other = make_meeting(make_group(riverside, name="Other"))
    response = client_for(supervisor).post(
        f"/o/riverside/workforce/courses/{course.pk}/sessions/{other.pk}/record/"
    )
    assert response.status_code == 404


def test_the_sessions_page_does_not_grow_in_queries(
    riverside: Any, supervisor: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    course = _course(riverside)
    client = client_for(supervisor)
    url = f"/o/riverside/workforce/courses/{course.pk}/"

    def session(days: int) -> None:
        held = make_meeting(course.group, when=timezone.now() - datetime.timedelta(days=days))
        Attendance.objects.create(organization=riverside, meeting=held, user=specialist)

    session(1)
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)
    for days in range(2, 8):
        session(days)
    with django_assert_num_queries(6):
        assert client.get(url).content.decode().count("Record hours<") == 7
