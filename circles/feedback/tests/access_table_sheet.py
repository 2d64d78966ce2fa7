"""Who may open a meeting's feedback link page (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.meetings.models import ObserverAssignment
from circles.testing.fixtures import join_group, make_group, make_meeting

ALLOWED: dict[str, set[str]] = {
    # The people running the meeting share it; supervisors and admins may too.
    # Members and observers answer the sheet itself, never this page.
    "meeting_feedback": {"admin", "supervisor", "specialist"},
}
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]])
    join_group(group, people["participant"])
    meeting = make_meeting(group)
    ObserverAssignment.objects.create(
        organization=organization, meeting=meeting, observer=people["observer"]
    )
    return {"meeting_id": meeting.pk}
