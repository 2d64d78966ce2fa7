"""The run-of-show without JavaScript, and the state endpoint runshow.js posts to."""

import datetime
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.meetings.agenda import ensure_agenda
from circles.meetings.models import AgendaItem
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, [specialist], ground_rules="Listen without interrupting.")
    join_group(group, participant)
    return make_meeting(group, when=timezone.now() - datetime.timedelta(minutes=2))


def run_url(meeting: Any) -> str:
    return reverse("meeting_runshow", args=["riverside", meeting.pk])


def state_url(meeting: Any) -> str:
    return reverse("meeting_runshow_state", args=["riverside", meeting.pk])


def shown_title(page: str) -> str:
    """The title of the one agenda item not hidden."""
    import re

    for match in re.finditer(r'<section class="runshow-item"[^>]*>.*?</section>', page, re.S):
        if " hidden" not in match.group(0).split(">")[0]:
            return re.search(r"<h2[^>]*>(.*?)</h2>", match.group(0), re.S).group(1)  # type: ignore[union-attr]
    return ""


def test_start_next_and_back_without_javascript(meeting: Any, specialist: Any) -> None:
    client = client_for(specialist)
    page = client.get(run_url(meeting)).content.decode()
    assert shown_title(page) == "Greeting and introductions"
    assert "Start the meeting" in page and "Not started yet" in page
    assert meeting.checkin_code in page and "<svg" in page

    client.post(run_url(meeting), {"item": "0"})  # Start
    meeting.refresh_from_db()
    assert meeting.started_at is not None and meeting.current_item == 0
    started = meeting.started_at

    page = client.get(run_url(meeting)).content.decode()
    assert '<button type="submit" class="runshow-next" data-next-button>Next</button>' in page
    assert client.post(run_url(meeting), {"item": "1"}).status_code == 302
    client.post(run_url(meeting), {"item": "2"})
    meeting.refresh_from_db()
    assert meeting.current_item == 2 and meeting.started_at == started
    page = client.get(run_url(meeting)).content.decode()
    assert shown_title(page) == "Confidentiality"
    assert "serious harm" in page  # the one limit is always said

    client.post(run_url(meeting), {"item": "1"})  # Back
    meeting.refresh_from_db()
    assert meeting.current_item == 1
    assert shown_title(client.get(run_url(meeting)).content.decode()) == "The group&#x27;s purpose"


def test_looking_at_another_item_does_not_move_the_meeting(meeting: Any, specialist: Any) -> None:
    client = client_for(specialist)
    page = client.get(run_url(meeting) + "?item=3").content.decode()
    assert shown_title(page) == "Ground rules"
    assert "Listen without interrupting." in page
    assert "the meeting is at item 1" in page
    meeting.refresh_from_db()
    assert meeting.current_item == 0 and meeting.started_at is None


def test_the_last_item_has_no_next_and_items_beyond_are_refused(
    meeting: Any, specialist: Any
) -> None:
    items = ensure_agenda(meeting)
    client = client_for(specialist)
    client.post(run_url(meeting), {"item": "99"})
    meeting.refresh_from_db()
    assert meeting.current_item == len(items) - 1
    page = client.get(run_url(meeting)).content.decode()
    assert shown_title(page) == "Closing"
    assert "This is the last item." in page
    assert "data-next-button hidden" in page


def test_elapsed_time_comes_from_the_start(meeting: Any, specialist: Any) -> None:
    meeting.started_at = timezone.now() - datetime.timedelta(minutes=34)
    meeting.save()
    page = client_for(specialist).get(run_url(meeting)).content.decode()
    assert "34 minutes so far" in page


def test_a_gentle_warning_before_closing_time(riverside: Any, specialist: Any) -> None:
    group = make_group(riverside, [specialist], duration_minutes=60)
    meeting = make_meeting(group, when=timezone.now() - datetime.timedelta(minutes=57))
    page = client_for(specialist).get(run_url(meeting)).content.decode()
    assert '<p class="runshow-closing" data-closing>About 5 minutes left' in page
    early = make_meeting(
        group, when=timezone.now() - datetime.timedelta(minutes=5), scheduled_for=None
    )
    page = client_for(specialist).get(run_url(early)).content.decode()
    assert "data-closing hidden" in page


def test_participants_and_other_staff_cannot_run_it(
    meeting: Any, participant: Any, supervisor: Any
) -> None:
    for person in (participant, supervisor):
        assert client_for(person).get(run_url(meeting)).status_code == 403
        assert client_for(person).post(run_url(meeting), {"item": "3"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.current_item == 0


def test_the_state_endpoint_saves_json(meeting: Any, specialist: Any) -> None:
    ensure_agenda(meeting)
    started = timezone.now() - datetime.timedelta(minutes=1)
    response = client_for(specialist).post(
        state_url(meeting),
        json.dumps({"current_item": 4, "started_at": started.isoformat()}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    meeting.refresh_from_db()
    assert meeting.current_item == 4
    assert meeting.started_at == started


def test_the_state_endpoint_takes_a_form_too(meeting: Any, specialist: Any) -> None:
    ensure_agenda(meeting)
    client_for(specialist).post(state_url(meeting), {"current_item": "3"})
    meeting.refresh_from_db()
    assert meeting.current_item == 3


@pytest.mark.parametrize(
    "body",
    [
        {"current_item": 99},
        {"current_item": -1},
        {"current_item": "two"},
        {"current_item": True},
        {"started_at": "yesterday"},
        {"started_at": "2026-11-23T18:00:00"},  # no time zone
        {"started_at": "2020-01-01T18:00:00+00:00"},  # years before the meeting
    ],
)
def test_the_state_endpoint_refuses_what_does_not_fit(
    body: dict[str, Any], meeting: Any, specialist: Any
) -> None:
    ensure_agenda(meeting)
    response = client_for(specialist).post(
        state_url(meeting), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False
    meeting.refresh_from_db()
    assert meeting.current_item == 0 and meeting.started_at is None


def test_an_earlier_start_from_another_device_wins(meeting: Any, specialist: Any) -> None:
    ensure_agenda(meeting)
    first = timezone.now() - datetime.timedelta(minutes=1)
    meeting.started_at = first
    meeting.save()
    client_for(specialist).post(
        state_url(meeting),
        json.dumps({"started_at": timezone.now().isoformat()}),
        content_type="application/json",
    )
    meeting.refresh_from_db()
    assert meeting.started_at == first


def test_the_state_endpoint_is_for_the_people_running_it(meeting: Any, participant: Any) -> None:
    ensure_agenda(meeting)
    response = client_for(participant).post(
        state_url(meeting), json.dumps({"current_item": 2}), content_type="application/json"
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.current_item == 0


def test_query_count_is_pinned(
    meeting: Any, specialist: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(specialist)
    ensure_agenda(meeting)
    client.get(run_url(meeting))
    with django_assert_max_num_queries(12):
        client.get(run_url(meeting))
    AgendaItem.objects.bulk_create(
        AgendaItem(
            organization=meeting.organization, meeting=meeting, position=20 + i, title=f"Extra {i}"
        )
        for i in range(30)
    )
    with django_assert_max_num_queries(12):
        page = client.get(run_url(meeting)).content.decode()
    assert "Extra 29" in page
