"""A declared dual relationship keeps the pair apart in breakouts and observer assignments."""

from typing import Any

import pytest
from django.urls import reverse

from circles.accounts.models import Role
from circles.meetings.models import Attendance, Breakout, BreakoutSeat
from circles.safety.ethics import actions
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db

GUESTS = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay"]


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    meeting = make_meeting(group)
    for user in (specialist, participant):
        Attendance.objects.create(organization=riverside, meeting=meeting, user=user)
    for name in GUESTS:
        Attendance.objects.create(organization=riverside, meeting=meeting, guest_name=name)
    return meeting


def rooms_of(meeting: Any) -> dict[int, int]:
    """User id -> room, in the latest split."""
    latest = Breakout.objects.filter(meeting=meeting).first()
    return {
        s.attendance.user_id: s.room
        for s in BreakoutSeat.objects.filter(breakout=latest).select_related("attendance")
        if s.attendance.user_id
    }


def test_every_split_keeps_the_worker_and_the_person_apart(
    riverside: Any, meeting: Any, specialist: Any, participant: Any
) -> None:
    actions.declare_relationship(riverside, specialist, participant, "")
    client = client_for(specialist)
    split = reverse("meeting_breakouts_split", args=["riverside", meeting.pk])
    shuffle = reverse("meeting_breakouts_shuffle", args=["riverside", meeting.pk])
    assert client.post(split, {"group_size": "8"}).status_code == 302
    rooms = rooms_of(meeting)
    assert rooms[specialist.pk] != rooms[participant.pk]
    for _ in range(15):
        client.post(shuffle)
        rooms = rooms_of(meeting)
        assert rooms[specialist.pk] != rooms[participant.pk]


def test_moving_someone_in_with_the_person_they_are_kept_from_is_refused(
    riverside: Any, meeting: Any, specialist: Any, participant: Any
) -> None:
    actions.declare_relationship(riverside, specialist, participant, "")
    client = client_for(specialist)
    client.post(
        reverse("meeting_breakouts_split", args=["riverside", meeting.pk]), {"group_size": "4"}
    )
    latest = Breakout.objects.get(meeting=meeting)
    seat = {s.attendance.user_id: s for s in latest.seats.select_related("attendance")}
    target = seat[specialist.pk].room
    answer = client.post(
        reverse("meeting_breakouts_move", args=["riverside", meeting.pk]),
        {f"room-{seat[participant.pk].attendance_id}": str(target)},
        follow=True,
    )
    assert "kept in separate groups" in answer.content.decode()
    assert rooms_of(meeting)[participant.pk] != target


def test_ended_relationships_no_longer_keep_anyone_apart(
    riverside: Any, meeting: Any, specialist: Any, participant: Any
) -> None:
    relationship = actions.declare_relationship(riverside, specialist, participant, "")
    actions.end_relationship(relationship, actor=specialist)
    client = client_for(specialist)
    client.post(
        reverse("meeting_breakouts_split", args=["riverside", meeting.pk]), {"group_size": "4"}
    )
    latest = Breakout.objects.get(meeting=meeting)
    seat = {s.attendance.user_id: s for s in latest.seats.select_related("attendance")}
    target = seat[specialist.pk].room
    client.post(
        reverse("meeting_breakouts_move", args=["riverside", meeting.pk]),
        {f"room-{seat[participant.pk].attendance_id}": str(target)},
    )
    assert rooms_of(meeting)[participant.pk] == target


def test_an_observer_kept_apart_from_someone_in_the_meeting_is_not_offered(
    riverside: Any, meeting: Any, specialist: Any, participant: Any, observer: Any, supervisor: Any
) -> None:
    second = make_member(riverside, Role.OBSERVER, "observer2@example.org", "Quinn")
    actions.declare_relationship(riverside, observer, participant, "")
    client = client_for(supervisor)
    url = reverse("meeting_observers", args=["riverside", meeting.pk])
    page = client.get(url).content.decode()
    assert f'value="{second.pk}"' in page and f'value="{observer.pk}"' not in page
    answer = client.post(url, {"observer": observer.pk}, follow=True)
    assert "Please choose an observer from the list." in answer.content.decode()
    assert not meeting.observers.exists()
    # The facilitator declared one with the other observer: neither is offered now.
    actions.declare_relationship(riverside, specialist, second, "")
    page = client.get(url).content.decode()
    assert f'value="{second.pk}"' not in page
