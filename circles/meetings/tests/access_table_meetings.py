"""Who may open the meeting pages and agendas (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.meetings.models import ObserverAssignment
from circles.testing.fixtures import join_group, make_group, make_meeting

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}
# The group's facilitators and admins change its meetings.
MANAGERS = {"admin", "specialist"}

ALLOWED: dict[str, set[str]] = {
    "meeting_list": EVERYONE,
    # A group's meetings: staff and the group's members (observers see single meetings).
    "group_meetings": {"admin", "supervisor", "specialist", "participant"},
    "meeting_add": MANAGERS,
    "meeting_detail": EVERYONE,
    "meeting_cancel": MANAGERS,
    "meeting_move": MANAGERS,
    "meeting_leader": MANAGERS,
    # People running the meeting adapt its agenda; anyone who sees the meeting may print it.
    "meeting_agenda": MANAGERS,
    "meeting_agenda_print": EVERYONE,
    "agenda_templates": {"admin"},
    # Only a member of a group that shares leading offers to lead.
    "group_willing_to_lead": {"participant"},
}
POST_ONLY: set[str] = {"meeting_cancel", "meeting_leader", "group_willing_to_lead"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]], rotate_leader=True)
    join_group(group, people["participant"])
    meeting = make_meeting(group)
    ObserverAssignment.objects.create(
        organization=organization, meeting=meeting, observer=people["observer"]
    )
    return {"meeting_id": meeting.pk, "group_id": group.pk, "willing_group_id": group.pk}
