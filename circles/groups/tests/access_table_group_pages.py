"""Who may open a group's own pages (see circles/accounts/tests/test_access.py)."""

import datetime
from typing import Any

from circles.accounts.models import Organization
from circles.groups.models import ScheduleException
from circles.testing.fixtures import join_group, make_group

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}

ALLOWED: dict[str, set[str]] = {
    "group_list": EVERYONE,
    "group_create": {"admin", "specialist"},
    # Staff, the group's facilitator (specialist) and its member (participant).
    "group_detail": {"admin", "supervisor", "specialist", "participant"},
    "group_edit": {"admin", "specialist"},
    "group_exceptions": {"admin", "specialist"},
    "group_exception_remove": {"admin", "specialist"},
}
POST_ONLY: set[str] = {"group_exception_remove"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]])
    join_group(group, people["participant"])
    # A Tuesday the weekly Tuesday group does not meet.
    exception = ScheduleException.objects.create(
        organization=organization, group=group, date=datetime.date(2099, 1, 6)
    )
    return {"group_id": group.pk, "exception_id": exception.pk}
