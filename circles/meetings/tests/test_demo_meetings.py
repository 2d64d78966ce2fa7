"""`circles demo` shows meetings: past ones with attendance, a debrief and breakouts,
the observer on an upcoming one, and an open poll with answers."""

from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from circles.home.demo import load_demo_data
from circles.meetings.demo import load_demo_meetings
from circles.meetings.models import (
    Attendance,
    BreakoutSeat,
    Debrief,
    Meeting,
    ObserverAssignment,
    Poll,
)

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
