"""Who may open the pages for planning a group (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.testing.fixtures import join_group, make_group

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}

ALLOWED: dict[str, set[str]] = {
    "group_list": EVERYONE,
    "group_create": {"admin", "specialist"},
    # Staff, the group's facilitator (specialist) and its member (participant).
    "group_detail": {"admin", "supervisor", "specialist", "participant"},
    "group_edit": {"admin", "specialist"},
    "group_exceptions": {"admin", "specialist"},
}
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]])
    join_group(group, people["participant"])
    return {"group_id": group.pk}
