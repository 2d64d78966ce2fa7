"""Checking yourself in with the code or QR the facilitator shows."""

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.meetings.models import Attendance
from circles.meetings.views.attendance import CODE_GUESSES
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db


def main(page: str) -> str:
    """The page's own part, without its CSRF token (new on every response)."""
    return re.sub(r'value="[^"]{64}"', "", page[page.index("<main") : page.index("</main>")])


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    # Started ten minutes ago.
    return make_meeting(group, when=timezone.now() - datetime.timedelta(minutes=10))


def test_a_member_checks_in_by_typing_the_code(meeting: Any, participant: Any) -> None:
    client = client_for(participant)
    typed = " ".join(meeting.checkin_code.lower())  # spaces and small letters are fine
    response = client.post(reverse("checkin_start"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin", args=[meeting.checkin_code])
    confirm = client.get(response["Location"]).content.decode()
    assert "Tuesday evening circle" in confirm and "m here</button>" in confirm
    assert not Attendance.objects.exists()

    done = client.post(response["Location"], follow=True).content.decode()
    assert "You were there" in done
    attendance = Attendance.objects.get(meeting=meeting, user=participant)
    assert attendance.self_checked_in

    client.post(response["Location"])  # pressing again changes nothing
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_the_qr_address_in_small_letters_leads_to_the_right_place(
    meeting: Any, participant: Any
) -> None:
    response = client_for(participant).get(reverse("checkin", args=[meeting.checkin_code.lower()]))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin", args=[meeting.checkin_code])


def test_a_wrong_code_is_explained_kindly(meeting: Any, participant: Any) -> None:
    response = client_for(participant).post(reverse("checkin_start"), {"code": "ZZZZZZ"})
    assert response.status_code == 400
    assert "could not find a meeting you can check in to" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("starts_in", "words"),
    [
        (datetime.timedelta(hours=3), "Check-in opens an hour before"),
        (datetime.timedelta(hours=-3), "This meeting has ended"),
    ],
)
def test_check_in_is_only_open_around_the_meeting(
    riverside: Any, participant: Any, starts_in: Any, words: str
) -> None:
    group = make_group(riverside)
    join_group(group, participant)
    meeting = make_meeting(group, when=timezone.now() + starts_in)
    client = client_for(participant)
    page = client.get(reverse("checkin", args=[meeting.checkin_code])).content.decode()
    assert words in page
    client.post(reverse("checkin", args=[meeting.checkin_code]))
    assert not Attendance.objects.exists()


def test_fifty_minutes_before_the_start_is_fine(riverside: Any, participant: Any) -> None:
    group = make_group(riverside)
    join_group(group, participant)
    meeting = make_meeting(group, when=timezone.now() + datetime.timedelta(minutes=50))
    client_for(participant).post(reverse("checkin", args=[meeting.checkin_code]))
    assert Attendance.objects.filter(user=participant).exists()


def test_a_code_of_another_group_answers_as_an_unknown_code_and_counts(
    meeting: Any, participant2: Any, outsider: Any
) -> None:
    for person in (participant2, outsider):
        client = client_for(person)
        unknown = client.post(reverse("checkin", args=["ZZZZZZ"]))
        response = client.post(reverse("checkin", args=[meeting.checkin_code]))
        # The same answer as a code that does not exist: no oracle for real codes.
        assert response.status_code == unknown.status_code == 404
        page = response.content.decode()
        assert "ask the facilitator" in page.lower()
        assert "Tuesday evening circle" not in page  # nothing about the group
        assert main(page).replace(meeting.checkin_code, "ZZZZZZ") == main(unknown.content.decode())
        typed = client.post(reverse("checkin_start"), {"code": meeting.checkin_code})
        assert typed.status_code == 400
        assert "could not find a meeting you can check in to" in typed.content.decode()
    assert not Attendance.objects.exists()
    # ... and each counted as a wrong guess, for the person's account too.
    for _ in range(CODE_GUESSES.allowed - 3):
        client_for(outsider).post(reverse("checkin_start"), {"code": "WRONG1"})
    from_elsewhere = client_for(outsider).post(
        reverse("checkin_start"), {"code": "WRONG2"}, REMOTE_ADDR="198.51.100.20"
    )
    assert from_elsewhere.status_code == 429


def test_someone_signed_out_is_asked_to_sign_in_first(meeting: Any) -> None:
    from django.test import Client

    response = Client().get(reverse("checkin", args=[meeting.checkin_code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_guessing_codes_is_slowed_down(meeting: Any, participant: Any) -> None:
    client = client_for(participant)
    for attempt in range(CODE_GUESSES.allowed):
        assert client.post(reverse("checkin_start"), {"code": f"WRONG{attempt}"}).status_code == 400
    response = client.post(reverse("checkin_start"), {"code": "WRONG99"})
    assert response.status_code == 429
    assert "Please wait ten minutes" in response.content.decode()
    assert client.get(reverse("checkin", args=["WRONG99"])).status_code == 429
    # The right code still works: only wrong ones count, up to the ceiling.
    assert client.post(reverse("checkin_start"), {"code": meeting.checkin_code}).status_code == 302
    for attempt in range(CODE_GUESSES.ceiling - CODE_GUESSES.allowed):
        client.post(reverse("checkin_start"), {"code": f"WRONG{attempt}"})
    assert client.post(reverse("checkin_start"), {"code": meeting.checkin_code}).status_code == 429


def test_check_in_page_shows_a_form(participant: Any) -> None:
    page = client_for(participant).get(reverse("checkin_start")).content.decode()
    assert '<label for="id_code">' in page
