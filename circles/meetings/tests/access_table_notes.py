"""Who may open the breakout, debrief and observer pages (see accounts/tests/test_access.py).

The meeting's group is facilitated by the specialist, has the participant as a
member, and the observer is asked to observe it.
"""

from typing import Any

from circles.accounts.models import Organization
from circles.meetings.models import ObserverAssignment
from circles.testing.fixtures import join_group, make_group, make_meeting

ALLOWED: dict[str, set[str]] = {
    # The people running it: the group's facilitator and admins.
    "meeting_breakouts": {"admin", "specialist"},
    "meeting_breakouts_split": {"admin", "specialist"},
    "meeting_breakouts_shuffle": {"admin", "specialist"},
    "meeting_breakouts_move": {"admin", "specialist"},
    # Private notes: the people running it, supervisors and admins.
    "meeting_debrief": {"admin", "supervisor", "specialist"},
    "meeting_observers": {"admin", "supervisor", "specialist"},
    "meeting_observer_remove": {"admin", "supervisor", "specialist"},
    # Only the observer asked to observe this meeting.
    "meeting_observer_report": {"observer"},
}
POST_ONLY: set[str] = {
    "meeting_breakouts_split",
    "meeting_breakouts_shuffle",
    "meeting_breakouts_move",
    "meeting_observer_remove",
}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]])
    join_group(group, people["participant"])
    meeting = make_meeting(group)
    assignment = ObserverAssignment.objects.create(
        organization=organization, meeting=meeting, observer=people["observer"]
    )
    return {"meeting_id": meeting.pk, "assignment_id": assignment.pk}
