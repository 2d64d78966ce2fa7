"""Who may say when they could come, and see the planning assistant
(see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.groups.models import Availability
from circles.testing.fixtures import join_group, make_group

STAFF = {"admin", "supervisor", "specialist"}

ALLOWED: dict[str, set[str]] = {
    # Members of the group tell when they could come; staff look (the specialist facilitates).
    "group_availability": {*STAFF, "participant"},
    # Facilitators and admins add and remove people who are interested.
    "group_availability_interested": {"admin", "specialist"},
    "group_availability_remove": {"admin", "specialist"},
    # Suggestions: the group's facilitators, admins and supervisors.
    "group_assistant": STAFF,
}
POST_ONLY: set[str] = {"group_availability_interested", "group_availability_remove"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]])
    join_group(group, people["participant"])
    interested = Availability.objects.create(
        organization=organization, group=group, label="J.", slots=["tue-evening"]
    )
    return {"group_id": group.pk, "availability_id": interested.pk}
