"""Who may open the venue pages and the planning assistant (see accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.groups.models import GroupMembership, SupportGroup
from circles.testing.fixtures import join_group, make_group, make_venue

STAFF = {"admin", "supervisor", "specialist"}

ALLOWED: dict[str, set[str]] = {
    "venue_list": STAFF,
    "venue_create": {"admin"},
    "venue_edit": {"admin"},
    # Members of the group tell when they could come; staff look (the specialist facilitates).
    "group_availability": {*STAFF, "participant"},
    # Suggestions: the group's facilitators, admins and supervisors.
    "group_assistant": STAFF,
}
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    venue = make_venue(organization, name="Access-table room", availability=["tue-evening"])
    # Other tables also name a "group_id"; reuse theirs when it fits (facilitated by the
    # specialist, the participant a member) so every table's ids point at one group.
    group = (
        SupportGroup.objects.for_org(organization)
        .filter(
            facilitators=people["specialist"],
            memberships__user=people["participant"],
            memberships__status=GroupMembership.Status.MEMBER,
        )
        .order_by("-pk")
        .first()
    )
    if group is None:
        group = make_group(organization, facilitators=[people["specialist"]])
        join_group(group, people["participant"])
    return {"venue_id": venue.pk, "group_id": group.pk}
