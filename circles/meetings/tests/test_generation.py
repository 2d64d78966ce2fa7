import datetime
from typing import Any

import pytest

from circles.groups.models import ScheduleException
from circles.meetings.generation import generate_for_group
from circles.meetings.models import Meeting
from circles.testing.fixtures import join_group, make_group

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


def test_meetings_for_eight_weeks_are_generated_once(riverside: Any, specialist: Any) -> None:
    group = make_group(riverside, [specialist])  # weekly on Tuesday, 6 pm Chicago
    assert generate_for_group(group, now=NOW) == 8
    assert generate_for_group(group, now=NOW) == 0
    meetings = list(Meeting.objects.filter(group=group))
    assert len(meetings) == 8
    first = meetings[0].starts_at.astimezone(datetime.UTC)
    assert first == datetime.datetime(2026, 11, 25, 0, 0, tzinfo=datetime.UTC)  # 6 pm CST
    assert all(m.leader_id == specialist.pk for m in meetings)


def test_a_cancelled_date_gets_no_meeting(riverside: Any) -> None:
    group = make_group(riverside)
    ScheduleException.objects.create(
        organization=riverside, group=group, date=datetime.date(2026, 12, 1)
    )
    generate_for_group(group, now=NOW)
    dates = {m.starts_at.astimezone(datetime.UTC).date() for m in Meeting.objects.all()}
    assert datetime.date(2026, 12, 2) not in dates  # 1 Dec 6 pm Chicago is 2 Dec UTC
    assert len(dates) == 7


def test_leaders_rotate_among_facilitators_and_willing_members(
    riverside: Any, specialist: Any, participant: Any, participant2: Any
) -> None:
    group = make_group(riverside, [specialist], rotate_leader=True)
    join_group(group, participant).__class__.objects.filter(user=participant).update(
        willing_to_lead=True
    )
    join_group(group, participant2)  # not willing: never asked to lead
    generate_for_group(group, now=NOW)
    leaders = list(Meeting.objects.order_by("starts_at").values_list("leader_id", flat=True))
    assert leaders[:4] == [specialist.pk, participant.pk, specialist.pk, participant.pk]
    assert participant2.pk not in leaders
