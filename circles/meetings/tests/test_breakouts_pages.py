"""The breakout page: split the people present, shuffle, move someone, too few people."""

import re
from typing import Any

import pytest
from django.urls import reverse

from circles.meetings.models import Attendance, Breakout, BreakoutSeat
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

GUESTS = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus"]


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    return make_meeting(group)


def mark_present(meeting: Any, users: list[Any], guests: list[str]) -> None:
    for user in users:
        Attendance.objects.create(organization=meeting.organization, meeting=meeting, user=user)
    for name in guests:
        Attendance.objects.create(
            organization=meeting.organization, meeting=meeting, guest_name=name
        )


def url(meeting: Any, action: str = "") -> str:
    name = f"meeting_breakouts_{action}" if action else "meeting_breakouts"
    return reverse(name, args=["riverside", meeting.pk])


def rooms_on(page: str) -> list[list[str]]:
    names = re.findall(r'<p class="breakout-names">([^<]*)</p>', page)
    return [n.split(", ") for n in names]


def test_split_shows_balanced_groups_by_name(
    meeting: Any, specialist: Any, participant: Any
) -> None:
    mark_present(meeting, [specialist, participant], GUESTS)
    client = client_for(specialist)
    response = client.post(url(meeting, "split"), {"group_size": "4"})
    assert response.status_code == 302
    page = client.get(url(meeting)).content.decode()
    rooms = rooms_on(page)
    assert "Group 1" in page and "Group 3" in page and "Group 4" not in page
    assert sorted(len(r) for r in rooms) == [3, 3, 3]
    assert sorted(n for r in rooms for n in r) == sorted([*GUESTS, "Jordan", "Casey"])
    assert "Shuffle again" in page


def test_shuffle_makes_a_new_split_and_the_latest_is_shown(meeting: Any, specialist: Any) -> None:
    mark_present(meeting, [specialist], GUESTS)
    client = client_for(specialist)
    client.post(url(meeting, "split"), {"group_size": "2"})
    first = Breakout.objects.get()
    client.post(url(meeting, "shuffle"))
    assert Breakout.objects.count() == 2
    latest = Breakout.objects.exclude(pk=first.pk).get()
    assert latest.group_size == 2 and latest.seed != first.seed
    page = client.get(url(meeting)).content.decode()
    shown = rooms_on(page)
    expected: dict[int, list[str]] = {}
    for seat in BreakoutSeat.objects.filter(breakout=latest).select_related("attendance__user"):
        expected.setdefault(seat.room, []).append(seat.attendance.name)
    assert sorted(map(sorted, shown)) == sorted(map(sorted, expected.values()))


def test_a_manual_move_without_javascript(meeting: Any, specialist: Any) -> None:
    mark_present(meeting, [], GUESTS[:6])
    client = client_for(specialist)
    client.post(url(meeting, "split"), {"group_size": "3"})
    ana = Attendance.objects.get(guest_name="Ana")
    seat = BreakoutSeat.objects.get(attendance=ana)
    other = 1 if seat.room == 2 else 2
    page = client.get(url(meeting)).content.decode()
    assert f'<label for="room-{ana.pk}">Ana</label>' in page
    response = client.post(url(meeting, "move"), {f"room-{ana.pk}": str(other)})
    assert response.status_code == 302
    page = client.get(url(meeting)).content.decode()
    room_with_ana = next(r for r in rooms_on(page) if "Ana" in r)
    assert len(room_with_ana) == 4
    assert "Moves saved" in page
    # A group number that does not exist changes nothing.
    client.post(url(meeting, "move"), {f"room-{ana.pk}": "9"})
    assert BreakoutSeat.objects.get(attendance=ana).room == other


def test_fewer_than_two_present_is_said_kindly(meeting: Any, specialist: Any) -> None:
    mark_present(meeting, [specialist], [])
    client = client_for(specialist)
    page = client.get(url(meeting)).content.decode()
    assert "need at least two people" in page
    assert reverse("meeting_attendance", args=["riverside", meeting.pk]) in page
    assert 'name="group_size"' not in page
    client.post(url(meeting, "split"), {"group_size": "4"})
    assert not Breakout.objects.exists()


def test_a_group_size_below_two_is_refused(meeting: Any, specialist: Any) -> None:
    mark_present(meeting, [specialist], GUESTS)
    response = client_for(specialist).post(url(meeting, "split"), {"group_size": "1"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Breakout.objects.exists()


def test_people_met_at_the_last_meeting_are_kept_apart(
    riverside: Any, specialist: Any, everyone: Any
) -> None:
    group = make_group(riverside, [specialist])
    members = [everyone[p] for p in ("participant", "participant2", "observer", "supervisor")]
    for user in members:
        join_group(group, user)
    earlier = make_meeting(group, when=None)
    later = make_meeting(
        group, when=earlier.starts_at + (earlier.duration * 100), scheduled_for=None
    )
    client = client_for(specialist)
    mark_present(earlier, members, [])
    client.post(url(earlier, "split"), {"group_size": "2"})
    pairs = {
        frozenset(s.attendance.user_id for s in BreakoutSeat.objects.filter(room=r)) for r in (1, 2)
    }
    mark_present(later, members, [])
    for _ in range(3):
        client.post(url(later, "shuffle" if _ else "split"), {"group_size": "2"})
        latest = Breakout.objects.filter(meeting=later).first()
        assert latest is not None
        now = {frozenset(s.attendance.user_id for s in latest.seats.filter(room=r)) for r in (1, 2)}
        assert not now & pairs


def test_query_count_does_not_grow_with_people(
    meeting: Any, specialist: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(specialist)
    mark_present(meeting, [specialist], GUESTS[:3])
    client.post(url(meeting, "split"), {"group_size": "2"})
    with django_assert_max_num_queries(12):
        client.get(url(meeting))
    mark_present(meeting, [], [f"Guest {i}" for i in range(30)])
    client.post(url(meeting, "split"), {"group_size": "4"})
    with django_assert_max_num_queries(12):
        assert "Guest 29" in client.get(url(meeting)).content.decode()
