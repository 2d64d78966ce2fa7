"""Who may open the meeting pages and agendas (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.meetings.agenda import ensure_agenda
from circles.meetings.models import AgendaTemplate, ObserverAssignment
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
    "meeting_restore": MANAGERS,
    "meeting_move": MANAGERS,
    "meeting_leader": MANAGERS,
    # People running the meeting adapt its agenda; anyone who sees the meeting may print it.
    "meeting_agenda": MANAGERS,
    "meeting_agenda_adapt": MANAGERS,
    # An item's address answers a GET by going back to the agenda page.
    "agenda_item": MANAGERS,
    "agenda_item_up": MANAGERS,
    "agenda_item_down": MANAGERS,
    "agenda_item_remove": MANAGERS,
    "meeting_agenda_print": EVERYONE,
    "agenda_templates": {"admin"},
    "agenda_template_new": {"admin"},
    "agenda_template_default": {"admin"},
    "agenda_template_edit": {"admin"},
    # Only a member of a group that shares leading offers to lead.
    "group_willing_to_lead": {"participant"},
}
POST_ONLY: set[str] = {
    "meeting_cancel",
    "meeting_restore",
    "meeting_leader",
    "group_willing_to_lead",
    "meeting_agenda_adapt",
    "agenda_item_up",
    "agenda_item_down",
    "agenda_item_remove",
    "agenda_template_new",
    "agenda_template_default",
}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]], rotate_leader=True)
    join_group(group, people["participant"])
    meeting = make_meeting(group)
    ObserverAssignment.objects.create(
        organization=organization, meeting=meeting, observer=people["observer"]
    )
    item = ensure_agenda(meeting)[1]
    template = AgendaTemplate.objects.create(organization=organization, name="Short", items=[])
    return {
        "meeting_id": meeting.pk,
        "group_id": group.pk,
        "item_id": item.pk,
        "template_id": template.pk,
    }
