"""Taking attendance: one form, members ticked, guests by first name, a count; privacy."""

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from circles.accounts.models import AuditEvent, Role
from circles.meetings.models import Attendance, Breakout, BreakoutSeat
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any, participant2: Any) -> Any:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    join_group(group, participant2)
    return make_meeting(group)


def url(meeting: Any) -> str:
    return reverse("meeting_attendance", args=["riverside", meeting.pk])


def test_the_form_lists_members_and_saves_members_guests_and_count(
    meeting: Any, specialist: Any, participant: Any, participant2: Any
) -> None:
    client = client_for(specialist)
    page = client.get(url(meeting)).content.decode()
    assert "Casey" in page and "Morgan" in page
    assert 'name="present"' in page and "first meeting" in page

    response = client.post(
        url(meeting),
        {
            "present": [str(participant.pk)],
            "first_meeting": [str(participant2.pk)],  # a first meeting means they were there
            "guests": " Ana,  Sam , ",
            "guest_count": "2",
        },
    )
    assert response.status_code == 302
    rows = {a.name: a for a in Attendance.objects.filter(meeting=meeting)}
    assert set(rows) == {"Casey", "Morgan", "Ana", "Sam"}
    assert not rows["Casey"].first_meeting
    assert rows["Morgan"].first_meeting
    assert rows["Ana"].first_meeting and rows["Ana"].user_id is None
    meeting.refresh_from_db()
    assert meeting.guest_count == 2
    after = client.get(url(meeting)).content.decode()
    assert "6 people were there" in after
    assert f'value="{participant.pk}" id="present-{participant.pk}" checked' in after
    assert 'value="Ana, Sam"' in after
    assert AuditEvent.objects.filter(action="meeting.attendance_saved").count() == 1


def test_saving_again_replaces_the_list_but_keeps_guests_still_named(
    meeting: Any, specialist: Any, participant: Any, participant2: Any
) -> None:
    client = client_for(specialist)
    both = [str(participant.pk), str(participant2.pk)]
    client.post(url(meeting), {"present": both, "guests": "Ana, Sam", "guest_count": "1"})
    ana = Attendance.objects.get(meeting=meeting, guest_name="Ana")
    breakout = Breakout.objects.create(
        organization=meeting.organization, meeting=meeting, group_size=2
    )
    BreakoutSeat.objects.create(
        organization=meeting.organization, breakout=breakout, attendance=ana, room=1
    )

    client.post(
        url(meeting),
        {
            "present": [str(participant2.pk)],
            "was_present": both,
            "guests": "Ana, Lee",
            "guest_count": "0",
        },
    )
    names = sorted(a.name for a in Attendance.objects.filter(meeting=meeting))
    assert names == ["Ana", "Lee", "Morgan"]
    assert Attendance.objects.filter(pk=ana.pk).exists()  # her breakout seat is kept
    meeting.refresh_from_db()
    assert meeting.guest_count == 0


def test_a_self_check_in_made_while_the_form_was_open_is_kept(
    meeting: Any, specialist: Any, participant: Any, participant2: Any
) -> None:
    Attendance.objects.create(
        organization=meeting.organization, meeting=meeting, user=participant, self_checked_in=True
    )
    # The form was loaded before Casey checked in, so it did not show her as present.
    client_for(specialist).post(
        url(meeting), {"present": [str(participant2.pk)], "guest_count": "0"}
    )
    assert Attendance.objects.filter(meeting=meeting, user=participant).exists()


def test_a_wrong_count_is_explained_next_to_its_field(meeting: Any, specialist: Any) -> None:
    response = client_for(specialist).post(url(meeting), {"guest_count": "lots", "guests": "Ana"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please enter a whole number" in page
    assert 'aria-describedby="count-error"' in page
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_only_members_of_this_group_can_be_marked(
    meeting: Any, specialist: Any, observer: Any
) -> None:
    client_for(specialist).post(url(meeting), {"present": [str(observer.pk)], "guest_count": "0"})
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_participants_never_see_the_list_only_their_own(
    meeting: Any, participant: Any, participant2: Any, specialist: Any
) -> None:
    client_for(specialist).post(
        url(meeting), {"present": [str(participant2.pk)], "guest_count": "0"}
    )
    casey = client_for(participant)
    assert casey.get(url(meeting)).status_code == 403
    assert casey.post(url(meeting), {"present": [str(participant.pk)]}).status_code == 403
    mine = casey.get(reverse("meeting_my_attendance", args=["riverside", meeting.pk]))
    page = mine.content.decode()
    assert "not marked present" in page and "Morgan" not in page
    morgan = client_for(participant2).get(
        reverse("meeting_my_attendance", args=["riverside", meeting.pk])
    )
    assert "You were there" in morgan.content.decode()
    assert "Casey" not in morgan.content.decode()


def test_a_supervisor_sees_the_list_but_cannot_change_it(
    meeting: Any, supervisor: Any, specialist: Any, participant: Any
) -> None:
    client_for(specialist).post(
        url(meeting), {"present": [str(participant.pk)], "guest_count": "0"}
    )
    client = client_for(supervisor)
    page = client.get(url(meeting)).content.decode()
    assert "Casey" in page and 'name="present"' not in page
    assert client.post(url(meeting), {"guest_count": "0"}).status_code == 403
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_the_page_shows_the_check_in_code_and_its_qr(meeting: Any, specialist: Any) -> None:
    page = client_for(specialist).get(url(meeting)).content.decode()
    assert meeting.checkin_code in page
    assert "<svg" in page and 'role="img"' in page
    assert f"/checkin/{meeting.checkin_code}/" in page


@pytest.mark.parametrize("size", [5, 40])
def test_query_count_does_not_grow_with_the_group(
    size: int, riverside: Any, specialist: Any, django_assert_max_num_queries: Any
) -> None:
    group = make_group(riverside, [specialist])
    people = [
        make_member(riverside, Role.PARTICIPANT, f"p{size}-{i}@example.org", f"P{i}")
        for i in range(size)
    ]
    for person in people:
        join_group(group, person)
    meeting = make_meeting(group)
    client = client_for(specialist)
    client.get(url(meeting))  # the agenda and session exist after the first visit
    ids = [str(p.pk) for p in people]
    # PostgreSQL adds one query per audit event (the advisory lock that keeps the chain whole).
    with django_assert_max_num_queries(21 if connection.vendor == "sqlite" else 22):
        client.post(
            url(meeting),
            {"present": ids, "first_meeting": ids[:2], "guests": "Ana, Sam", "guest_count": "1"},
        )
    # One of them is who has been told about confidentiality, for the whole list.
    with django_assert_max_num_queries(16 if connection.vendor == "sqlite" else 17):
        response = client.get(url(meeting))
    assert f"{size + 3} people were there" in response.content.decode()


def test_the_paper_sheet_shows_no_names_unless_asked_and_has_the_code(
    meeting: Any, specialist: Any, supervisor: Any, participant: Any
) -> None:
    sheet = reverse("meeting_attendance_sheet", args=["riverside", meeting.pk])
    page = client_for(specialist).get(sheet).content.decode()
    assert "Casey" not in page and "Morgan" not in page
    assert page.count('class="tick-box"') >= 2 * 12  # empty lines only
    named = client_for(specialist).get(sheet + "?names=1").content.decode()
    assert "Casey" in named and "Morgan" in named
    assert "Anyone who sees it will know they belong to this group" in named
    assert "first name only" in page
    assert meeting.checkin_code in page and "<svg" in page
    assert client_for(participant).get(sheet).status_code == 403
    assert client_for(supervisor).get(sheet).status_code == 403
