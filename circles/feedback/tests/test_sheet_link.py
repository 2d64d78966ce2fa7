"""The feedback link for the room: its page, the run-of-show's closing item, the printed
agenda, and the member's way in from the meeting page."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import AuditEvent, Organization, User
from circles.feedback.models import FeedbackResponse
from circles.meetings.agenda import agenda_for, ensure_agenda
from circles.meetings.models import AgendaItem
from circles.testing.fixtures import (
    client_for,
    give_feedback,
    join_group,
    make_group,
    make_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(riverside: Organization, specialist: User, participant: User) -> Any:
    group = make_group(riverside, facilitators=[specialist])
    join_group(group, participant)
    return group


@pytest.fixture
def meeting(group: Any) -> Any:
    """Began an hour ago (18:00 in the test's UTC organisation is not assumed)."""
    started = (timezone.now() - datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    return make_meeting(group, when=started)


def link_url(meeting: Any) -> str:
    return reverse("meeting_feedback", args=["riverside", meeting.pk])


def test_the_link_page_has_the_link_the_code_the_qr_and_the_script(
    specialist: User, meeting: Any
) -> None:
    page = client_for(specialist).get(link_url(meeting))
    assert page.status_code == 200
    text = page.text
    token = meeting.feedback_token
    assert f"http://testserver/feedback/{token}/" in text
    assert f"{token[:5]} {token[5:]}" in text
    assert "http://testserver/feedback/" in text
    assert '<svg role="img" aria-label="QR code that opens the feedback sheet' in text
    assert "Before you go: this takes under a minute, it is anonymous" in text
    assert "0 answers so far." in text


def test_the_link_page_says_when_it_closes_in_the_organisations_zone(
    riverside: Organization, specialist: User, group: Any
) -> None:
    riverside.timezone = "America/Chicago"
    riverside.save()
    # 23:00 UTC on 1 June is 18:00 in Chicago; 90 minutes, then 7 days: 8 June, 7:30 p.m.
    when = datetime.datetime(2026, 6, 1, 23, 0, tzinfo=datetime.UTC)
    old = make_meeting(group, when=when)
    text = client_for(specialist).get(link_url(old)).text
    assert "The link closed at 7:30 p.m. on Monday 8 June 2026." in text, text[text.find("<main") :]


def test_an_open_link_says_until_when(specialist: User, meeting: Any) -> None:
    # In the organisation's timezone: near midnight UTC the date differs from UTC's.
    zone = ZoneInfo(meeting.organization.timezone)
    closes = (meeting.ends_at + datetime.timedelta(days=7)).astimezone(zone)
    text = client_for(specialist).get(link_url(meeting)).text
    assert f" on {closes:%A} {closes.day} {closes:%B %Y}." in text
    assert "It takes answers until " in text


def test_the_count_is_only_a_number(specialist: User, meeting: Any) -> None:
    give_feedback(meeting, count=3, released=False, helped="A private thought")
    text = client_for(specialist).get(link_url(meeting)).text
    assert "3 answers so far." in text
    assert "A private thought" not in text


def test_supervisors_and_admins_may_open_it_but_not_members(
    supervisor: User, admin: User, participant: User, observer: User, meeting: Any
) -> None:
    assert client_for(supervisor).get(link_url(meeting)).status_code == 200
    assert client_for(admin).get(link_url(meeting)).status_code == 200
    assert client_for(participant).get(link_url(meeting)).status_code == 403
    assert AuditEvent.objects.filter(action="access.refused").count() == 1


def test_a_leader_who_is_not_a_facilitator_may_open_it(
    riverside: Organization, participant2: User, group: Any
) -> None:
    join_group(group, participant2)
    led = make_meeting(group, leader=participant2)
    assert client_for(participant2).get(link_url(led)).status_code == 200


@pytest.mark.parametrize("answers", [1, 12])
def test_the_link_page_query_count_does_not_grow_with_answers(
    specialist: User, meeting: Any, answers: int, django_assert_num_queries: Any
) -> None:
    give_feedback(meeting, count=answers, released=False)
    client = client_for(specialist)
    client.get(link_url(meeting))
    with django_assert_num_queries(7):
        response = client.get(link_url(meeting))
    assert f"{answers} answer" in response.text


def test_the_run_of_show_shows_the_link_at_closing(specialist: User, meeting: Any) -> None:
    client = client_for(specialist)
    page = client.get(reverse("meeting_runshow", args=["riverside", meeting.pk]))
    items = agenda_for(meeting)
    closing = [i for i, item in enumerate(items) if item.key == "closing"]
    assert closing == [len(items) - 1]
    text = page.text
    token = meeting.feedback_token
    box = text.index("QR code that opens the feedback sheet")
    # Inside the closing item's section, and nowhere else.
    section_start = text.rindex(f'data-item="{closing[0]}"', 0, box)
    assert "</section>" not in text[section_start:box]
    assert text.count("QR code that opens the feedback sheet") == 1
    assert f"{token[:5]} {token[5:]}" in text
    assert f"/feedback/{token}/" in text


def test_a_run_of_show_without_a_closing_item_has_no_box(specialist: User, meeting: Any) -> None:
    client = client_for(specialist)
    url = reverse("meeting_runshow", args=["riverside", meeting.pk])
    ensure_agenda(meeting)
    AgendaItem.objects.filter(meeting=meeting, key="closing").update(key="")
    assert "QR code that opens the feedback sheet" not in client.get(url).text


def test_the_printed_agenda_ends_with_the_link(participant: User, meeting: Any) -> None:
    page = client_for(participant).get(
        reverse("meeting_agenda_print", args=["riverside", meeting.pk])
    )
    text = page.text
    token = meeting.feedback_token
    assert f"/feedback/{token}/" in text
    assert text.index("QR code that opens the feedback sheet") > text.index("agenda-print-items")


def test_the_meeting_page_offers_the_link_page_to_those_running_it(
    specialist: User, supervisor: User, meeting: Any
) -> None:
    for person in (specialist, supervisor):
        text = client_for(person).get(reverse("meeting_detail", args=["riverside", meeting.pk]))
        assert link_url(meeting) in text.text


def test_a_member_is_offered_the_sheet_once_the_meeting_has_begun(
    participant: User, group: Any, meeting: Any
) -> None:
    detail = reverse("meeting_detail", args=["riverside", meeting.pk])
    text = client_for(participant).get(detail).text
    assert "Tell us how it went (anonymous)" in text
    assert reverse("feedback_answer", args=[meeting.feedback_token]) in text
    assert link_url(meeting) not in text

    # Not before it has begun (even in the 15 minutes the link is already open)...
    soon = make_meeting(group, when=timezone.now() + datetime.timedelta(minutes=10))
    text = client_for(participant).get(reverse("meeting_detail", args=["riverside", soon.pk])).text
    assert "Tell us how it went" not in text
    # ...nor once the link has closed.
    old = make_meeting(group, when=timezone.now() - datetime.timedelta(days=9))
    text = client_for(participant).get(reverse("meeting_detail", args=["riverside", old.pk])).text
    assert "Tell us how it went" not in text


def test_an_observer_is_not_offered_the_sheet(
    riverside: Organization, observer: User, meeting: Any
) -> None:
    from circles.meetings.models import ObserverAssignment

    ObserverAssignment.objects.create(organization=riverside, meeting=meeting, observer=observer)
    text = client_for(observer).get(reverse("meeting_detail", args=["riverside", meeting.pk])).text
    assert "Tell us how it went" not in text


def test_opening_pages_about_the_link_records_no_answers(specialist: User, meeting: Any) -> None:
    client_for(specialist).get(link_url(meeting))
    assert not FeedbackResponse.objects.exists()


def test_a_cancelled_meeting_offers_no_code(specialist: User, meeting: Any) -> None:
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    text = client_for(specialist).get(link_url(meeting)).text
    assert "This meeting is cancelled, so the link does not take answers." in text
    assert meeting.feedback_token not in text
