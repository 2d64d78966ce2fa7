"""Who may open the calendar pages under /o/<slug>/ (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}

ALLOWED: dict[str, set[str]] = {
    "calendar_settings": EVERYONE,
    "calendar_reset": EVERYONE,
}
POST_ONLY = {"calendar_reset"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    # Both pages are about the signed-in person's own calendar: no object ids.
    return {}
