"""Who may open the membership pages of a group (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.testing.fixtures import join_group, make_group

ALLOWED: dict[str, set[str]] = {
    # The group's facilitator (specialist) and admins.
    "group_members": {"admin", "specialist"},
    "group_member_accept": {"admin", "specialist"},
    "group_member_decline": {"admin", "specialist"},
    # Only a member can leave: the participant here.
    "leave_group": {"participant"},
    # Staff see the group; of the rest, only its members.
    "group_people": {"admin", "supervisor", "specialist", "participant"},
}
POST_ONLY = {"group_member_accept", "group_member_decline", "leave_group"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]], is_open=False)
    join_group(group, people["participant"])
    waiting = join_group(group, people["participant2"], status="requested")
    return {"group_id": group.pk, "group_membership_id": waiting.pk}
