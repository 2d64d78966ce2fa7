"""Who may open the poll pages (see accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.meetings.models import Poll
from circles.testing.fixtures import join_group, make_group, make_meeting

RUNS = {"admin", "specialist"}  # admins, and the specialist who facilitates the group

ALLOWED: dict[str, set[str]] = {
    "meeting_polls": RUNS,
    "org_polls": {"admin", "supervisor", "specialist"},
    "poll_results": RUNS,
    "poll_close": RUNS,
    "poll_reopen": RUNS,
}
POST_ONLY = {"poll_close", "poll_reopen"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]], name="Polls circle")
    join_group(group, people["participant"])
    meeting = make_meeting(group)
    # Opened by someone else, so the specialist gets in by running the meeting.
    poll = Poll.objects.create(
        organization=organization,
        meeting=meeting,
        question="How is everyone?",
        options=["Good", "So-so"],
        created_by=people["admin"],
    )
    return {"meeting_id": meeting.pk, "poll_id": poll.pk}
