"""Odd input to the meetings forms is refused kindly, never with a server error.

'²'.isdigit() is true but int('²') fails; Python refuses to turn more than 4,300
digits into a number; PostgreSQL text cannot hold a NUL; 30 February has the
shape of a date but is not one.
"""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from circles.meetings.agenda import ensure_agenda
from circles.meetings.forms import AttendanceForm, RunshowStateForm
from circles.meetings.models import Attendance, BreakoutSeat, Meeting, ObserverAssignment
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"
HUGE = "9" * 5000


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any, participant2: Any) -> Meeting:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    join_group(group, participant2)
    return make_meeting(group)


def url(name: str, meeting: Meeting) -> str:
    return reverse(name, args=["riverside", meeting.pk])


@pytest.mark.parametrize("count", [SUPERSCRIPT_TWO, HUGE, "-1", "1001", "2.5"])
def test_attendance_guest_count_that_is_not_a_small_whole_number(
    meeting: Meeting, specialist: Any, count: str
) -> None:
    response = client_for(specialist).post(
        url("meeting_attendance", meeting), {"guests": "Ana", "guest_count": count}
    )
    assert response.status_code == 400
    assert "Please enter a whole number, 0 or more." in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("field", ["present", "was_present", "first_meeting"])
@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE, "x"])
def test_attendance_ticks_that_are_not_ids(
    meeting: Meeting, specialist: Any, participant: Any, field: str, value: str
) -> None:
    response = client_for(specialist).post(
        url("meeting_attendance", meeting),
        {"present": [str(participant.pk)], field: [value], "guest_count": "0"},
    )
    assert response.status_code == 400
    assert "Please reload and try again" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_attendance_guests_with_a_nul(meeting: Any, specialist: Any) -> None:
    response = client_for(specialist).post(
        url("meeting_attendance", meeting), {"guests": "Ana\x00, Sam", "guest_count": "0"}
    )
    assert response.status_code == 400
    assert not Attendance.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize(
    "data", [{"observer": SUPERSCRIPT_TWO}, {"observer": HUGE}, {"remove": SUPERSCRIPT_TWO}]
)
def test_observers_post_that_is_not_an_observer(
    meeting: Meeting, specialist: Any, observer: Any, data: dict[str, str]
) -> None:
    ObserverAssignment.objects.create(
        organization=meeting.organization, meeting=meeting, observer=observer
    )
    client = client_for(specialist)
    response = client.post(url("meeting_observers", meeting), data)
    assert response.status_code == 302
    page = client.get(url("meeting_observers", meeting)).content.decode()
    assert "Please choose an observer from the list." in page
    assert ObserverAssignment.objects.filter(meeting=meeting).count() == 1


def test_removing_an_observer_with_an_id_beyond_any_row(meeting: Meeting, specialist: Any) -> None:
    remove = f"/o/riverside/meetings/{meeting.pk}/observers/{'9' * 30}/remove/"
    assert client_for(specialist).post(remove).status_code == 302


@pytest.mark.parametrize(
    "body",
    [
        {"current_item": SUPERSCRIPT_TWO},
        {"current_item": HUGE},
        {"current_item": True},
        {"current_item": 1.5},
        {"current_item": [1]},
        {"started_at": "2026-02-30T10:00:00+00:00"},
        {"started_at": "2026-01-01T10:00:00"},
    ],
)
def test_runshow_state_that_does_not_fit(
    meeting: Meeting, specialist: Any, body: dict[str, Any]
) -> None:
    response = client_for(specialist).post(
        url("meeting_runshow_state", meeting), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert set(response.json()["errors"]) == set(body)
    meeting.refresh_from_db()
    assert meeting.current_item == 0 and meeting.started_at is None


def test_runshow_state_with_a_nul(meeting: Meeting, specialist: Any) -> None:
    """Refused at the edge (or by the form, should it ever get that far)."""
    response = client_for(specialist).post(
        url("meeting_runshow_state", meeting),
        json.dumps({"started_at": "2026-01-01T10:00:00\x00+00:00"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.started_at is None


@pytest.mark.parametrize("item", [SUPERSCRIPT_TWO, HUGE, "-3"])
def test_runshow_next_and_back_with_an_odd_item(
    meeting: Meeting, specialist: Any, item: str
) -> None:
    client = client_for(specialist)
    assert client.get(url("meeting_runshow", meeting), {"item": item}).status_code == 200
    assert client.post(url("meeting_runshow", meeting), {"item": item}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.current_item == 0


def test_breakout_move_to_a_room_that_is_not_a_number(
    meeting: Meeting, specialist: Any, participant: Any, participant2: Any
) -> None:
    for person in (specialist, participant, participant2):
        Attendance.objects.create(organization=meeting.organization, meeting=meeting, user=person)
    client = client_for(specialist)
    client.post(url("meeting_breakouts_split", meeting), {"group_size": "2"})
    seat = BreakoutSeat.objects.filter(breakout__meeting=meeting).first()
    assert seat is not None
    room = seat.room
    response = client.post(
        url("meeting_breakouts_move", meeting), {f"room-{seat.attendance_id}": SUPERSCRIPT_TWO}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.room == room


@pytest.mark.parametrize("step", ["up", "down", "remove"])
def test_agenda_item_of_another_meeting_changes_nothing(
    meeting: Meeting, specialist: Any, step: str
) -> None:
    other = make_meeting(meeting.group, when=meeting.starts_at + timedelta(days=7))
    theirs = ensure_agenda(other)[1]
    ensure_agenda(meeting)
    response = client_for(specialist).post(
        f"/o/riverside/meetings/{meeting.pk}/agenda/{theirs.pk}/{step}/"
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.position == 1


def test_the_forms_refuse_a_nul_themselves() -> None:
    """Behind the edge's NUL check, the forms still refuse one (PostgreSQL text cannot hold it)."""
    guests = AttendanceForm({"guests": "Ana\x00", "guest_count": "0"})
    assert not guests.is_valid() and "guests" in guests.errors
    state = RunshowStateForm({"started_at": "2026-01-01T10:00:00\x00+00:00"}, items=3)
    assert not state.is_valid() and "started_at" in state.errors
