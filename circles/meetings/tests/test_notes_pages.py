"""Debrief privacy and audit; observers assigned; reports validated and private."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.meetings.models import Debrief, ObserverAssignment, ObserverReport
from circles.testing.fixtures import (
    client_for,
    join_group,
    make_group,
    make_meeting,
    make_member,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "worked_well": "Everyone spoke in the check-in.",
    "challenging": "Keeping to time.",
    "learned": "Smaller groups help.",
    "feel": "Tired but glad.",
}
REPORT = {
    "atmosphere": "4",
    "interaction": "5",
    "teamwork": "3",
    "productive": "4",
    "comments": "Warm welcome for newcomers.",
    "recommendations": "A short break halfway.",
}


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    return make_meeting(group, when=timezone.now() - timedelta(days=1))


def url(name: str, meeting: Any) -> str:
    return reverse(name, args=["riverside", meeting.pk])


def test_debrief_written_by_the_facilitator_and_read_by_a_supervisor(
    meeting: Any, specialist: Any, supervisor: Any
) -> None:
    response = client_for(specialist).post(url("meeting_debrief", meeting), ANSWERS)
    assert response.status_code == 302
    assert Debrief.objects.get(meeting=meeting).learned == "Smaller groups help."
    assert AuditEvent.objects.filter(action="meeting.debrief_written").count() == 1

    page = client_for(supervisor).get(url("meeting_debrief", meeting)).content.decode()
    assert "Smaller groups help." in page and "<textarea" not in page
    assert AuditEvent.objects.filter(action="meeting.debrief_read").count() == 1
    # A supervisor reads but does not write someone else's debrief.
    refused = client_for(supervisor).post(url("meeting_debrief", meeting), ANSWERS)
    assert refused.status_code == 403


def test_debrief_is_private_from_participants_and_observers(
    meeting: Any, specialist: Any, participant: Any, observer: Any
) -> None:
    client_for(specialist).post(url("meeting_debrief", meeting), ANSWERS)
    ObserverAssignment.objects.create(
        organization=meeting.organization, meeting=meeting, observer=observer
    )
    for person in (participant, observer):
        response = client_for(person).get(url("meeting_debrief", meeting))
        assert response.status_code == 403
        assert b"Smaller groups" not in response.content


def test_debrief_answers_are_not_stored_in_clear(meeting: Any, specialist: Any) -> None:
    client_for(specialist).post(url("meeting_debrief", meeting), ANSWERS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT learned FROM {Debrief._meta.db_table}")
        (raw,) = cursor.fetchone()
    assert "Smaller groups" not in raw


def test_observers_are_assigned_and_removed(
    meeting: Any, specialist: Any, observer: Any, riverside: Any
) -> None:
    make_member(riverside, "participant", "not-an-observer@example.org", "Quinn")
    client = client_for(specialist)
    page = client.get(url("meeting_observers", meeting)).content.decode()
    assert observer.display_name in page and "Quinn" not in page

    client.post(url("meeting_observers", meeting), {"observer": str(observer.pk)})
    assignment = ObserverAssignment.objects.get(meeting=meeting)
    assert assignment.observer == observer
    page = client.get(url("meeting_observers", meeting)).content.decode()
    assert f"Remove {observer.display_name}" in page and "No report yet" in page

    remove = f"/o/riverside/meetings/{meeting.pk}/observers/{assignment.pk}/remove/"
    assert remove in page
    client.post(remove)
    assert not ObserverAssignment.objects.exists()


def test_only_observers_can_be_assigned(meeting: Any, specialist: Any, participant: Any) -> None:
    client_for(specialist).post(
        url("meeting_observers", meeting), {"observer": str(participant.pk)}
    )
    assert not ObserverAssignment.objects.exists()


@pytest.fixture
def assigned(meeting: Any, observer: Any) -> Any:
    return ObserverAssignment.objects.create(
        organization=meeting.organization, meeting=meeting, observer=observer
    )


def test_the_report_needs_every_score_from_one_to_five(
    meeting: Any, assigned: Any, observer: Any
) -> None:
    client = client_for(observer)
    page = client.get(url("meeting_observer_report", meeting)).content.decode()
    assert page.count('type="radio"') == 20
    assert "Not at all" in page and "Very much" in page

    missing = {**REPORT, "teamwork": ""}
    response = client.post(url("meeting_observer_report", meeting), missing)
    assert response.status_code == 400
    assert "Please choose a number from 1 to 5." in response.content.decode()
    too_high = {**REPORT, "atmosphere": "6"}
    assert client.post(url("meeting_observer_report", meeting), too_high).status_code == 400
    assert not ObserverReport.objects.exists()

    assert client.post(url("meeting_observer_report", meeting), REPORT).status_code == 302
    report = ObserverReport.objects.get()
    assert (report.atmosphere, report.teamwork) == (4, 3)


def test_facilitators_see_reports_and_observers_only_their_own(
    meeting: Any, assigned: Any, observer: Any, specialist: Any, riverside: Any
) -> None:
    other = make_member(riverside, "observer", "second-observer@example.org", "Rowan")
    ObserverAssignment.objects.create(organization=riverside, meeting=meeting, observer=other)
    client_for(observer).post(url("meeting_observer_report", meeting), REPORT)
    client_for(other).post(
        url("meeting_observer_report", meeting), {**REPORT, "comments": "Rowan's view."}
    )

    page = client_for(specialist).get(url("meeting_observers", meeting)).content.decode()
    assert "Warm welcome for newcomers." in page and "Rowan&#x27;s view." in page

    own = client_for(observer).get(url("meeting_observer_report", meeting)).content.decode()
    assert "Warm welcome for newcomers." in own and "Rowan" not in own
    assert client_for(observer).get(url("meeting_observers", meeting)).status_code == 403


def test_the_report_can_be_changed_for_a_week_then_is_read_only(
    riverside: Any, specialist: Any, observer: Any
) -> None:
    group = make_group(riverside, [specialist])
    old = make_meeting(group, when=timezone.now() - timedelta(days=8))
    assignment = ObserverAssignment.objects.create(
        organization=riverside, meeting=old, observer=observer
    )
    ObserverReport.objects.create(
        organization=riverside,
        assignment=assignment,
        atmosphere=2,
        interaction=2,
        teamwork=2,
        productive=2,
    )
    client = client_for(observer)
    page = client.get(url("meeting_observer_report", old)).content.decode()
    assert "The week for changes has passed" in page and 'type="radio"' not in page
    assert client.post(url("meeting_observer_report", old), REPORT).status_code == 403
    assert ObserverReport.objects.get().atmosphere == 2


def test_observer_home_lists_meetings_to_report_on(
    meeting: Any, assigned: Any, observer: Any
) -> None:
    page = client_for(observer).get(reverse("org_home", args=["riverside"])).content.decode()
    assert url("meeting_observer_report", meeting) in page
    assert meeting.group.name in page


def test_observers_page_queries_do_not_grow_with_reports(
    meeting: Any, specialist: Any, riverside: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(specialist)

    def add_observers(start: int, count: int) -> None:
        for i in range(start, start + count):
            person = make_member(riverside, "observer", f"obs{i}@example.org", f"Obs {i}")
            assignment = ObserverAssignment.objects.create(
                organization=riverside, meeting=meeting, observer=person
            )
            ObserverReport.objects.create(
                organization=riverside,
                assignment=assignment,
                atmosphere=3,
                interaction=3,
                teamwork=3,
                productive=3,
                comments=f"Note {i}",
            )

    add_observers(0, 1)
    # The first request writes the session's last-seen time; later ones within a minute do not.
    client.get(url("meeting_observers", meeting))
    with CaptureQueriesContext(connection) as one:
        client.get(url("meeting_observers", meeting))
    add_observers(1, 8)
    # One of these asks which pairs to keep apart (CIRCLES_KEEP_APART).
    with django_assert_max_num_queries(17), CaptureQueriesContext(connection) as nine:
        assert "Note 8" in client.get(url("meeting_observers", meeting)).content.decode()
    assert len(nine) == len(one)
