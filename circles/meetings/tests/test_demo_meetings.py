"""`circles demo` shows meetings: past ones with attendance, a debrief and breakouts,
the observer on an upcoming one, and an open poll with answers."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from circles.home.demo import load_demo_data
from circles.meetings.demo import DEMO_GROUP, load_demo_meetings
from circles.meetings.models import (
    Attendance,
    BreakoutSeat,
    Debrief,
    Meeting,
    ObserverAssignment,
    Poll,
)
from circles.testing.fixtures import make_group

pytestmark = pytest.mark.django_db


def test_the_demo_has_meetings_past_and_upcoming_with_their_pieces() -> None:
    assert load_demo_data()
    now = timezone.now()
    tuesday = Meeting.objects.filter(group__name="Tuesday evening peer circle")
    past = list(tuesday.filter(starts_at__lt=now).order_by("starts_at"))
    assert len(past) >= 3  # the feedback demo adds earlier weeks too
    latest = past[-1]
    zone = ZoneInfo(latest.organization.timezone)
    assert {timezone.localtime(m.starts_at, zone).time() for m in past[-3:]} == {
        latest.group.start_time
    }
    names = {a.name for a in Attendance.objects.filter(meeting=latest).select_related("user")}
    assert names == {"Casey", "Morgan", "Sam"}
    assert Attendance.objects.get(meeting=latest, guest_name="Sam").first_meeting
    debrief = Debrief.objects.get(meeting=latest)
    assert "welcoming" in debrief.worked_well
    assert BreakoutSeat.objects.filter(breakout__meeting=latest).count() == 3

    # Every demo group has upcoming meetings; the observer is on the Tuesday circle's next.
    upcoming = tuesday.filter(starts_at__gt=now).order_by("starts_at")
    assert upcoming.count() >= 4
    assert Meeting.objects.filter(starts_at__gt=now).values("group").distinct().count() >= 3
    following = upcoming.first()
    assignment = ObserverAssignment.objects.get(observer__email="observer@example.org")
    assert assignment.meeting == following
    poll = Poll.objects.get(meeting=following)
    assert poll.is_open
    assert poll.question == "How familiar are you with the principles of peer support?"
    assert poll.answers.count() == 5

    # Running it again changes nothing.
    before = Meeting.objects.count()
    assert not load_demo_meetings(latest.organization)
    assert Meeting.objects.count() == before
    assert Poll.objects.count() == 1


def test_past_demo_meetings_keep_the_group_hour_across_a_clock_change(
    riverside: Any, specialist: Any, participant: Any, participant2: Any, observer: Any
) -> None:
    """Chicago moves its clocks on 8 March 2026; the three Tuesdays before stay at 6 p.m."""
    riverside.timezone = "America/Chicago"
    riverside.save()
    zone = ZoneInfo("America/Chicago")
    group = make_group(riverside, [specialist], name=DEMO_GROUP)
    now = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=zone)
    assert load_demo_meetings(riverside, now=now)
    past = Meeting.objects.filter(group=group, starts_at__lt=now).order_by("starts_at")
    local = [timezone.localtime(m.starts_at, zone) for m in past]
    assert [(t.date().isoformat(), t.hour, t.minute) for t in local] == [
        ("2026-02-17", 18, 0),
        ("2026-02-24", 18, 0),
        ("2026-03-03", 18, 0),
    ]
