"""Who may open the run-of-show and attendance pages (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.meetings.models import ObserverAssignment
from circles.testing.fixtures import join_group, make_group, make_meeting

RUNS = {"admin", "specialist"}

ALLOWED: dict[str, set[str]] = {
    "meeting_runshow": RUNS,
    "meeting_runshow_state": RUNS,
    # Who was there: the people running it, supervisors and admins; never participants.
    "meeting_attendance": {"admin", "supervisor", "specialist"},
    "meeting_attendance_sheet": RUNS,
    # Your own attendance: anyone who may see the meeting.
    "meeting_my_attendance": {"admin", "supervisor", "specialist", "observer", "participant"},
}
POST_ONLY: set[str] = {"meeting_runshow_state"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]])
    join_group(group, people["participant"])
    meeting = make_meeting(group)
    ObserverAssignment.objects.create(
        organization=organization, meeting=meeting, observer=people["observer"]
    )
    return {"meeting_id": meeting.pk}
